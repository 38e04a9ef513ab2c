"""Django admin for reference discovery: read-only; workers and editors (through the API) write these rows."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from discovery.models import ReferenceSearch, ReferenceSuggestion


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ReferenceSearch)
class ReferenceSearchAdmin(ReadOnlyAdmin):
    list_display = ("claim", "provider", "state", "message", "result_count", "attempts", "requested_at")
    list_filter = ("provider", "state")
    search_fields = ("message", "query")
    raw_id_fields = ("claim",)


@admin.register(ReferenceSuggestion)
class ReferenceSuggestionAdmin(ReadOnlyAdmin):
    list_display = ("title", "claim", "provider", "score", "state", "url")
    list_filter = ("provider", "state")
    search_fields = ("title", "url", "snippet")
    raw_id_fields = ("claim", "source", "decided_by")
