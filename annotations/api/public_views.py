"""Views of the public API: anonymous, read-only, published fact-checks only, cached with ETag and throttled."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any, cast

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from annotations import claimreview, public_queries
from annotations.api.public_serializers import (
    CorrectionEntrySerializer,
    PublicFactCheckSerializer,
    PublicFilterSerializer,
)
from annotations.public_queries import FactCheck, Fingerprint, PublicFilters, PublicSite

# Shared caches (a CDN, a proxy) may keep a public answer this long before asking again.
PUBLIC_MAX_AGE = 60
EXPORT_CHUNK_SIZE = 500
# Rendered list pages are kept in the cache (Redis in production) this long, keyed by ETag.
PAGE_CACHE_SECONDS = 600

_URI = {"type": "string", "format": "uri"}
_CLAIM_REVIEW_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "schema.org ClaimReview (JSON-LD), as Google's fact-check markup requires.",
    "required": ["@context", "@type", "@id", "url", "claimReviewed", "reviewRating", "author", "datePublished"],
    "properties": {
        "@context": {"type": "string", "enum": [claimreview.SCHEMA_CONTEXT]},
        "@type": {"type": "string", "enum": ["ClaimReview"]},
        "@id": _URI,
        "url": _URI,
        "claimReviewed": {"type": "string"},
        "reviewRating": {
            "type": "object",
            "required": ["@type", "alternateName"],
            "properties": {
                "@type": {"type": "string", "enum": ["Rating"]},
                "alternateName": {"type": "string"},
                "ratingValue": {"type": "integer", "minimum": claimreview.WORST_RATING},
                "bestRating": {"type": "integer"},
                "worstRating": {"type": "integer"},
                "ratingExplanation": {"type": "string"},
            },
        },
        "itemReviewed": {"type": "object"},
        "author": {"type": "object"},
        "datePublished": {"type": "string"},
        "dateModified": {"type": "string"},
        "correction": {"type": "array", "items": {"type": "object"}},
        "inLanguage": {"type": "string"},
    },
}
_CLAIM_REVIEW_PAGE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["results"],
    "properties": {
        "next": {**_URI, "nullable": True},
        "previous": {**_URI, "nullable": True},
        "results": {"type": "array", "items": _CLAIM_REVIEW_SCHEMA},
    },
}
_Answers = dict[int | tuple[int, str], Any]
_NOT_MODIFIED: _Answers = {304: OpenApiResponse(description="Not modified (If-None-Match or If-Modified-Since).")}
_THROTTLED: _Answers = {429: OpenApiResponse(description="Too many requests; Retry-After says when to come back.")}
_BAD_FILTER: _Answers = {400: OpenApiResponse(description='A filter is malformed: {"since": ["reason"]}.')}
_NOT_FOUND: _Answers = {404: OpenApiResponse(description="Not published (or, for a list, an invalid cursor).")}
_LIST_ANSWERS: _Answers = {**_NOT_MODIFIED, **_BAD_FILTER, **_NOT_FOUND, **_THROTTLED}
_DETAIL_ANSWERS: _Answers = {**_NOT_MODIFIED, **_NOT_FOUND, **_THROTTLED}
_EXPORT_ANSWERS: _Answers = {**_BAD_FILTER, **_THROTTLED}


# --- Plumbing: throttle, renderers, pagination, conditional GET ------------------------------


class PublicAnonRateThrottle(AnonRateThrottle):
    """AnonRateThrottle (scope "anon") that reads its rate at request time, so a changed setting applies."""

    def get_rate(self) -> str | None:
        # The parent class copies the rates at import time, which hides later settings changes.
        assert self.scope is not None
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        return None if rate is None else str(rate)


class JSONLDRenderer(JSONRenderer):
    """JSON-LD (schema.org ClaimReview) as application/ld+json."""

    media_type = "application/ld+json"
    format = "jsonld"


class PublicCursorPagination(CursorPagination):
    """Newest change first; a cursor stays valid while fact-checks are published in front of it."""

    ordering = ("-date_modified", "-id")
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


def not_modified(request: HttpRequest, *, etag: str, last_modified: int | None) -> HttpResponseBase | None:
    """The 304 (or 412) answer to a conditional request that matches, else None."""
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is not None and response.status_code == 304:
        add_cache_headers(response, etag=etag, last_modified=last_modified)
    return response


def add_cache_headers(response: HttpResponseBase, *, etag: str, last_modified: int | None) -> None:
    """ETag, Last-Modified and a short public max-age; the representation varies with Accept."""
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    patch_vary_headers(response, ["Accept"])


def _query_variant(request: Request) -> str:
    # Order-insensitive, and unambiguous (a value holding "&" cannot pass for two parameters).
    return repr(sorted((key, value) for key, values in request.query_params.lists() for value in values))


def _filters(request: Request) -> PublicFilters:
    serializer = PublicFilterSerializer(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.filters()


class PublicAPIView(APIView):
    """Anyone may read; nothing authenticates (no session or CSRF lookups), anonymous clients are throttled."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicAnonRateThrottle]
    renderer_classes = [JSONRenderer]

    def conditional(self, request: Request, fingerprint: Fingerprint) -> tuple[str, HttpResponseBase | None]:
        """The representation's ETag, and the 304 answer when the client already holds it."""
        assert request.accepted_renderer is not None
        etag = fingerprint.etag(request.path, _query_variant(request), request.accepted_renderer.media_type)
        return etag, not_modified(request._request, etag=etag, last_modified=fingerprint.last_modified_timestamp)


# --- Lists ------------------------------------------------------------------------------------


class _PublicListView(PublicAPIView, GenericAPIView[Any]):
    pagination_class = PublicCursorPagination

    def represent_page(self, fact_checks: list[FactCheck]) -> Any:
        raise NotImplementedError

    def get(self, request: Request) -> HttpResponseBase:
        filters = _filters(request)
        fingerprint = public_queries.public_fingerprint()
        etag, answered = self.conditional(request, fingerprint)
        if answered is not None:
            return answered
        # The ETag names this exact representation (data, path, query, media type), so a page
        # rendered once can be served to every client until the data changes; the host is part
        # of the key because the pagination links are absolute.
        # Kept rendered: serving bytes skips building and rendering 50 items again.
        renderer = request.accepted_renderer
        assert renderer is not None and renderer.media_type is not None
        cache_key = f"public-rendered:{etag}:{request.get_host()}"
        body = cache.get(cache_key)
        if not isinstance(body, bytes):
            page = self.paginate_queryset(public_queries.public_fact_checks(filters))
            assert page is not None, "the public lists are always paginated"
            data = self.get_paginated_response(
                self.represent_page([public_queries.fact_check_of(c) for c in page])
            ).data
            rendered = renderer.render(data, renderer.media_type, self.get_renderer_context())
            body = rendered.encode() if isinstance(rendered, str) else rendered
            cache.set(cache_key, body, timeout=PAGE_CACHE_SECONDS)
        response = HttpResponse(body, content_type=renderer.media_type)
        add_cache_headers(response, etag=etag, last_modified=fingerprint.last_modified_timestamp)
        return response


class FactCheckListView(_PublicListView):
    """Published fact-checks, newest change first, cursor-paginated and filterable."""

    serializer_class = PublicFactCheckSerializer

    def represent_page(self, fact_checks: list[FactCheck]) -> Any:
        # One serializer for the page: building one per item costs more than the queries.
        site = PublicSite.from_settings()
        return PublicFactCheckSerializer(cast(Any, fact_checks), many=True, context={"site": site}).data

    @extend_schema(
        operation_id="public_fact_checks_list",
        parameters=[PublicFilterSerializer],
        responses={200: PublicFactCheckSerializer(many=True), **_LIST_ANSWERS},
        auth=[],
    )
    def get(self, request: Request) -> HttpResponseBase:
        return super().get(request)


class ClaimReviewListView(_PublicListView):
    """The same fact-checks as schema.org ClaimReview objects (each a JSON-LD document)."""

    renderer_classes = [JSONLDRenderer, JSONRenderer]

    def represent_page(self, fact_checks: list[FactCheck]) -> Any:
        site = PublicSite.from_settings()
        return [claimreview.build_claim_review(fact_check, site=site) for fact_check in fact_checks]

    @extend_schema(
        operation_id="public_claim_reviews_list",
        parameters=[
            PublicFilterSerializer,
            OpenApiParameter("cursor", str, description="The pagination cursor value (from next or previous)."),
            OpenApiParameter("page_size", int, description="Fact-checks a page (at most 100)."),
        ],
        responses={200: _CLAIM_REVIEW_PAGE_SCHEMA, **_LIST_ANSWERS},
        auth=[],
    )
    def get(self, request: Request) -> HttpResponseBase:
        return super().get(request)


# --- One fact-check -----------------------------------------------------------------------------


class _PublicDetailView(PublicAPIView):
    def represent(self, fact_check: FactCheck) -> Any:
        raise NotImplementedError

    def get(self, request: Request, claim_id: int) -> HttpResponseBase:
        fingerprint = public_queries.public_fingerprint(claim_id=claim_id)
        etag = None
        if fingerprint.public_count:
            etag, answered = self.conditional(request, fingerprint)
            if answered is not None:
                return answered
        fact_check = public_queries.public_fact_check(claim_id)
        if fact_check is None:
            raise NotFound("no published fact-check has this id.")
        response = Response(self.represent(fact_check))
        if etag is not None:  # None only if it was published between the two reads: answer, uncached.
            add_cache_headers(response, etag=etag, last_modified=fingerprint.last_modified_timestamp)
        return response


class FactCheckDetailView(_PublicDetailView):
    """One published fact-check; 404 for any claim that is not public."""

    def represent(self, fact_check: FactCheck) -> Any:
        return PublicFactCheckSerializer(fact_check, context={"site": PublicSite.from_settings()}).data

    @extend_schema(
        operation_id="public_fact_checks_retrieve",
        responses={200: PublicFactCheckSerializer, **_DETAIL_ANSWERS},
        auth=[],
    )
    def get(self, request: Request, claim_id: int) -> HttpResponseBase:
        return super().get(request, claim_id)


class ClaimReviewDetailView(_PublicDetailView):
    """One published fact-check as schema.org ClaimReview (application/ld+json)."""

    renderer_classes = [JSONLDRenderer, JSONRenderer]

    def represent(self, fact_check: FactCheck) -> Any:
        return claimreview.build_claim_review(fact_check, site=PublicSite.from_settings())

    @extend_schema(
        operation_id="public_fact_checks_claim_review",
        responses={200: _CLAIM_REVIEW_SCHEMA, **_DETAIL_ANSWERS},
        auth=[],
    )
    def get(self, request: Request, claim_id: int) -> HttpResponseBase:
        return super().get(request, claim_id)


# --- Exports ---------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "id",
    "url",
    "claim_text",
    "quote",
    "claimant",
    "claim_date",
    "article_title",
    "article_url",
    "article_publisher",
    "article_published_at",
    "rating",
    "rating_label",
    "rating_value",
    "summary",
    "explanation",
    "version",
    "correction_note",
    "date_published",
    "date_modified",
    "source_urls",
)
# A spreadsheet runs a cell that starts like this as a formula; the export is untrusted text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file-like object whose write() hands back what it was given, so csv.writer yields lines."""

    def write(self, value: str) -> str:
        return value


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _csv_row(fact_check: FactCheck, site: PublicSite) -> list[str]:
    claim, article, verdict = fact_check.claim, fact_check.article, fact_check.verdict
    rating = verdict.rating
    sources = (public_queries.source_url(source) for source in fact_check.sources)
    values: list[object] = [
        fact_check.id,
        site.page_url(fact_check.id),
        fact_check.claim_sentence,
        claim.quote_exact,
        claim.claimant,
        claim.claim_date.isoformat() if claim.claim_date else None,
        article.title,
        public_queries.http_url(article.url),
        article.publisher,
        claimreview.iso_datetime(article.published_at) if article.published_at else None,
        rating.slug if rating else None,
        rating.label if rating else None,
        rating.value if rating else None,
        verdict.summary,
        verdict.explanation,
        verdict.number,
        verdict.correction_note,
        claimreview.iso_datetime(fact_check.date_published),
        claimreview.iso_datetime(fact_check.date_modified),
        " ".join(url for url in sources if url),
    ]
    return [_cell(value) for value in values]


def _csv_lines(fact_checks: Iterable[FactCheck], site: PublicSite) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for fact_check in fact_checks:
        yield writer.writerow(_csv_row(fact_check, site))


def _jsonl_lines(fact_checks: Iterable[FactCheck], site: PublicSite) -> Iterator[str]:
    for fact_check in fact_checks:
        data = PublicFactCheckSerializer(fact_check, context={"site": site}).data
        yield json.dumps(data, ensure_ascii=False) + "\n"


class _ExportView(PublicAPIView):
    content_type = ""
    filename = ""

    def perform_content_negotiation(self, request: Request, force: bool = False) -> tuple[BaseRenderer, str]:
        # The url names the format, so Accept is not consulted; errors come as JSON.
        return super().perform_content_negotiation(request, force=True)

    def lines(self, fact_checks: Iterable[FactCheck], site: PublicSite) -> Iterator[str]:
        raise NotImplementedError

    def get(self, request: Request) -> HttpResponseBase:
        filters = _filters(request)
        claims = public_queries.public_fact_checks(filters).iterator(chunk_size=EXPORT_CHUNK_SIZE)
        fact_checks = (public_queries.fact_check_of(claim) for claim in claims)
        response = StreamingHttpResponse(
            self.lines(fact_checks, PublicSite.from_settings()), content_type=self.content_type
        )
        response["Content-Disposition"] = f'attachment; filename="{self.filename}"'
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        return response


class FactCheckCSVExportView(_ExportView):
    """Every published fact-check matching the filters as CSV, streamed."""

    content_type = "text/csv; charset=utf-8"
    filename = "fact-checks.csv"

    def lines(self, fact_checks: Iterable[FactCheck], site: PublicSite) -> Iterator[str]:
        return _csv_lines(fact_checks, site)

    @extend_schema(
        operation_id="public_fact_checks_export_csv",
        parameters=[PublicFilterSerializer],
        responses={(200, "text/csv"): OpenApiTypes.STR, **_EXPORT_ANSWERS},
        auth=[],
    )
    def get(self, request: Request) -> HttpResponseBase:
        return super().get(request)


class FactCheckJSONLinesExportView(_ExportView):
    """Every published fact-check matching the filters as JSON Lines (one fact-check a line), streamed."""

    content_type = "application/x-ndjson; charset=utf-8"
    filename = "fact-checks.jsonl"

    def lines(self, fact_checks: Iterable[FactCheck], site: PublicSite) -> Iterator[str]:
        return _jsonl_lines(fact_checks, site)

    @extend_schema(
        operation_id="public_fact_checks_export_jsonl",
        parameters=[PublicFilterSerializer],
        responses={(200, "application/x-ndjson"): OpenApiTypes.STR, **_EXPORT_ANSWERS},
        auth=[],
    )
    def get(self, request: Request) -> HttpResponseBase:
        return super().get(request)


# --- Corrections log ------------------------------------------------------------------------


class CorrectionsCursorPagination(CursorPagination):
    page_size = 50
    ordering = ("-created_at", "-id")


class CorrectionsLogView(PublicAPIView, GenericAPIView[Any]):
    """Every correction and unpublication of a fact-check, newest first, with its note."""

    serializer_class = CorrectionEntrySerializer
    pagination_class = CorrectionsCursorPagination

    @extend_schema(
        operation_id="public_corrections_list",
        responses={200: CorrectionEntrySerializer(many=True), **_LIST_ANSWERS},
        auth=[],
    )
    def get(self, request: Request) -> HttpResponseBase:
        fingerprint = public_queries.public_fingerprint()
        etag, answered = self.conditional(request, fingerprint)
        if answered is not None:
            return answered
        page = self.paginate_queryset(public_queries.corrections_log())
        assert page is not None, "the corrections log is always paginated"
        site = PublicSite.from_settings()
        response = self.get_paginated_response(CorrectionEntrySerializer(page, many=True, context={"site": site}).data)
        add_cache_headers(response, etag=etag, last_modified=fingerprint.last_modified_timestamp)
        return response
