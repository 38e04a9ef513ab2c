"""Reads for the public side: published fact-checks only, their filters, and a one-query change fingerprint."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse

from annotations.models import PUBLIC_CLAIM_STATES, Article, Claim, ClaimState, Source, VerdictVersion, WorkflowEvent

# Full-text search configuration of PostgreSQL (stemming, stop words) for `q`.
SEARCH_CONFIG = "english"
# Bump when the public representation changes shape, so that cached ETags stop matching.
REPRESENTATION_VERSION = "1"
# Claims in these states were public once; their changes must move Last-Modified forward
# even though they are no longer listed (an unpublication removes an item).
_ONCE_PUBLIC_STATES = frozenset({*PUBLIC_CLAIM_STATES, ClaimState.UNPUBLISHED})


# --- What the public sees of one claim ------------------------------------------------------


@dataclass(frozen=True)
class PublicSite:
    """Who publishes the fact-checks and where: the settings behind absolute urls and ClaimReview.author."""

    base_url: str
    org_name: str
    org_url: str

    @classmethod
    def from_settings(cls) -> PublicSite:
        return cls(
            base_url=settings.FACTCHECK_PUBLIC_BASE_URL,
            org_name=settings.FACTCHECK_ORG_NAME,
            org_url=settings.FACTCHECK_ORG_URL,
        )

    def page_url(self, claim_id: int) -> str:
        """Absolute url of the public HTML page of a fact-check."""
        return self.base_url.rstrip("/") + reverse("public-fact-check", args=[claim_id])


@dataclass(frozen=True)
class FactCheck:
    """A published claim as the public sees it: only versions that went public, never a draft."""

    claim: Claim
    # Published verdict versions, oldest first; never empty.
    versions: Sequence[VerdictVersion]
    sources: Sequence[Source]

    def __post_init__(self) -> None:
        assert self.versions, "a fact-check needs at least one published verdict version; use public_fact_checks()"

    @property
    def id(self) -> int:
        return self.claim.pk

    @property
    def article(self) -> Article:
        return self.claim.article

    @property
    def claim_sentence(self) -> str:
        """The checkable sentence, or the quote when no one wrote one."""
        return self.claim.claim_text or self.claim.quote_exact

    @property
    def verdict(self) -> VerdictVersion:
        """The newest published version: what the fact-check says now."""
        return self.versions[-1]

    @property
    def earlier_versions(self) -> list[VerdictVersion]:
        """Published versions replaced by a correction, newest first."""
        return list(reversed(self.versions[:-1]))

    @property
    def corrections(self) -> list[VerdictVersion]:
        """The versions that corrected an earlier one (each carries its correction note), oldest first."""
        return list(self.versions[1:])

    @property
    def is_corrected(self) -> bool:
        return len(self.versions) > 1

    @property
    def date_published(self) -> datetime.datetime:
        published = self.versions[0].published_at
        assert published is not None
        return published

    @property
    def date_modified(self) -> datetime.datetime:
        published = self.verdict.published_at
        assert published is not None
        return published


def http_url(value: str | None) -> str | None:
    """`value` if it is an absolute http(s) url, else None: the public side never emits other schemes."""
    if not value:
        return None
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return value.strip()


def source_url(source: Source) -> str | None:
    """Where a source is: the url after redirects when a worker found one, else the url given."""
    return http_url(source.final_url) or http_url(source.url)


def fact_check_of(claim: Claim) -> FactCheck:
    """Wrap a claim read through public_fact_checks() (its published versions and sources are prefetched)."""
    versions = getattr(claim.verdict, "published_versions", None)
    assert versions is not None, "read the claim through public_fact_checks(), which prefetches its versions"
    return FactCheck(claim=claim, versions=versions, sources=list(claim.sources.all()))


# --- Filters and the queryset ----------------------------------------------------------------


@dataclass(frozen=True)
class PublicFilters:
    """Validated filters of the public list endpoints (the API's query string, parsed)."""

    rating: str | None = None
    since: datetime.datetime | None = None
    # Exclusive upper bound on date_modified (an inclusive `until` is turned into this).
    until_before: datetime.datetime | None = None
    article_url: str | None = None
    claimant: str | None = None
    q: str | None = None


def _published_versions() -> QuerySet[VerdictVersion]:
    return VerdictVersion.objects.filter(published_at__isnull=False)


def _latest_published_of_outer_claim() -> QuerySet[VerdictVersion]:
    return _published_versions().filter(verdict__claim_id=OuterRef("pk")).order_by("-published_at", "-number")


def public_claims() -> QuerySet[Claim]:
    """Claims in a public state with at least one published version, annotated with their public dates."""
    latest = _latest_published_of_outer_claim()
    first = _published_versions().filter(verdict__claim_id=OuterRef("pk")).order_by("published_at", "number")
    return (
        Claim.objects.filter(state__in=PUBLIC_CLAIM_STATES)
        .annotate(
            date_modified=Subquery(latest.values("published_at")[:1]),
            date_published=Subquery(first.values("published_at")[:1]),
        )
        .filter(date_modified__isnull=False)
    )


def _apply_filters(claims: QuerySet[Claim], filters: PublicFilters) -> QuerySet[Claim]:
    latest = _latest_published_of_outer_claim()
    if filters.rating:
        claims = claims.annotate(public_rating_slug=Subquery(latest.values("rating__slug")[:1])).filter(
            public_rating_slug=filters.rating
        )
    if filters.since is not None:
        claims = claims.filter(Q(date_modified__gte=filters.since))
    if filters.until_before is not None:
        claims = claims.filter(Q(date_modified__lt=filters.until_before))
    if filters.article_url:
        claims = claims.filter(article__url=filters.article_url)
    if filters.claimant:
        claims = claims.filter(claimant__icontains=filters.claimant)
    if filters.q:
        # Only the published verdict text is searched: a draft's words must not make a claim match.
        claims = claims.annotate(
            public_summary=Subquery(latest.values("summary")[:1]),
            public_explanation=Subquery(latest.values("explanation")[:1]),
        )
        if connection.vendor == "postgresql":
            claims = claims.annotate(
                search=SearchVector(
                    "claim_text", "quote_exact", "public_summary", "public_explanation", config=SEARCH_CONFIG
                )
            ).filter(search=SearchQuery(filters.q, search_type="websearch", config=SEARCH_CONFIG))
        else:
            # The embedded SQLite default has no full-text search; a substring match keeps `q` useful.
            claims = claims.filter(
                Q(claim_text__icontains=filters.q)
                | Q(quote_exact__icontains=filters.q)
                | Q(public_summary__icontains=filters.q)
                | Q(public_explanation__icontains=filters.q)
            )
    return claims


def public_fact_checks(filters: PublicFilters | None = None) -> QuerySet[Claim]:
    """Published fact-checks, newest change first, with everything the public representations read.

    A fixed number of queries whatever the length: the claims (with article and verdict joined),
    their published versions with ratings, and their sources. Wrap each claim with fact_check_of().
    """
    claims = _apply_filters(public_claims(), filters or PublicFilters())
    return (
        claims.select_related("article", "verdict")
        .prefetch_related(
            Prefetch(
                "verdict__versions",
                queryset=_published_versions().select_related("rating").order_by("published_at", "number"),
                to_attr="published_versions",
            ),
            Prefetch("sources", queryset=Source.objects.order_by("created_at", "id")),
        )
        .order_by(F("date_modified").desc(), "-id")
    )


def public_fact_check(claim_id: int, *, with_text: bool = False) -> FactCheck | None:
    """One published fact-check, or None when the claim is not public (never say why).

    `with_text` also loads the revision body the claim points into, for the public page.
    """
    claims = public_fact_checks().filter(pk=claim_id)
    if with_text:
        claims = claims.select_related("revision")
    claim = claims.first()
    return fact_check_of(claim) if claim is not None else None


# --- The claim in its paragraph --------------------------------------------------------------


@dataclass(frozen=True)
class QuoteInContext:
    """The article paragraph that holds the quote, cut around it."""

    before: str
    quote: str
    after: str


def quote_in_context(claim: Claim) -> QuoteInContext:
    """The paragraph of the claim's revision containing its span; the quote alone if the span does not match."""
    body = claim.revision.body
    start, end = claim.position_start, claim.position_end
    if body[start:end] != claim.quote_exact:
        return QuoteInContext(before="", quote=claim.quote_exact, after="")
    paragraph_start = body.rfind("\n\n", 0, start)
    paragraph_start = 0 if paragraph_start < 0 else paragraph_start + 2
    paragraph_end = body.find("\n\n", end)
    paragraph_end = len(body) if paragraph_end < 0 else paragraph_end
    return QuoteInContext(before=body[paragraph_start:start], quote=body[start:end], after=body[end:paragraph_end])


# --- Conditional GET --------------------------------------------------------------------------


@dataclass(frozen=True)
class Fingerprint:
    """What the public representations depend on, read in one query; equal fingerprints mean equal output."""

    values: tuple[Any, ...]
    last_modified: datetime.datetime | None
    public_count: int

    def etag(self, *variant: str) -> str:
        """A strong ETag for one representation (`variant`: endpoint, query string, media type, ...)."""
        site = PublicSite.from_settings()
        material = repr((REPRESENTATION_VERSION, variant, self.values, site.base_url, site.org_name, site.org_url))
        return '"' + hashlib.sha256(material.encode()).hexdigest()[:32] + '"'

    @property
    def last_modified_timestamp(self) -> int | None:
        """Last-Modified in whole seconds (HTTP dates have no finer unit; the ETag catches the rest)."""
        return int(self.last_modified.timestamp()) if self.last_modified is not None else None


FINGERPRINT_CACHE_KEY = "public-fingerprint"


def public_fingerprint(*, claim_id: int | None = None) -> Fingerprint:
    """The fingerprint of all public fact-checks (or one), shared through the cache for a moment.

    Every public request needs it; for FACTCHECK_PUBLIC_FRESHNESS_SECONDS all web processes reuse
    the last one computed (the public answers may be cached for a minute anyway), and workflow
    transitions drop it so that publishing and unpublishing show at once.
    """
    ttl = settings.FACTCHECK_PUBLIC_FRESHNESS_SECONDS
    if claim_id is not None or ttl <= 0:
        return compute_public_fingerprint(claim_id=claim_id)
    fingerprint: Fingerprint | None = cache.get(FINGERPRINT_CACHE_KEY)
    if fingerprint is None:
        fingerprint = compute_public_fingerprint()
        cache.set(FINGERPRINT_CACHE_KEY, fingerprint, timeout=ttl)
    return fingerprint


def forget_public_fingerprint() -> None:
    cache.delete(FINGERPRINT_CACHE_KEY)


def compute_public_fingerprint(*, claim_id: int | None = None) -> Fingerprint:
    """One aggregate over the claims that are or were public (all, or one): cheap enough for every request.

    It moves when a claim is published, corrected or unpublished (the claim's updated_at and its
    state; the versions' published_at and count), when a public claim, its article or its text is
    edited, and when its sources are added, removed, edited or fetched again.
    """
    claims = Claim.objects.filter(state__in=_ONCE_PUBLIC_STATES)
    if claim_id is not None:
        claims = claims.filter(pk=claim_id)
    public = Q(state__in=PUBLIC_CLAIM_STATES)
    published_version = public & Q(verdict__versions__published_at__isnull=False)
    row = claims.aggregate(
        public_count=Count("pk", filter=public, distinct=True),
        # Over unpublished claims too: an unpublication is a change of the list.
        claims_updated=Max("updated_at"),
        articles_updated=Max("article__updated_at", filter=public),
        revisions_created=Max("revision__created_at", filter=public),
        last_revision=Max("revision_id", filter=public),
        versions_published=Max("verdict__versions__published_at", filter=public),
        version_count=Count("verdict__versions", filter=published_version, distinct=True),
        source_count=Count("sources", filter=public, distinct=True),
        last_source=Max("sources__id", filter=public),
        sources_updated=Max("sources__updated_at", filter=public),
    )
    keys = sorted(row)
    times = [
        row[key]
        for key in ("claims_updated", "articles_updated", "revisions_created", "versions_published", "sources_updated")
        if row[key] is not None
    ]
    return Fingerprint(
        values=tuple((key, row[key]) for key in keys),
        last_modified=max(times) if times else None,
        public_count=row["public_count"],
    )


# --- Corrections log ----------------------------------------------------------------------------

CORRECTION_ACTIONS = ("correct", "unpublish")


def corrections_log() -> QuerySet[WorkflowEvent]:
    """Every correction and unpublication, newest first, with the claim and article they concern."""
    return (
        WorkflowEvent.objects.filter(action__in=CORRECTION_ACTIONS)
        .select_related("claim__article")
        .order_by("-created_at", "-id")
    )
