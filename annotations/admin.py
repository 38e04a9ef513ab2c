"""Django admin for the domain: searchable, filterable, with read-only history."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from accounts.models import User
from annotations import fetching, services
from annotations.models import (
    Article,
    ArticleImport,
    ArticleRevision,
    AuditEntry,
    Claim,
    Comment,
    Rating,
    Source,
    Verdict,
    VerdictVersion,
    WorkflowEvent,
)


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    """History rows are shown, never edited or deleted, from the admin."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RevisionInline(ReadOnlyInline):
    model = ArticleRevision
    fields = ("number", "created_by", "created_at")
    readonly_fields = fields


class ClaimInline(ReadOnlyInline):
    model = Claim
    fields = ("quote_exact", "claim_text", "state", "anchoring_state", "needs_review")
    readonly_fields = fields


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "publisher", "published_at", "language", "created_at")
    list_filter = ("language", "publisher")
    search_fields = ("title", "url", "publisher", "author")
    date_hierarchy = "created_at"
    # Body edits go through the API/annotator so that claims are re-anchored.
    readonly_fields = ("current_revision", "created_by", "created_at", "updated_at")
    inlines = [RevisionInline, ClaimInline]


@admin.register(ArticleRevision)
class ArticleRevisionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("article", "number", "created_by", "created_at")
    search_fields = ("article__title",)
    list_select_related = ("article", "created_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SourceInline(ReadOnlyInline):
    """Shown here; added and edited on the source's own page, where a new url is fetched."""

    model = Source
    fields = ("url", "stance", "fetch_state", "fetch_error", "title", "link_status")
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = WorkflowEvent
    fields = ("created_at", "actor", "action", "from_state", "to_state", "comment")
    readonly_fields = fields


class CommentInline(ReadOnlyInline):
    model = Comment
    fields = ("created_at", "author", "body")
    readonly_fields = fields


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("__str__", "article", "state", "anchoring_state", "needs_review", "assignee", "updated_at")
    list_filter = ("state", "anchoring_state", "needs_review")
    search_fields = ("claim_text", "quote_exact", "claimant", "article__title")
    list_select_related = ("article", "assignee")
    autocomplete_fields = ("assignee",)
    # Spans and states change through services (anchoring, workflow), never by hand.
    readonly_fields = (
        "article",
        "revision",
        "position_start",
        "position_end",
        "quote_exact",
        "quote_prefix",
        "quote_suffix",
        "state",
        "anchoring_state",
        "created_by",
        "created_at",
        "updated_at",
    )
    inlines = [SourceInline, EventInline, CommentInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("url", "claim", "stance", "fetch_state", "http_status", "fetched_at", "attempts", "link_status")
    list_filter = ("stance", "fetch_state", "numbers_agreement", "link_status")
    search_fields = ("url", "final_url", "title", "publisher", "note")
    list_select_related = ("claim",)
    raw_id_fields = ("claim",)
    actions = ["fetch_again"]
    readonly_fields = (
        "added_by",
        "fetch_generation",
        "next_attempt_at",
        "content_type",
        "stored_copy",
        "passages",
        "numbers_agreement",
        "link_status",
        "link_checked_at",
        "link_error",
        "fetch_state",
        "fetch_error",
        "attempts",
        "fetched_at",
        "final_url",
        "canonical_url",
        "http_status",
        "title",
        "publisher",
        "author",
        "published_at",
        "extracted_text",
        "content_sha256",
        "passage_text",
        "passage_start",
        "passage_end",
        "passage_score",
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The claim a source belongs to is chosen once.
        return (*self.readonly_fields, "claim") if obj is not None else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: Source, form: Any, change: bool) -> None:
        """Through the services, so that the change is audited and a new url is fetched."""
        actor = request.user if isinstance(request.user, User) else None
        if change:
            changes = {f: form.cleaned_data[f] for f in form.changed_data if f in ("url", "stance", "note")}
            services.source_update(source=obj, changes=changes, actor=actor)
        else:
            created = services.source_add(
                claim=obj.claim, url=obj.url, stance=obj.stance, note=obj.note, added_by=actor
            )
            obj.pk = created.pk

    @admin.action(description="Fetch the selected sources again")
    def fetch_again(self, request: HttpRequest, queryset: Any) -> None:
        for source in queryset:
            fetching.source_request_fetch(source=source)
        self.message_user(request, f"{queryset.count()} source(s) will be fetched again.")


@admin.register(ArticleImport)
class ArticleImportAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("url", "state", "attempts", "article", "requested_by", "created_at")
    list_filter = ("state",)
    search_fields = ("url", "error")
    readonly_fields = (
        "url", "state", "error", "attempts", "next_attempt_at", "stored_copy", "content_type", "final_url",
        "article", "requested_by", "created_at", "updated_at",
    )  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("label", "slug", "value", "order", "is_active")
    list_editable = ("order", "is_active")
    prepopulated_fields = {"slug": ("label",)}


class VerdictVersionInline(ReadOnlyInline):
    model = VerdictVersion
    fields = ("number", "rating", "summary", "author", "created_at", "published_at", "correction_note")
    readonly_fields = fields


@admin.register(Verdict)
class VerdictAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("claim", "current_version", "created_at")
    search_fields = ("claim__claim_text", "claim__quote_exact")
    list_select_related = ("claim", "current_version")
    readonly_fields = ("claim", "current_version", "created_at")
    inlines = [VerdictVersionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Append-only: viewable, never changed or deleted."""

    list_display = ("created_at", "claim", "actor", "action", "from_state", "to_state")
    list_filter = ("action", "to_state")
    search_fields = ("comment", "claim__claim_text", "actor__username")
    list_select_related = ("claim", "actor")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("created_at", "claim", "author")
    search_fields = ("body", "author__username")
    list_select_related = ("claim", "author")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The audit trail: searchable, never changed or deleted."""

    list_display = ("created_at", "actor", "action", "object_type", "object_id", "claim_id", "article_id")
    list_filter = ("action", "object_type")
    search_fields = ("actor__username", "=object_id", "=claim_id", "=article_id")
    list_select_related = ("actor",)
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
