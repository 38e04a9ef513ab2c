"""Public HTML pages: one page per published fact-check, with its ClaimReview embedded as JSON-LD."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from annotations import claimreview, public_queries
from annotations.api.public_views import add_cache_headers, not_modified
from annotations.models import PUBLIC_CLAIM_STATES
from annotations.public_queries import PublicSite


@require_safe
def fact_check_page(request: HttpRequest, claim_id: int) -> HttpResponseBase:
    """The reader's page of a fact-check; 404 for anything not published (draft, approved, unpublished)."""
    fingerprint = public_queries.public_fingerprint(claim_id=claim_id)
    etag = fingerprint.etag("page", request.path) if fingerprint.public_count else None
    if etag is not None:
        answered = not_modified(request, etag=etag, last_modified=fingerprint.last_modified_timestamp)
        if answered is not None:
            return answered
    fact_check = public_queries.public_fact_check(claim_id, with_text=True)
    if fact_check is None:
        raise Http404("no published fact-check has this id.")
    site = PublicSite.from_settings()
    context = {
        "fact_check": fact_check,
        "context": public_queries.quote_in_context(fact_check.claim),
        "sources": [(source, public_queries.source_url(source)) for source in fact_check.sources],
        "article_url": public_queries.http_url(fact_check.article.url),
        "page_url": site.page_url(fact_check.id),
        "org_name": site.org_name,
        "org_url": public_queries.http_url(site.org_url),
        # json_for_script escapes <, > and &, so the JSON cannot close the <script> element.
        "claim_review_json": mark_safe(  # noqa: S308
            claimreview.json_for_script(claimreview.build_claim_review(fact_check, site=site))
        ),
        # The page is the same for everyone (it is cached publicly): no signed-in header, no session read.
        "user": AnonymousUser(),
    }
    response = render(request, "annotations/public/fact_check.html", context)
    if etag is not None:
        add_cache_headers(response, etag=etag, last_modified=fingerprint.last_modified_timestamp)
    return response


CORRECTIONS_PAGE_SIZE = 100


@require_safe
def corrections_page(request: HttpRequest) -> HttpResponseBase:
    """The public corrections log: the newest corrections and unpublications with their notes."""
    fingerprint = public_queries.public_fingerprint()
    etag = fingerprint.etag("corrections", request.path)
    answered = not_modified(request, etag=etag, last_modified=fingerprint.last_modified_timestamp)
    if answered is not None:
        return answered
    site = PublicSite.from_settings()
    entries = [
        (event, site.page_url(event.claim_id) if event.claim.state in PUBLIC_CLAIM_STATES else None)
        for event in public_queries.corrections_log()[:CORRECTIONS_PAGE_SIZE]
    ]
    context = {"entries": entries, "page_size": CORRECTIONS_PAGE_SIZE, "user": AnonymousUser()}
    response = render(request, "annotations/public/corrections.html", context)
    add_cache_headers(response, etag=etag, last_modified=fingerprint.last_modified_timestamp)
    return response
