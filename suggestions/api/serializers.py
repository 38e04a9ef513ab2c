"""Request and response shapes of the suggestions API; shape only, rules live in services."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from annotations.anchoring import Selectors, TextPosition, TextQuote
from annotations.api.editorial_serializers import CleanCharField
from annotations.models import PUBLIC_CLAIM_STATES, ClaimState, Verdict, VerdictVersion
from annotations.public_queries import PublicSite
from suggestions.models import ClaimMatch, Suggestion, SuggestionState


class SuggestionListQuerySerializer(serializers.Serializer[Any]):
    state = serializers.ChoiceField(
        choices=SuggestionState.choices,
        default=SuggestionState.OPEN,
        help_text="open (default): on the current text, best first; accepted or dismissed: the article's memory.",
    )


class MatchListQuerySerializer(serializers.Serializer[Any]):
    rejected = serializers.BooleanField(
        default=False, help_text="false (default): the matches; true: the earlier claims editors said are other claims."
    )


class NumberSerializer(serializers.Serializer[Any]):
    """A quantity stated in the span, normalised; offsets are relative to the span's start."""

    text = serializers.CharField(help_text='As written ("four", "over two decades").')
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    kind = serializers.CharField(help_text="count, percent, money, duration, year or date.")
    value = serializers.FloatField(help_text="4 for four, 20 for two decades (years), 1200000 for 1.2 million.")
    unit = serializers.CharField(
        allow_null=True, help_text="percent, a currency code, a time unit, or what is counted."
    )
    counted = serializers.CharField(allow_null=True, help_text='What a count counts ("ships"), when it can be told.')
    qualifier = serializers.CharField(help_text="exact, over, at_least, under, at_most, about or range.")
    low = serializers.FloatField(allow_null=True)
    high = serializers.FloatField(allow_null=True)


class SuggestionSerializer(serializers.ModelSerializer[Suggestion]):
    selectors = serializers.SerializerMethodField(help_text="W3C TextPositionSelector and TextQuoteSelector.")
    revision = serializers.IntegerField(
        source="revision_number", read_only=True, help_text="Revision of the article the selectors point into."
    )
    numbers = NumberSerializer(many=True, read_only=True)

    class Meta:
        model = Suggestion
        fields = [
            "id",
            "article",
            "revision",
            "selectors",
            "type",
            "score",
            "reason",
            "numbers",
            "state",
            "claim",
            "decided_by",
            "decided_at",
            "created_at",
        ]
        read_only_fields = fields

    def get_selectors(self, suggestion: Suggestion) -> list[dict[str, Any]]:
        return Selectors(
            TextPosition(suggestion.position_start, suggestion.position_end),
            TextQuote(suggestion.quote_exact, suggestion.quote_prefix, suggestion.quote_suffix),
        ).to_w3c()


class SuggestionAcceptSerializer(serializers.Serializer[Any]):
    claim_text = CleanCharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="The checkable sentence; by default the sentence that holds the span.",
    )
    claimant = CleanCharField(max_length=300, required=False, allow_blank=True, default="")


def _shown_version(match: ClaimMatch) -> VerdictVersion | None:
    """The verdict readers see for a public fact-check, else the editors' current version."""
    matched = match.matched
    # A claim without a verdict has no `verdict` attribute (select_related left it empty).
    verdict: Verdict | None = getattr(matched, "verdict", None)
    if verdict is None:
        return None
    if matched.state in PUBLIC_CLAIM_STATES:
        published: list[VerdictVersion] = getattr(verdict, "published_versions", [])
        return published[0] if published else None
    return verdict.current_version


class DifferencesSerializer(serializers.Serializer[Any]):
    only_here = serializers.ListField(
        child=serializers.CharField(), help_text="Figures and words of this claim that the earlier one lacks."
    )
    only_there = serializers.ListField(
        child=serializers.CharField(), help_text="Figures and words of the earlier claim that this one lacks."
    )


class ClaimMatchSerializer(serializers.Serializer[Any]):
    """A match; `context["differences"]` maps the earlier claim's id to what the two say apart."""

    claim = serializers.IntegerField(source="matched_id", help_text="The earlier claim's id.")
    article = serializers.IntegerField(source="matched.article_id")
    article_title = serializers.CharField(source="matched.article.title")
    quote = serializers.CharField(source="matched.quote_exact", help_text="The earlier claim's quoted text.")
    claim_text = serializers.CharField(source="matched.claim_text")
    score = serializers.FloatField(help_text="Similarity 0..1: shared words and agreeing numbers.")
    state = serializers.ChoiceField(choices=ClaimState.choices, source="matched.state")
    checked_before = serializers.SerializerMethodField(help_text="The earlier claim is a published fact-check.")
    rating = serializers.SerializerMethodField(help_text="Rating slug: the published one for fact-checks.")
    rating_label = serializers.SerializerMethodField()
    public_url = serializers.SerializerMethodField(help_text="The public fact-check page, when published.")
    differences = serializers.SerializerMethodField(help_text="What each claim says that the other does not.")
    rejected_at = serializers.DateTimeField(
        allow_null=True, help_text="When an editor said the earlier claim is another claim; null for a match."
    )
    rejected_by = serializers.IntegerField(source="rejected_by_id", allow_null=True)

    def get_checked_before(self, match: ClaimMatch) -> bool:
        return match.matched.state in PUBLIC_CLAIM_STATES

    def get_rating(self, match: ClaimMatch) -> str | None:
        version = _shown_version(match)
        return version.rating.slug if version is not None and version.rating is not None else None

    def get_rating_label(self, match: ClaimMatch) -> str | None:
        version = _shown_version(match)
        return version.rating.label if version is not None and version.rating is not None else None

    @extend_schema_field(DifferencesSerializer)
    def get_differences(self, match: ClaimMatch) -> dict[str, Any]:
        return DifferencesSerializer(self.context["differences"][match.matched_id]).data

    def get_public_url(self, match: ClaimMatch) -> str | None:
        if match.matched.state not in PUBLIC_CLAIM_STATES:
            return None
        return PublicSite.from_settings().page_url(match.matched_id)
