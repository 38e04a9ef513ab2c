"""Django admin for suggestions and matches: read-only, since every write goes through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from suggestions.models import ClaimMatch, Suggestion


class _ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Suggestion)
class SuggestionAdmin(_ReadOnly):
    list_display = ["id", "article", "type", "quote_exact", "score", "state", "decided_by", "decided_at"]
    list_filter = ["type", "state"]
    search_fields = ["quote_exact", "article__title"]
    list_select_related = ["article", "decided_by"]
    raw_id_fields = ["article", "revision", "claim", "decided_by"]


@admin.register(ClaimMatch)
class ClaimMatchAdmin(_ReadOnly):
    list_display = ["id", "claim", "matched", "score", "created_at", "rejected_by", "rejected_at"]
    list_filter = [("rejected_at", admin.EmptyFieldListFilter)]
    list_select_related = ["claim", "matched", "rejected_by"]
    raw_id_fields = ["claim", "matched", "rejected_by"]
