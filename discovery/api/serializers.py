"""Request and response shapes of the reference-discovery API; shape only, rules live in services."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from annotations.api.editorial_serializers import CleanCharField, SourceSerializer
from annotations.models import Stance
from discovery.models import ReferenceSearch, ReferenceSuggestion, SearchState, SuggestionState
from discovery.providers import PROVIDER_CLASSES, label_of


class ReferenceSearchSerializer(serializers.ModelSerializer[ReferenceSearch]):
    provider_label = serializers.SerializerMethodField(help_text='The provider as people call it ("Wikipedia").')
    state = serializers.ChoiceField(
        choices=SearchState.choices, read_only=True, help_text="pending and searching: still at work."
    )

    class Meta:
        model = ReferenceSearch
        fields = [
            "provider",
            "provider_label",
            "state",
            "message",
            "query",
            "attempts",
            "result_count",
            "requested_at",
            "finished_at",
            "next_attempt_at",
        ]
        read_only_fields = fields

    def get_provider_label(self, search: ReferenceSearch) -> str:
        return label_of(search.provider)


class ReferenceSuggestionSerializer(serializers.ModelSerializer[ReferenceSuggestion]):
    url = serializers.CharField(read_only=True, help_text="The reference's url.")
    found_by = serializers.DictField(
        child=serializers.FloatField(), read_only=True, help_text="{provider: score} of every provider that found it."
    )
    state = serializers.ChoiceField(choices=SuggestionState.choices, read_only=True)

    class Meta:
        model = ReferenceSuggestion
        fields = [
            "id",
            "claim",
            "url",
            "provider",
            "found_by",
            "title",
            "snippet",
            "score",
            "published_at",
            "publisher",
            "textual_rating",
            "state",
            "source",
            "decided_by",
            "decided_at",
            "created_at",
        ]
        read_only_fields = fields


class ClaimDiscoverySerializer(serializers.Serializer[Any]):
    claim = serializers.IntegerField(source="claim.pk", read_only=True)
    searching = serializers.BooleanField(read_only=True, help_text="True while any provider is still at work.")
    searches = ReferenceSearchSerializer(many=True, read_only=True)
    suggestions = ReferenceSuggestionSerializer(many=True, read_only=True)


class SuggestionListQuerySerializer(serializers.Serializer[Any]):
    state = serializers.MultipleChoiceField(
        choices=SuggestionState.choices,
        required=False,
        help_text="Repeatable; default suggested and attached (dismissed ones are hidden).",
    )


class RefreshSerializer(serializers.Serializer[Any]):
    providers = serializers.ListField(
        child=serializers.ChoiceField(choices=sorted(PROVIDER_CLASSES)),
        required=False,
        allow_empty=False,
        help_text="Search only with these providers (default: every enabled one).",
    )


class AttachSerializer(serializers.Serializer[Any]):
    stance = serializers.ChoiceField(choices=Stance.choices, default=Stance.SUPPORTS)
    note = CleanCharField(required=False, allow_blank=True, default="")


class AttachResultSerializer(serializers.Serializer[Any]):
    suggestion = ReferenceSuggestionSerializer(read_only=True)
    source = SourceSerializer(read_only=True)  # type: ignore[assignment]
