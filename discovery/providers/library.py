"""The desk's own library: every source already fetched, searched by the claim's words and numbers."""

from __future__ import annotations

import operator
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet

from annotations import passages
from annotations.models import FetchState, Source
from discovery import querytext
from discovery.providers.base import MAX_SNIPPET, ClaimQuery, Found, Provider
from discovery.search_db import statement_timeout

SEARCH_CONFIG = "english"
# Full-text search picks this many candidates; the passage ranker then looks inside each.
CANDIDATES = 25
# The relevance of the text and the agreement of the claim's numbers weigh this much each.
NUMBERS_WEIGHT = 0.4
NUMBERS_SCORE = {"agree": 1.0, "differ": 0.25, "absent": 0.0}


class LibraryProvider(Provider):
    name = "library"
    label = "Library"

    def search(self, query: ClaimQuery) -> list[Found]:
        with statement_timeout(self.timeout):
            candidates = _candidates(query)
        return _rerank(query.text, candidates)[: self.max_results]


def _fetched_elsewhere(query: ClaimQuery) -> QuerySet[Source]:
    # The claim's own sources are attached already; the library is what other claims gathered.
    return Source.objects.filter(fetch_state=FetchState.FETCHED).exclude(claim_id=query.claim_id)


def fulltext_candidates(query: ClaimQuery) -> QuerySet[Source] | None:
    """PostgreSQL: fetched sources matching any of the claim's words or numbers, by rank (None: nothing to search).

    The vector is the expression of the GIN index in discovery/migrations/0002; change both together.
    """
    raw = querytext.tsquery(query.text)
    if not raw:
        return None
    vector = SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
        "extracted_text", weight="B", config=SEARCH_CONFIG
    )
    search = SearchQuery(raw, search_type="raw", config=SEARCH_CONFIG)
    return (
        _fetched_elsewhere(query)
        .annotate(document=vector)
        .filter(document=search)
        # 1: divide by 1 + log(length), so that long pages do not win by length alone.
        .annotate(rank=SearchRank(vector, search, normalization=1))
        .order_by("-rank", "id")
    )


def _candidates(query: ClaimQuery) -> list[tuple[Source, float]]:
    """Fetched sources that share words or numbers with the claim, with a text relevance (best first)."""
    fields = ("id", "url", "title", "publisher", "published_at", "extracted_text")
    if connection.vendor == "postgresql":
        rows = fulltext_candidates(query)
        if rows is None:
            return []
        return [(source, float(getattr(source, "rank", 0.0))) for source in rows.only(*fields)[:CANDIDATES]]
    # SQLite (the embedded default) has no full-text search: substring matches, scored by words shared.
    words = querytext.content_words(query.text)[:12]
    numbers = ["".join(p) if len(p) == 1 else ",".join(p) for p in querytext.number_parts(query.text)][:4]
    terms = [*words, *numbers]
    if not terms:
        return []
    matches = reduce(operator.or_, (Q(title__icontains=t) | Q(extracted_text__icontains=t) for t in terms))
    scored = []
    for source in _fetched_elsewhere(query).filter(matches).only(*fields).order_by("-id")[:500]:
        haystack = f"{source.title} {source.extracted_text}".lower()
        shared = sum(1 for term in terms if term in haystack)
        scored.append((source, shared / len(terms)))
    scored.sort(key=lambda pair: -pair[1])
    return scored[:CANDIDATES]


def _rerank(claim_text: str, candidates: list[tuple[Source, float]]) -> list[Found]:
    """Score each page by its text relevance and by whether its best passage states the claim's numbers."""
    best_rank = max((rank for _, rank in candidates), default=0.0) or 1.0
    seen: set[str] = set()
    found: list[Found] = []
    for source, rank in candidates:
        key = querytext.url_key(source.url)
        if key in seen:  # the same page fetched for several claims
            continue
        seen.add(key)
        ranked = passages.rank_passages(claim_text, source.extracted_text, top=1)
        best = ranked[0] if ranked else None
        relevance = rank / best_rank
        if best is None or best.numbers == "none_in_claim":
            score = relevance
        else:
            score = (1 - NUMBERS_WEIGHT) * relevance + NUMBERS_WEIGHT * NUMBERS_SCORE.get(best.numbers, 0.0)
        found.append(
            Found(
                url=source.url,
                title=source.title or source.url,
                snippet=(best.text if best else source.extracted_text)[:MAX_SNIPPET],
                score=round(min(max(score, 0.0), 1.0), 4),
                published_at=source.published_at,
                publisher=source.publisher,
            )
        )
    found.sort(key=lambda item: -item.score)
    return found
