"""Request and response shapes of the editorial API; validation of shape only, rules live in services."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from accounts.models import User
from annotations.anchoring import Selectors, TextPosition, TextQuote
from annotations.models import (
    Article,
    ArticleImport,
    AuditEntry,
    Claim,
    ClaimState,
    Comment,
    LinkStatus,
    NumbersAgreement,
    Rating,
    Source,
    Stance,
    VerdictVersion,
    WorkflowEvent,
)

NO_NUL = "\x00"


class CleanCharField(serializers.CharField):
    """A CharField that refuses NUL, which PostgreSQL cannot store, with a reason."""

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        if NO_NUL in value:
            raise serializers.ValidationError("may not contain a NUL character.")
        return value


class CleanSlugRelatedField(serializers.SlugRelatedField[Any]):
    """A SlugRelatedField that refuses NUL before the lookup, which PostgreSQL would fail with a 500."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and NO_NUL in data:
            raise serializers.ValidationError("may not contain a NUL character.")
        return super().to_internal_value(data)


# --- Articles -----------------------------------------------------------------------------


class ArticleCreateSerializer(serializers.Serializer[Any]):
    title = CleanCharField(max_length=500)
    body = CleanCharField(trim_whitespace=False, help_text="Plain text; stored as NFC with \\n line ends.")
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True, default="")
    publisher = CleanCharField(max_length=300, required=False, allow_blank=True, default="")
    author = CleanCharField(max_length=300, required=False, allow_blank=True, default="")
    published_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    language = CleanCharField(max_length=16, required=False, default="en")


class ArticleImportRequestSerializer(serializers.Serializer[Any]):
    url = serializers.URLField(max_length=2000, help_text="A page to fetch and import as an article.")

    def validate_url(self, value: str) -> str:
        if not value.lower().startswith(("http://", "https://")):
            raise serializers.ValidationError("only http and https urls can be imported.")
        return value


class ArticleImportSerializer(serializers.ModelSerializer[ArticleImport]):
    class Meta:
        model = ArticleImport
        fields = ["id", "url", "state", "error", "attempts", "article", "created_at", "updated_at"]
        read_only_fields = fields


class ArticleUpdateSerializer(serializers.Serializer[Any]):
    """All optional: a new body makes a revision and re-anchors the claims."""

    title = CleanCharField(max_length=500, required=False)
    body = CleanCharField(trim_whitespace=False, required=False)
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True)
    publisher = CleanCharField(max_length=300, required=False, allow_blank=True)
    author = CleanCharField(max_length=300, required=False, allow_blank=True)
    published_at = serializers.DateTimeField(required=False, allow_null=True)
    language = CleanCharField(max_length=16, required=False)


class ArticleListSerializer(serializers.ModelSerializer[Article]):
    # May be empty, which is not a valid "uri" in the schema.
    url = serializers.CharField(read_only=True, help_text="Where the article was published (may be empty).")
    revision = serializers.IntegerField(source="current_revision.number", read_only=True)
    claim_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "url",
            "publisher",
            "author",
            "published_at",
            "language",
            "revision",
            "claim_count",
            "created_at",
            "updated_at",
        ]


class ArticleDetailSerializer(ArticleListSerializer):
    body = serializers.CharField(source="current_revision.body", read_only=True)

    class Meta(ArticleListSerializer.Meta):
        fields = [*ArticleListSerializer.Meta.fields, "body"]


# --- Claims -------------------------------------------------------------------------------


class SelectorInputSerializer(serializers.Serializer[Any]):
    """Either {start, end} (code points) or {exact, prefix?, suffix?}."""

    start = serializers.IntegerField(required=False, help_text="Code point offset where the claim starts.")
    end = serializers.IntegerField(required=False, help_text="Code point offset where the claim ends (exclusive).")
    exact = CleanCharField(required=False, trim_whitespace=False, help_text="The quoted text of the claim.")
    prefix = CleanCharField(required=False, trim_whitespace=False, allow_blank=True, default="")
    suffix = CleanCharField(required=False, trim_whitespace=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        has_position = "start" in attrs or "end" in attrs
        if has_position and "exact" in attrs:
            raise serializers.ValidationError("give either start and end, or exact, not both.")
        if has_position and not ("start" in attrs and "end" in attrs):
            raise serializers.ValidationError("start and end go together.")
        if not has_position and "exact" not in attrs:
            raise serializers.ValidationError("give either start and end, or exact (with optional prefix and suffix).")
        return attrs


class ClaimWriteSerializer(serializers.Serializer[Any]):
    claim_text = CleanCharField(required=False, allow_blank=True, help_text="The claim as a checkable sentence.")
    claimant = CleanCharField(max_length=300, required=False, allow_blank=True)
    claim_date = serializers.DateField(required=False, allow_null=True)
    tags = serializers.ListField(child=CleanCharField(max_length=64), required=False, max_length=50)
    assignee = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True)


class ClaimCreateSerializer(ClaimWriteSerializer):
    selector = SelectorInputSerializer()


def _w3c_selectors(claim: Claim) -> list[dict[str, Any]]:
    return Selectors(
        TextPosition(claim.position_start, claim.position_end),
        TextQuote(claim.quote_exact, claim.quote_prefix, claim.quote_suffix),
    ).to_w3c()


class ClaimSerializer(serializers.ModelSerializer[Claim]):
    selectors = serializers.SerializerMethodField(help_text="W3C TextPositionSelector and TextQuoteSelector.")
    revision = serializers.IntegerField(
        source="revision_number", read_only=True, help_text="Revision of the article the selectors point into."
    )
    rating: serializers.SlugRelatedField[Rating] = serializers.SlugRelatedField(
        source="verdict.current_version.rating",
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="Slug of the current verdict's rating, if any.",
    )
    verdict_version = serializers.IntegerField(
        source="verdict.current_version.number",
        read_only=True,
        allow_null=True,
        help_text="Number of the current verdict version; null while the claim has no verdict.",
    )

    class Meta:
        model = Claim
        fields = [
            "id",
            "article",
            "revision",
            "selectors",
            "anchoring_state",
            "needs_review",
            "claim_text",
            "claimant",
            "claim_date",
            "tags",
            "assignee",
            "state",
            "rating",
            "verdict_version",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_selectors(self, claim: Claim) -> list[dict[str, Any]]:
        return _w3c_selectors(claim)


# --- Sources ------------------------------------------------------------------------------


class SourceCreateSerializer(serializers.Serializer[Any]):
    url = serializers.URLField(max_length=2000)
    stance = serializers.ChoiceField(choices=Stance.choices)
    note = CleanCharField(required=False, allow_blank=True, default="")

    def validate_url(self, value: str) -> str:
        if not value.lower().startswith(("http://", "https://")):
            raise serializers.ValidationError("only http and https urls can be sources.")
        return value


class SourceUpdateSerializer(serializers.Serializer[Any]):
    validate_url = SourceCreateSerializer.validate_url

    url = serializers.URLField(max_length=2000, required=False, help_text="A new url is fetched again.")
    stance = serializers.ChoiceField(choices=Stance.choices, required=False)
    note = CleanCharField(required=False, allow_blank=True)


class SourceSerializer(serializers.ModelSerializer[Source]):
    final_url = serializers.CharField(read_only=True, help_text="URL after redirects (empty until fetched).")
    canonical_url = serializers.CharField(read_only=True, help_text="The page's canonical URL, if it names one.")
    numbers_agreement = serializers.ChoiceField(
        choices=NumbersAgreement.choices, allow_blank=True, read_only=True, help_text="Empty until fetched."
    )
    link_status = serializers.ChoiceField(
        choices=LinkStatus.choices, allow_blank=True, read_only=True, help_text="Empty until first checked."
    )

    class Meta:
        model = Source
        fields = [
            "id",
            "claim",
            "url",
            "stance",
            "note",
            "added_by",
            "created_at",
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
            "content_sha256",
            "passage_text",
            "passage_start",
            "passage_end",
            "passage_score",
            "passages",
            "numbers_agreement",
            "content_type",
            "next_attempt_at",
            "link_status",
            "link_checked_at",
            "link_error",
        ]
        read_only_fields = fields


# --- Verdicts, history, comments, ratings ---------------------------------------------------


class RatingSerializer(serializers.ModelSerializer[Rating]):
    class Meta:
        model = Rating
        fields = ["slug", "label", "value", "description", "order", "is_active"]


class VerdictWriteSerializer(serializers.Serializer[Any]):
    rating = CleanSlugRelatedField(slug_field="slug", queryset=Rating.objects.filter(is_active=True), allow_null=True)
    summary = CleanCharField(max_length=300, allow_blank=True)
    explanation = CleanCharField(allow_blank=True, trim_whitespace=False)
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text="The version this edit is based on (or send If-Match); omit for the first version.",
    )


class VerdictVersionSerializer(serializers.ModelSerializer[VerdictVersion]):
    version = serializers.IntegerField(source="number", read_only=True)
    rating = RatingSerializer(read_only=True, allow_null=True)

    class Meta:
        model = VerdictVersion
        fields = [
            "version",
            "rating",
            "summary",
            "explanation",
            "author",
            "created_at",
            "published_at",
            "correction_note",
        ]
        read_only_fields = fields


class WorkflowEventSerializer(serializers.ModelSerializer[WorkflowEvent]):
    class Meta:
        model = WorkflowEvent
        fields = ["id", "action", "from_state", "to_state", "actor", "comment", "created_at"]
        read_only_fields = fields


class TransitionSerializer(serializers.Serializer[Any]):
    action = serializers.CharField(help_text="submit, request_changes, approve, publish or unpublish.")
    comment = CleanCharField(required=False, allow_blank=True, default="")


class AvailableTransitionSerializer(serializers.Serializer[Any]):
    action = serializers.CharField(help_text="What to POST as `action`.")
    verb = serializers.CharField(help_text='The action in words, e.g. "request changes".')
    comment_required = serializers.BooleanField(help_text="Whether a comment (a reason, a correction note) is needed.")


class TransitionResultSerializer(serializers.Serializer[Any]):
    state = serializers.ChoiceField(choices=ClaimState.choices)
    event = WorkflowEventSerializer()


class AuditEntrySerializer(serializers.ModelSerializer[AuditEntry]):
    actor: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = AuditEntry
        fields = ["id", "created_at", "actor", "action", "object_type", "object_id", "changes"]
        read_only_fields = fields


class HistorySerializer(serializers.Serializer[Any]):
    events = WorkflowEventSerializer(many=True)
    verdict_versions = VerdictVersionSerializer(many=True)
    audit = AuditEntrySerializer(many=True, help_text="Who created, changed or deleted what, and when.")


class CommentCreateSerializer(serializers.Serializer[Any]):
    body = CleanCharField(max_length=10000)


class CommentSerializer(serializers.ModelSerializer[Comment]):
    class Meta:
        model = Comment
        fields = ["id", "claim", "author", "body", "created_at"]
        read_only_fields = fields
