"""The desk's earlier published fact-checks of other articles, searched by the claim's words."""

from __future__ import annotations

import operator
from functools import reduce

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, OuterRef, Q, Subquery

from annotations.models import Claim, VerdictVersion
from annotations.public_queries import PublicSite, public_claims
from discovery import querytext
from discovery.providers.base import MAX_SNIPPET, ClaimQuery, Found, Provider
from discovery.search_db import statement_timeout

SEARCH_CONFIG = "english"
# Below the library's best: the desk's own sources of evidence come first, earlier verdicts next.
SCORE_SCALE = 0.9


class FactChecksProvider(Provider):
    name = "fact_checks"
    label = "Earlier fact-checks"

    def search(self, query: ClaimQuery) -> list[Found]:
        with statement_timeout(self.timeout):
            return earlier_fact_checks(text=query.text, exclude_article_id=query.article_id, limit=self.max_results)


def earlier_fact_checks(*, text: str, exclude_article_id: int, limit: int) -> list[Found]:
    """Published fact-checks of other articles that resemble the claim, best first.

    A lexical stand-in (full-text search over the claim and its published verdict summary): when
    claim matching (issue 7, the suggestions app) lands, this one function is what to swap for it.
    """
    latest = VerdictVersion.objects.filter(verdict__claim_id=OuterRef("pk"), published_at__isnull=False).order_by(
        "-published_at", "-number"
    )
    claims = (
        public_claims()
        .exclude(article_id=exclude_article_id)
        .annotate(
            public_summary=Subquery(latest.values("summary")[:1]),
            public_rating=Subquery(latest.values("rating__label")[:1]),
        )
    )
    if connection.vendor == "postgresql":
        raw = querytext.tsquery(text)
        if not raw:
            return []
        vector = SearchVector("claim_text", "quote_exact", weight="A", config=SEARCH_CONFIG) + SearchVector(
            "public_summary", weight="B", config=SEARCH_CONFIG
        )
        search = SearchQuery(raw, search_type="raw", config=SEARCH_CONFIG)
        rows: list[Claim] = list(
            claims.annotate(document=vector)
            .filter(document=search)
            .annotate(rank=SearchRank(vector, search))
            .order_by("-rank", "-id")[:limit]
        )
        ranks = [float(getattr(row, "rank", 0.0)) for row in rows]
    else:
        words = querytext.content_words(text)[:12]
        if not words:
            return []
        matches = reduce(
            operator.or_,
            (Q(claim_text__icontains=w) | Q(quote_exact__icontains=w) | Q(public_summary__icontains=w) for w in words),
        )
        scored = []
        for row in claims.filter(matches).order_by(F("date_modified").desc(nulls_last=True))[:200]:
            haystack = f"{row.claim_text} {row.quote_exact} {row.public_summary or ''}".lower()
            scored.append((row, sum(1 for w in words if w in haystack) / len(words)))
        scored.sort(key=lambda pair: -pair[1])
        rows = [row for row, _ in scored[:limit]]
        ranks = [rank for _, rank in scored[:limit]]
    return [_found(row, rank, max(ranks, default=1.0) or 1.0) for row, rank in zip(rows, ranks, strict=True)]


def _found(claim: Claim, rank: float, best: float) -> Found:
    site = PublicSite.from_settings()
    return Found(
        url=site.page_url(claim.pk),
        title=claim.claim_text or claim.quote_exact,
        snippet=(getattr(claim, "public_summary", "") or "")[:MAX_SNIPPET],
        score=round(SCORE_SCALE * rank / best, 4),
        published_at=getattr(claim, "date_modified", None),
        publisher=settings.FACTCHECK_ORG_NAME,
        textual_rating=getattr(claim, "public_rating", "") or "",
    )
