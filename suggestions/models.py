"""Suggestion and match tables: fields, constraints and indexes only; every write lives in services."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from annotations.models import Article, ArticleRevision, Claim


class SuggestionType(models.TextChoices):
    COUNT = "count", "Count"
    PERCENT = "percent", "Percentage"
    MONEY = "money", "Money"
    DATE = "date", "Date"
    DURATION = "duration", "Duration"
    COMPARISON = "comparison", "Comparison"
    ATTRIBUTION = "attribution", "Attributed statement"


class SuggestionState(models.TextChoices):
    OPEN = "open", "Open"
    ACCEPTED = "accepted", "Accepted"
    DISMISSED = "dismissed", "Dismissed"


class Suggestion(models.Model):
    """A span the detector proposes as a claim; accepted and dismissed rows stay as the article's memory.

    One row per (article, type, normalised quote): a new revision moves an open row onto the new text,
    and never brings back a quote an editor already accepted or dismissed.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="suggestions")
    revision = models.ForeignKey(
        ArticleRevision,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The revision the selectors point into (the latest detected for open suggestions).",
    )
    position_start = models.PositiveIntegerField(help_text="TextPositionSelector.start, in code points.")
    position_end = models.PositiveIntegerField(help_text="TextPositionSelector.end (exclusive), in code points.")
    quote_exact = models.TextField(help_text="TextQuoteSelector.exact: the proposed text.")
    quote_prefix = models.CharField(max_length=64, blank=True, help_text="Up to 32 code points before the span.")
    quote_suffix = models.CharField(max_length=64, blank=True, help_text="Up to 32 code points after the span.")
    quote_key = models.TextField(help_text="The quote case-folded with one space between words: what is remembered.")
    type = models.CharField(max_length=16, choices=SuggestionType.choices, help_text="What makes the span checkable.")
    score = models.FloatField(help_text="Rank of the suggestion, 0..1; higher first.")
    reason = models.CharField(max_length=200, help_text='Why it was proposed ("states an amount of money").')
    numbers = models.JSONField(
        default=list,
        blank=True,
        help_text="Quantities in the span: [{text, start, end, kind, value, unit, counted, qualifier, low, high}].",
    )
    state = models.CharField(
        max_length=16, choices=SuggestionState.choices, default=SuggestionState.OPEN, help_text="Editor's decision."
    )
    claim = models.ForeignKey(
        Claim,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The claim made from the suggestion when it was accepted.",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True, help_text="When it was accepted or dismissed.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["article_id", "-score", "position_start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "type", "quote_key"], name="suggestion_unique_per_article"),
            models.CheckConstraint(
                condition=Q(position_start__lt=F("position_end")), name="suggestion_start_before_end"
            ),
            models.CheckConstraint(condition=~Q(quote_exact=""), name="suggestion_quote_not_empty"),
            models.CheckConstraint(condition=Q(type__in=SuggestionType.values), name="suggestion_type_valid"),
            models.CheckConstraint(condition=Q(state__in=SuggestionState.values), name="suggestion_state_valid"),
        ]
        indexes = [models.Index(fields=["article", "state"])]

    def __str__(self) -> str:
        return f"{self.type}: {self.quote_exact[:80]}"


class DetectionRun(models.Model):
    """The revision of an article that suggestions were last made for; the sweep finds articles left behind."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, primary_key=True, related_name="detection_run")
    revision = models.ForeignKey(
        ArticleRevision, on_delete=models.CASCADE, related_name="+", help_text="The revision last detected."
    )
    suggestion_count = models.PositiveIntegerField(default=0, help_text="Open suggestions after the run.")
    finished_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"article {self.article_id} r{self.revision_id}"


class ClaimMatch(models.Model):
    """An earlier claim or published fact-check that says what `claim` says, with how alike they are."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="matches")
    matched = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+", help_text="The earlier claim.")
    score = models.FloatField(help_text="Similarity 0..1 (shared words, agreeing numbers).")
    created_at = models.DateTimeField(auto_now_add=True)
    # An editor's "not the same claim": the row stays, so that matching the claim again does not list it.
    rejected_at = models.DateTimeField(null=True, blank=True, help_text="When an editor said it is another claim.")
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["claim_id", "-score", "matched_id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "matched"], name="claim_match_unique"),
            models.CheckConstraint(condition=~Q(claim=F("matched")), name="claim_match_not_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} ~ {self.matched_id} ({self.score:.2f})"


class MatchRun(models.Model):
    """The claim text matching last ran for; the sweep re-runs claims never matched or edited since."""

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, primary_key=True, related_name="match_run")
    text = models.TextField(help_text="The text matched (the checkable sentence, else the quote).")
    finished_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"claim {self.claim_id}"
