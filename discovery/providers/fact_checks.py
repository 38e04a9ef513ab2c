"""The desk's earlier published fact-checks of other articles that say what the claim says (claim matching)."""

from __future__ import annotations

import operator
from functools import reduce

from django.conf import settings
from django.db import connection
from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from annotations.models import Claim, VerdictVersion
from annotations.public_queries import PublicSite, public_claims
from discovery import querytext
from discovery.providers.base import MAX_SNIPPET, ClaimQuery, Found, Provider
from discovery.search_db import statement_timeout
from suggestions import matching, pair_model
from suggestions.queries import claims_sharing_words, matching_text_expression

# Below the library's best: the desk's own sources of evidence come first, earlier verdicts next.
SCORE_SCALE = 0.9
# Claims read and scored per search: the database's cheap word search picks them, matching decides.
CANDIDATE_POOL = 300
# Words of the claim the SQLite fallback looks for.
FALLBACK_WORDS = 12


class FactChecksProvider(Provider):
    name = "fact_checks"
    label = "Earlier fact-checks"

    def search(self, query: ClaimQuery) -> list[Found]:
        with statement_timeout(self.timeout):
            return earlier_fact_checks(text=query.text, exclude_article_id=query.article_id, limit=self.max_results)


def earlier_fact_checks(*, text: str, exclude_article_id: int, limit: int) -> list[Found]:
    """Published fact-checks of other articles that restate the claim, best first, by the suggestions app's matching.

    The database picks a pool of candidates sharing a word or figure with the claim (full-text search on
    PostgreSQL, a word search on SQLite); each candidate's checkable sentence (else its quote) is then scored
    as the "checked before" matches are (`suggestions.pair_model.rank`): the rules of `suggestions.matching`
    (content words plus agreement of the figures, so "31 members" and "29 members" are two claims) rank them, and
    the pair model rescores the best. Only scores at or above pair_model.THRESHOLD are kept; a result's score is
    the matching score times SCORE_SCALE.
    """
    if limit <= 0:
        return []
    query = matching.profile(text)
    if not query.words and not query.quantities:
        return []
    latest = VerdictVersion.objects.filter(verdict__claim_id=OuterRef("pk"), published_at__isnull=False).order_by(
        "-published_at", "-number"
    )
    claims = (
        public_claims()
        .exclude(article_id=exclude_article_id)
        .only("pk", "claim_text", "quote_exact")
        .annotate(
            match_text=matching_text_expression(),
            public_summary=Subquery(latest.values("summary")[:1]),
            public_rating=Subquery(latest.values("rating__label")[:1]),
        )
    )
    pool = (
        _candidates_postgresql(claims, text) if connection.vendor == "postgresql" else _candidates_sqlite(claims, text)
    )
    by_id = {row.pk: row for row in pool}
    ranked = pair_model.rank(text, ((row.pk, getattr(row, "match_text", None) or "") for row in pool))
    return [_found(by_id[scored.key], scored.score) for scored in ranked[:limit]]


def _candidates_postgresql(claims: QuerySet[Claim], text: str) -> list[Claim]:
    """The claims whose text shares most words or figures with the claim, by full-text rank."""
    sharing = claims_sharing_words(claims, text)
    return [] if sharing is None else list(sharing[:CANDIDATE_POOL])


def _candidates_sqlite(claims: QuerySet[Claim], text: str) -> list[Claim]:
    """The most recently published claims holding one of the claim's words (SQLite has no full-text ranking)."""
    words = querytext.content_words(text)[:FALLBACK_WORDS]
    if not words:
        return []
    matches = reduce(operator.or_, (Q(claim_text__icontains=w) | Q(quote_exact__icontains=w) for w in words))
    return list(claims.filter(matches).order_by(F("date_modified").desc(nulls_last=True), "-id")[:CANDIDATE_POOL])


def _found(claim: Claim, score: float) -> Found:
    site = PublicSite.from_settings()
    return Found(
        url=site.page_url(claim.pk),
        title=claim.claim_text or claim.quote_exact,
        snippet=(getattr(claim, "public_summary", "") or "")[:MAX_SNIPPET],
        score=round(SCORE_SCALE * score, 4),
        published_at=getattr(claim, "date_modified", None),
        publisher=settings.FACTCHECK_ORG_NAME,
        textual_rating=getattr(claim, "public_rating", "") or "",
    )
