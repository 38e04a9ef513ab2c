"""Reads of suggestions and matches, with their joins applied; lists cost a fixed number of queries."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Coalesce, NullIf

from annotations.models import PUBLIC_CLAIM_STATES, Article, Claim, VerdictVersion
from discovery import querytext
from suggestions.models import ClaimMatch, Suggestion, SuggestionState

# A sweep hands at most this many ids to the queue at a time; the next minute takes the rest.
SWEEP_BATCH = 500
# PostgreSQL's text search configuration for claims; the GIN index of suggestions/migrations/0003 is built with it.
FULLTEXT_CONFIG = "english"
# On PostgreSQL a new claim is compared with at most this many earlier claims: those sharing most words or figures
# with it. Matching reads each candidate in Python (about 2,000 to 4,000 a second), so its cost stays bounded as
# the desk grows; a restatement shares words with what it restates (every one in bench/corpus does).
MATCH_CANDIDATES = 2000


def suggestions_for_api() -> QuerySet[Suggestion]:
    """Suggestions with the revision number they are shown with (never the revision's text)."""
    return Suggestion.objects.annotate(revision_number=F("revision__number"))


def suggestions_of_article(*, article: Article, state: str = SuggestionState.OPEN) -> QuerySet[Suggestion]:
    """An article's suggestions in one state, best first; open ones only on the current revision."""
    suggestions = suggestions_for_api().filter(article=article, state=state)
    if state == SuggestionState.OPEN:
        suggestions = suggestions.filter(revision_id=article.current_revision_id)
    return suggestions.order_by("-score", "position_start", "position_end", "id")


def matches_of_claim(*, claim: Claim, rejected: bool = False) -> QuerySet[ClaimMatch]:
    """A claim's matches (or those an editor rejected), best first, with the earlier claim's article, current and
    published ratings."""
    published = VerdictVersion.objects.filter(published_at__isnull=False).select_related("rating").order_by("-number")
    return (
        ClaimMatch.objects.filter(claim=claim, rejected_at__isnull=not rejected)
        .select_related("matched__article", "matched__verdict__current_version__rating")
        .prefetch_related(Prefetch("matched__verdict__versions", queryset=published, to_attr="published_versions"))
        .order_by("-score", "matched_id")
    )


@dataclass(frozen=True)
class MatchJudgements:
    """How editors judged "checked before": the matches listed and those they marked as other claims."""

    listed: int  # matches not rejected
    rejected: int
    claims: int  # claims with at least one match, listed or rejected
    best_rejected: int  # ...whose best-scoring match an editor marked as another claim


def match_judgements() -> MatchJudgements:
    """Counts over every claim's matches, in two queries."""
    totals = ClaimMatch.objects.aggregate(
        listed=Count("pk", filter=Q(rejected_at__isnull=True)),
        rejected=Count("pk", filter=Q(rejected_at__isnull=False)),
    )
    best = ClaimMatch.objects.filter(claim=OuterRef("claim")).order_by("-score", "matched_id").values("pk")[:1]
    tops = ClaimMatch.objects.filter(pk=Subquery(best)).aggregate(
        claims=Count("pk"), best_rejected=Count("pk", filter=Q(rejected_at__isnull=False))
    )
    return MatchJudgements(**totals, **tops)


def matching_text_expression() -> Coalesce:
    """The text a claim is matched by, in SQL: its checkable sentence, else its quote."""
    return Coalesce(NullIf(F("claim_text"), Value("")), F("quote_exact"), output_field=TextField())


def claims_sharing_words(claims: QuerySet[Claim], text: str) -> QuerySet[Claim] | None:
    """PostgreSQL: the claims whose checkable sentence or quote shares a word or figure with `text`, most alike first
    by full-text rank (None: `text` has nothing to search by).

    The vector is the expression of the GIN index in suggestions/migrations/0003; change both together.
    """
    raw = querytext.tsquery(text)
    if not raw:
        return None
    vector = SearchVector("claim_text", "quote_exact", config=FULLTEXT_CONFIG)
    search = SearchQuery(raw, search_type="raw", config=FULLTEXT_CONFIG)
    return (
        claims.annotate(document=vector)
        .filter(document=search)
        .annotate(rank=SearchRank(vector, search))
        .order_by("-rank", "-id")
    )


def match_candidates(*, claim: Claim, text: str) -> Iterator[tuple[int, str]]:
    """(id, text) of the claims a claim whose text is `text` may restate: earlier ones and public fact-checks of other
    articles. On PostgreSQL the MATCH_CANDIDATES sharing most words or figures with it; on SQLite (the embedded
    default, a small desk) all of them.

    Claims of the same article are left out: the editor sees them beside the text already.
    """
    claims = Claim.objects.exclude(article_id=claim.article_id).filter(
        Q(pk__lt=claim.pk) | Q(state__in=PUBLIC_CLAIM_STATES)
    )
    if connection.vendor == "postgresql":
        sharing = claims_sharing_words(claims, text)
        if sharing is None:
            return iter(())
        best = sharing.annotate(text=matching_text_expression()).values_list("pk", "text")
        return iter(best[:MATCH_CANDIDATES])
    every = claims.annotate(text=matching_text_expression()).values_list("pk", "text")
    return every.order_by("pk").iterator(chunk_size=2000)


def article_ids_without_detection(*, older_than: datetime.datetime) -> list[int]:
    """Articles whose current revision, older than `older_than`, has not been through detection."""
    return list(
        Article.objects.filter(current_revision__isnull=False, current_revision__created_at__lt=older_than)
        .exclude(detection_run__revision_id=F("current_revision_id"))
        .values_list("pk", flat=True)
        .order_by("pk")[:SWEEP_BATCH]
    )


def claim_ids_without_matching(*, older_than: datetime.datetime) -> list[int]:
    """Claims, last changed before `older_than`, never matched or matched on a text they no longer have."""
    return list(
        Claim.objects.filter(updated_at__lt=older_than)
        .annotate(text=matching_text_expression())
        .filter(Q(match_run__isnull=True) | ~Q(match_run__text=F("text")))
        .values_list("pk", flat=True)
        .order_by("pk")[:SWEEP_BATCH]
    )
