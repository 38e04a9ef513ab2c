"""Domain tables: fields, constraints and indexes only; every write lives in services."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Role(models.TextChoices):
    """The Django groups that carry editorial rights."""

    ANNOTATOR = "annotator", "Annotator"
    REVIEWER = "reviewer", "Reviewer"
    ADMIN = "admin", "Admin"


class Article(models.Model):
    title = models.CharField(max_length=500, help_text="Headline of the article.")
    url = models.URLField(max_length=2000, blank=True, help_text="Where the article was published.")
    publisher = models.CharField(max_length=300, blank=True, help_text="Outlet that published the article.")
    author = models.CharField(max_length=300, blank=True, help_text="Byline of the article.")
    published_at = models.DateTimeField(null=True, blank=True, help_text="When the article was published.")
    language = models.CharField(max_length=16, default="en", help_text="BCP 47 language tag of the body.")
    current_revision = models.OneToOneField(
        "ArticleRevision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The revision whose text editors see and claims point into.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["url"])]

    def __str__(self) -> str:
        return self.title


class ArticleRevision(models.Model):
    """One version of an article's canonical body text (NFC, "\\n" line ends)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(help_text="1 for the first text, counting up with each edit.")
    body = models.TextField(help_text="Canonical plain text; offsets count its Unicode code points.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="revision_number_unique_per_article"),
            models.CheckConstraint(condition=Q(number__gte=1), name="revision_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} r{self.number}"


class ClaimState(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    CORRECTED = "corrected", "Corrected"
    UNPUBLISHED = "unpublished", "Unpublished"


# States in which a claim's fact-check is public.
PUBLIC_CLAIM_STATES = frozenset({ClaimState.PUBLISHED, ClaimState.CORRECTED})


class AnchoringState(models.TextChoices):
    ANCHORED = "anchored", "Anchored"
    MOVED = "moved", "Moved"
    FUZZY = "fuzzy", "Fuzzy"
    ORPHANED = "orphaned", "Orphaned"


class Claim(models.Model):
    """A span of one article revision, held as a W3C TextPositionSelector and TextQuoteSelector."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    revision = models.ForeignKey(
        ArticleRevision,
        on_delete=models.PROTECT,
        related_name="claims",
        help_text="The revision the selectors point into (an orphaned claim keeps its last one).",
    )
    position_start = models.PositiveIntegerField(help_text="TextPositionSelector.start, in code points.")
    position_end = models.PositiveIntegerField(help_text="TextPositionSelector.end (exclusive), in code points.")
    quote_exact = models.TextField(help_text="TextQuoteSelector.exact: the marked text.")
    quote_prefix = models.CharField(max_length=64, blank=True, help_text="Up to 32 code points before the span.")
    quote_suffix = models.CharField(max_length=64, blank=True, help_text="Up to 32 code points after the span.")
    claim_text = models.TextField(blank=True, help_text='The claim as a checkable sentence ("NATO has 31 members").')
    claimant = models.CharField(max_length=300, blank=True, help_text="Who made the claim.")
    claim_date = models.DateField(null=True, blank=True, help_text="When the claim was made.")
    tags = models.JSONField(default=list, blank=True, help_text="Free-form labels (a list of strings).")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_claims",
        help_text="Editor responsible for researching the claim.",
    )
    state = models.CharField(
        max_length=32, choices=ClaimState.choices, default=ClaimState.DRAFT, help_text="Workflow state."
    )
    anchoring_state = models.CharField(
        max_length=16,
        choices=AnchoringState.choices,
        default=AnchoringState.ANCHORED,
        help_text="How the span survived the last edit of the article.",
    )
    needs_review = models.BooleanField(
        default=False, help_text="The quoted text changed in an edit; an editor should look again."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["article_id", "position_start", "position_end", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(position_start__gte=0), name="claim_start_not_negative"),
            models.CheckConstraint(condition=Q(position_start__lt=F("position_end")), name="claim_start_before_end"),
            models.CheckConstraint(condition=~Q(quote_exact=""), name="claim_quote_not_empty"),
            models.CheckConstraint(condition=Q(state__in=ClaimState.values), name="claim_state_valid"),
            models.CheckConstraint(
                condition=Q(anchoring_state__in=AnchoringState.values), name="claim_anchoring_state_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["state"]),
            models.Index(fields=["assignee", "state"]),
        ]

    def __str__(self) -> str:
        return self.claim_text or self.quote_exact[:80]


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    REFUTES = "refutes", "Refutes"
    CONTEXT = "context", "Context"


class FetchState(models.TextChoices):
    PENDING = "pending", "Pending"
    FETCHING = "fetching", "Fetching"
    FETCHED = "fetched", "Fetched"
    FAILED = "failed", "Failed"


class NumbersAgreement(models.TextChoices):
    AGREE = "agree", "Numbers agree"
    DIFFER = "differ", "Numbers differ"
    ABSENT = "absent", "Numbers absent"
    NONE_IN_CLAIM = "none_in_claim", "No numbers in the claim"


class LinkStatus(models.TextChoices):
    OK = "ok", "Unchanged"
    CHANGED = "changed", "Content changed"
    DEAD = "dead", "Dead link"


class Source(models.Model):
    """A reference attached to a claim, and what a worker found when it fetched it."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="sources")
    url = models.URLField(max_length=2000, help_text="The reference as the editor gave it.")
    stance = models.CharField(max_length=16, choices=Stance.choices, help_text="How the source bears on the claim.")
    note = models.TextField(blank=True, help_text="Editor's note on the source.")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # What the fetch worker found.
    fetch_state = models.CharField(
        max_length=16, choices=FetchState.choices, default=FetchState.PENDING, help_text="Progress of the fetch."
    )
    fetch_error = models.TextField(blank=True, help_text="Why the last fetch failed, in words.")
    attempts = models.PositiveIntegerField(default=0, help_text="Fetch attempts so far.")
    fetched_at = models.DateTimeField(null=True, blank=True, help_text="When the last successful fetch ended.")
    final_url = models.URLField(max_length=2000, blank=True, help_text="URL after redirects.")
    canonical_url = models.URLField(
        max_length=2000, blank=True, help_text="The page's own canonical URL, if it names one."
    )
    http_status = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="HTTP status of the final response."
    )
    title = models.CharField(max_length=1000, blank=True, help_text="Title of the fetched page.")
    publisher = models.CharField(max_length=300, blank=True, help_text="Site or publisher of the fetched page.")
    author = models.CharField(max_length=300, blank=True, help_text="Author of the fetched page.")
    published_at = models.DateTimeField(null=True, blank=True, help_text="Publication date of the fetched page.")
    extracted_text = models.TextField(blank=True, help_text="Main text of the page (bounded).")
    content_sha256 = models.CharField(max_length=64, blank=True, help_text="sha256 of the fetched body.")
    passage_text = models.TextField(blank=True, help_text="The passage that best bears on the claim.")
    passage_start = models.PositiveIntegerField(null=True, blank=True, help_text="Passage start in extracted_text.")
    passage_end = models.PositiveIntegerField(null=True, blank=True, help_text="Passage end in extracted_text.")
    passage_score = models.FloatField(null=True, blank=True, help_text="Relevance score of the passage.")
    passages = models.JSONField(
        default=list,
        blank=True,
        help_text="The best passages: [{start, end, text, score, numbers, details}], best first.",
    )
    numbers_agreement = models.CharField(
        max_length=16,
        choices=NumbersAgreement.choices,
        blank=True,
        help_text="Whether the claim's numbers appear in the best passages, differ, or are absent.",
    )
    content_type = models.CharField(max_length=200, blank=True, help_text="Media type of the fetched body.")
    stored_copy = models.FileField(
        upload_to="sources/%Y/%m/", blank=True, help_text="The fetched body, gzip-compressed, as the verdict saw it."
    )
    # Bookkeeping of background work: the database, not the broker, is the source of truth.
    fetch_generation = models.PositiveIntegerField(
        default=1, help_text="Bumped by every new fetch request; a task for an older generation does nothing."
    )
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="When the pending fetch is due; the sweep re-enqueues overdue ones."
    )
    link_status = models.CharField(
        max_length=16, choices=LinkStatus.choices, blank=True, help_text="Result of the last link check."
    )
    link_checked_at = models.DateTimeField(null=True, blank=True, help_text="When the link was last checked.")
    link_error = models.TextField(blank=True, help_text="What the last link check found wrong, in words.")

    class Meta:
        ordering = ["claim_id", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "url"], name="source_url_unique_per_claim"),
            models.CheckConstraint(condition=Q(stance__in=Stance.values), name="source_stance_valid"),
            models.CheckConstraint(condition=Q(fetch_state__in=FetchState.values), name="source_fetch_state_valid"),
            models.CheckConstraint(
                condition=Q(passage_start__isnull=True, passage_end__isnull=True)
                | Q(passage_start__lt=F("passage_end")),
                name="source_passage_span_valid",
            ),
        ]
        indexes = [models.Index(fields=["fetch_state", "next_attempt_at"])]

    def __str__(self) -> str:
        return self.title or self.url


class Rating(models.Model):
    """One step of the rating scale; `value` is ClaimReview's ratingValue (None for off-scale ratings)."""

    slug = models.SlugField(max_length=50, unique=True, help_text="Stable identifier used by the API.")
    label = models.CharField(max_length=100, unique=True, help_text='Name shown to readers ("Mostly true").')
    value = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="ratingValue in ClaimReview; empty for Misleading, Unverifiable."
    )
    description = models.TextField(blank=True, help_text="What the rating means, for editors and readers.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Position in the scale as shown.")
    is_active = models.BooleanField(default=True, help_text="Inactive ratings stay on old verdicts only.")

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=1, value__lte=5), name="rating_value_in_scale"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Verdict(models.Model):
    """The one verdict of a claim; its content lives in numbered versions."""

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="verdict")
    current_version = models.OneToOneField(
        "VerdictVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The newest version; edits must name it to be accepted.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Verdict on claim {self.claim_id}"


class VerdictVersion(models.Model):
    """An immutable version of a verdict; published ones are kept for the record."""

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(help_text="1, 2, ... in the order written.")
    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    summary = models.CharField(max_length=300, blank=True, help_text="One line for readers.")
    explanation = models.TextField(blank=True, help_text="The reasoning, with reference to the sources.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True, help_text="Set when this version went public.")
    correction_note = models.TextField(blank=True, help_text="What a correction changed, shown to readers.")

    class Meta:
        ordering = ["verdict_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["verdict", "number"], name="verdict_version_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="verdict_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.verdict} v{self.number}"


class WorkflowEvent(models.Model):
    """An append-only record of one workflow transition of a claim."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    from_state = models.CharField(max_length=32, choices=ClaimState.choices)
    to_state = models.CharField(max_length=32, choices=ClaimState.choices)
    action = models.CharField(max_length=32, help_text="The transition taken (submit, approve, ...).")
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["claim_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.from_state} -> {self.to_state}"


class Comment(models.Model):
    """A message in a claim's review thread."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim_id", "created_at", "id"]
        constraints = [models.CheckConstraint(condition=~Q(body=""), name="comment_not_empty")]

    def __str__(self) -> str:
        return self.body[:80]


class AuditAction(models.TextChoices):
    CREATED = "created", "Created"
    UPDATED = "updated", "Updated"
    DELETED = "deleted", "Deleted"


class AuditEntry(models.Model):
    """Who changed what and when, for articles, claims, sources and verdicts; outlives the object."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=16, choices=AuditAction.choices)
    object_type = models.CharField(max_length=32, help_text="article, claim, source or verdict.")
    object_id = models.BigIntegerField(help_text="Id of the changed object (it may no longer exist).")
    # Plain ids, not foreign keys: the record must survive the deletion it records.
    article_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    claim_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    changes = models.JSONField(default=dict, blank=True, help_text='{"field": [old, new]} for what changed.')

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "audit entries"
        constraints = [models.CheckConstraint(condition=Q(action__in=AuditAction.values), name="audit_action_valid")]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type} {self.object_id}"


class ImportState(models.TextChoices):
    PENDING = "pending", "Pending"
    FETCHING = "fetching", "Fetching"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ArticleImport(models.Model):
    """A request to create an article from a url; a worker fetches and extracts it."""

    url = models.URLField(max_length=2000, help_text="The page to import.")
    state = models.CharField(max_length=16, choices=ImportState.choices, default=ImportState.PENDING)
    error = models.TextField(blank=True, help_text="Why the import failed, in words.")
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, help_text="When the pending import is due.")
    stored_copy = models.FileField(upload_to="imports/%Y/%m/", blank=True, help_text="The fetched body, gzipped.")
    content_type = models.CharField(max_length=200, blank=True)
    final_url = models.URLField(max_length=2000, blank=True)
    article = models.OneToOneField(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="import_request"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]
        constraints = [models.CheckConstraint(condition=Q(state__in=ImportState.values), name="import_state_valid")]

    def __str__(self) -> str:
        return self.url
