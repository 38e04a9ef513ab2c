"""Reference discovery tables: one search row per claim and provider, and the suggestions they found."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class SearchState(models.TextChoices):
    PENDING = "pending", "Waiting"
    SEARCHING = "searching", "Searching"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


# States in which a provider is still at work for the claim (the UI shows a spinner).
OPEN_SEARCH_STATES = frozenset({SearchState.PENDING, SearchState.SEARCHING})


class ReferenceSearch(models.Model):
    """The latest search of one provider for one claim: its state, and what went wrong in words."""

    claim = models.ForeignKey("annotations.Claim", on_delete=models.CASCADE, related_name="reference_searches")
    provider = models.CharField(max_length=32, help_text="Provider name (library, fact_checks, wikipedia, ...).")
    state = models.CharField(
        max_length=16, choices=SearchState.choices, default=SearchState.PENDING, help_text="Progress of the search."
    )
    generation = models.PositiveIntegerField(
        default=1, help_text="Bumped by every new search request; a task for an older generation does nothing."
    )
    query = models.TextField(blank=True, help_text="The query sent to the provider.")
    message = models.TextField(blank=True, help_text='What went wrong, in words ("Wikipedia: timed out after 10 s").')
    attempts = models.PositiveIntegerField(default=0, help_text="Attempts of the current search so far.")
    result_count = models.PositiveIntegerField(default=0, help_text="Results the last finished search returned.")
    requested_at = models.DateTimeField(help_text="When the current search was asked for.")
    finished_at = models.DateTimeField(null=True, blank=True, help_text="When the current search ended.")
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="When the open search is due; the sweep re-enqueues overdue ones."
    )

    class Meta:
        ordering = ["claim_id", "provider"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "provider"], name="reference_search_unique_per_provider"),
            models.CheckConstraint(condition=Q(state__in=SearchState.values), name="reference_search_state_valid"),
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.provider} for claim {self.claim_id}: {self.state}"


class SuggestionState(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    ATTACHED = "attached", "Attached"
    DISMISSED = "dismissed", "Dismissed"


class ReferenceSuggestion(models.Model):
    """A reference a provider found for a claim; one row per normalised url, whichever providers found it."""

    claim = models.ForeignKey("annotations.Claim", on_delete=models.CASCADE, related_name="reference_suggestions")
    url = models.URLField(max_length=2000, help_text="The reference as the best-scoring provider gave it.")
    url_key = models.CharField(max_length=64, help_text="sha256 of the normalised url: the de-duplication key.")
    provider = models.CharField(max_length=32, help_text="The provider whose result scored best.")
    found_by = models.JSONField(default=dict, help_text="{provider: score} for every provider that found it.")
    title = models.CharField(max_length=1000, blank=True, help_text="Title of the page or fact-check.")
    snippet = models.TextField(blank=True, help_text="The passage or summary that matched the claim.")
    score = models.FloatField(default=0.0, help_text="Relevance from 0 to 1; the list is ranked by it.")
    published_at = models.DateTimeField(null=True, blank=True, help_text="Date of the page or review, if known.")
    publisher = models.CharField(max_length=300, blank=True, help_text="Publisher (fact-checks: the reviewer).")
    textual_rating = models.CharField(max_length=300, blank=True, help_text="A fact-check's rating in words.")
    state = models.CharField(
        max_length=16,
        choices=SuggestionState.choices,
        default=SuggestionState.SUGGESTED,
        help_text="Attached and dismissed suggestions stay so when the search runs again.",
    )
    source = models.ForeignKey(
        "annotations.Source",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The source made from it, once attached.",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True, help_text="When it was attached or dismissed.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["claim_id", "-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "url_key"], name="reference_suggestion_unique_url"),
            models.CheckConstraint(
                condition=Q(state__in=SuggestionState.values), name="reference_suggestion_state_valid"
            ),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=1), name="reference_suggestion_score"),
        ]

    def __str__(self) -> str:
        return self.title or self.url
