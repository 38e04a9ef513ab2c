"""Serializers of the public API: the query-string filters in, published fact-checks out (read-only)."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from annotations.models import PUBLIC_CLAIM_STATES, Article, Rating, Source, VerdictVersion, WorkflowEvent
from annotations.public_queries import FactCheck, PublicFilters, PublicSite, http_url, source_url

# A "+" in a query string arrives as a space: "2024-05-01T10:00:00 02:00" meant "+02:00".
_SPACE_FOR_PLUS = re.compile(r" (\d{2}:?\d{2})$")
_BARE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@extend_schema_field(OpenApiTypes.STR)
class DateOrDateTimeField(serializers.Field[datetime.datetime, str, str, Any]):
    """An ISO 8601 date or datetime; a date is taken as a whole day in UTC, a naive time as UTC."""

    default_error_messages = {
        "invalid": "expected an ISO 8601 date (2024-05-01) or datetime (2024-05-01T10:00:00Z), not {value!r}."
    }

    def __init__(self, *, end_of_day: bool = False, **kwargs: Any) -> None:
        # For an upper bound a bare date includes the whole day.
        self.end_of_day = end_of_day
        super().__init__(**kwargs)

    def to_internal_value(self, data: str) -> datetime.datetime:
        text = _SPACE_FOR_PLUS.sub(r"+\1", str(data).strip())
        try:
            # A bare date first: Python's fromisoformat, under parse_datetime, reads it as midnight.
            day = parse_date(text) if _BARE_DATE.match(text) else None
            moment = None if day is not None else parse_datetime(text)
        except ValueError:
            moment = day = None
        if moment is not None:
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, datetime.UTC)
            # Stored times have microseconds; an inclusive bound becomes an exclusive one.
            return moment + datetime.timedelta(microseconds=1) if self.end_of_day else moment
        if day is not None:
            if self.end_of_day:
                day += datetime.timedelta(days=1)
            return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)
        self.fail("invalid", value=str(data)[:64])

    def to_representation(self, value: datetime.datetime) -> str:
        return value.isoformat()


class PublicFilterSerializer(serializers.Serializer[PublicFilters]):
    """The filters of /public/fact-checks/, /public/claim-reviews/ and the exports."""

    rating = serializers.SlugField(required=False, help_text="Rating slug, e.g. `false` or `mostly-true`.")
    since = DateOrDateTimeField(
        required=False, help_text="Only fact-checks last changed at or after this ISO date or datetime."
    )
    until = DateOrDateTimeField(
        required=False,
        end_of_day=True,
        help_text="Only fact-checks last changed at or before this ISO datetime (a date includes the whole day).",
    )
    article_url = serializers.URLField(required=False, max_length=2000, help_text="Exact url of the article.")
    claimant = serializers.CharField(required=False, max_length=300, help_text="Part of the claimant's name.")
    q = serializers.CharField(
        required=False,
        max_length=500,
        help_text='Full-text search of the claim and the verdict (web search syntax: "quoted phrase", -word, or).',
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        since, until = attrs.get("since"), attrs.get("until")
        if since is not None and until is not None and until <= since:
            raise serializers.ValidationError({"until": ["until must not be before since."]})
        return attrs

    def filters(self) -> PublicFilters:
        data = self.validated_data
        return PublicFilters(
            rating=data.get("rating"),
            since=data.get("since"),
            until_before=data.get("until"),
            article_url=data.get("article_url") or None,
            claimant=(data.get("claimant") or "").strip() or None,
            q=(data.get("q") or "").strip() or None,
        )


class PublicArticleSerializer(serializers.Serializer[Article]):
    title = serializers.CharField()
    url = serializers.SerializerMethodField()
    publisher = serializers.CharField(allow_blank=True)
    published_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_url(self, article: Article) -> str | None:
        return http_url(article.url)


class PublicClaimSerializer(serializers.Serializer[FactCheck]):
    text = serializers.CharField(source="claim_sentence", help_text="The claim as a checkable sentence.")
    quote = serializers.CharField(source="claim.quote_exact", help_text="The words marked in the article.")
    claimant = serializers.CharField(source="claim.claimant", allow_blank=True)
    claim_date = serializers.DateField(source="claim.claim_date", allow_null=True)
    article = PublicArticleSerializer()


class PublicRatingSerializer(serializers.Serializer[Rating]):
    # A declared field named "label" shadows Field.label only for the type checker; DRF pops it.
    label = serializers.CharField()  # type: ignore[assignment]
    value = serializers.IntegerField(allow_null=True, help_text="1 (false) to 5 (true); null off the scale.")
    slug = serializers.SlugField()


class PublicVerdictSerializer(serializers.Serializer[VerdictVersion]):
    rating = PublicRatingSerializer(allow_null=True)
    summary = serializers.CharField()
    explanation = serializers.CharField()
    version = serializers.IntegerField(source="number")
    published_at = serializers.DateTimeField()
    correction_note = serializers.CharField(allow_blank=True, help_text="What this version corrected; empty at first.")


class PublicSourceSerializer(serializers.Serializer[Source]):
    url = serializers.SerializerMethodField()
    title = serializers.CharField(allow_blank=True)
    publisher = serializers.CharField(allow_blank=True)
    stance = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_url(self, source: Source) -> str | None:
        return source_url(source)


class PublicFactCheckSerializer(serializers.Serializer[FactCheck]):
    """One published fact-check: the claim, the current published verdict, earlier published versions."""

    id = serializers.IntegerField()
    url = serializers.SerializerMethodField(help_text="The public page of the fact-check.")
    claim = PublicClaimSerializer(source="*")
    verdict = PublicVerdictSerializer()
    versions = PublicVerdictSerializer(
        source="earlier_versions", many=True, help_text="Earlier published versions, newest first."
    )
    sources = PublicSourceSerializer(many=True)
    date_published = serializers.DateTimeField()
    date_modified = serializers.DateTimeField()

    @extend_schema_field(serializers.URLField())
    def get_url(self, fact_check: FactCheck) -> str:
        site: PublicSite = self.context.get("site") or PublicSite.from_settings()
        return site.page_url(fact_check.id)


class CorrectionEntrySerializer(serializers.Serializer[Any]):
    """One entry of the public corrections log."""

    date = serializers.DateTimeField(source="created_at")
    kind = serializers.SerializerMethodField(help_text="correction or unpublication.")
    note = serializers.CharField(source="comment", help_text="The correction note, or the reason for unpublishing.")
    claim_id = serializers.IntegerField()
    claim = serializers.SerializerMethodField(help_text="The checkable sentence the fact-check was about.")
    article_title = serializers.CharField(source="claim.article.title")
    fact_check_url = serializers.SerializerMethodField(help_text="The public page, while the fact-check is public.")

    def get_kind(self, event: WorkflowEvent) -> str:
        return "correction" if event.action == "correct" else "unpublication"

    def get_claim(self, event: WorkflowEvent) -> str:
        return event.claim.claim_text or event.claim.quote_exact

    def get_fact_check_url(self, event: WorkflowEvent) -> str | None:
        if event.claim.state not in PUBLIC_CLAIM_STATES:
            return None
        site: PublicSite = self.context["site"]
        return site.page_url(event.claim_id)
