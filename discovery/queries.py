"""Reads of reference discovery: a claim's searches and ranked suggestions, in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from annotations.models import Claim
from discovery.models import OPEN_SEARCH_STATES, ReferenceSearch, ReferenceSuggestion, SuggestionState

# What the list shows unless asked: dismissed suggestions are hidden, not forgotten.
DEFAULT_STATES = (SuggestionState.SUGGESTED, SuggestionState.ATTACHED)


@dataclass(frozen=True)
class ClaimDiscovery:
    """The live state of discovery for a claim: each provider's search, and the suggestions ranked best first."""

    claim: Claim
    searches: list[ReferenceSearch]
    suggestions: list[ReferenceSuggestion]

    @property
    def searching(self) -> bool:
        return any(search.state in OPEN_SEARCH_STATES for search in self.searches)


def suggestions_for_api() -> QuerySet[ReferenceSuggestion]:
    return ReferenceSuggestion.objects.order_by("-score", "id")


def claim_discovery(*, claim: Claim, states: Iterable[str] = DEFAULT_STATES) -> ClaimDiscovery:
    """Two queries whatever the number of providers and suggestions."""
    return ClaimDiscovery(
        claim=claim,
        searches=list(ReferenceSearch.objects.filter(claim=claim).order_by("provider")),
        suggestions=list(suggestions_for_api().filter(claim=claim, state__in=list(states))),
    )
