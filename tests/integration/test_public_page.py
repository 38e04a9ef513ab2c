"""The public HTML page of a fact-check: what a reader sees, inert text, safe links, and the embedded ClaimReview."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from annotations.models import ClaimState, Source
from tests.factories import make_article
from tests.integration.test_public_api import Desk, claim_review_url, correct, desk, fresh_throttle, page_url
from tests.unit.test_claimreview import google_claim_review_problems

pytestmark = pytest.mark.django_db

__all__ = ["desk", "fresh_throttle"]  # fixtures shared with the API tests (fresh_throttle is autouse)

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_page_shows_the_verdict_the_claim_in_its_paragraph_and_the_sources(client: Client, desk: Desk) -> None:
    body = "An opening paragraph.\n\nThe minister said NATO has 31 members & growing.\n\nA closing paragraph."
    claim = desk.fact_check(body=body, sources=("https://stats.example.org/members",))
    Source.objects.filter(claim=claim).update(title="Member list", publisher="Stats Office")
    html = _page(client, page_url(claim))
    assert "True" in html
    assert "The treaty lists 31 members." in html
    assert "The alliance&#x27;s own list of members counted 31 in 2023." in html
    assert "The minister said NATO has <mark>31 members</mark> &amp; growing." in html
    assert "An opening paragraph." not in html and "A closing paragraph." not in html
    assert '<a href="https://stats.example.org/members" rel="noopener noreferrer">Member list</a>' in html
    assert "Stats Office" in html
    assert '<a href="https://news.example.com/nato" rel="noopener noreferrer">Test article</a>' in html
    # The editorial header is not shown on a public page, even to a signed-in editor.
    client.force_login(desk.reviewer)
    assert desk.reviewer.username not in _page(client, page_url(claim))


def test_the_embedded_claim_review_is_the_api_one(client: Client, desk: Desk) -> None:
    claim = desk.fact_check()
    html = _page(client, page_url(claim))
    scripts = LD_JSON.findall(html)
    assert len(scripts) == 1
    embedded = json.loads(scripts[0])
    assert embedded == client.get(claim_review_url(claim)).json()
    assert google_claim_review_problems(embedded) == []


@pytest.mark.parametrize(
    "hostile", ["</script><script>alert(1)</script>", "<!--<script>", "</SCRIPT ><img src=x onerror=alert(1)>"]
)
def test_hostile_claim_text_cannot_break_out_of_the_script_or_the_page(
    client: Client, desk: Desk, hostile: str
) -> None:
    article = make_article(body=f"He said {hostile} loudly.", title=hostile, publisher=hostile)
    claim = desk.fact_check(article=article, exact=hostile, claim_text=hostile, claimant=hostile, summary=hostile)
    html = _page(client, page_url(claim))
    assert hostile not in html
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    scripts = LD_JSON.findall(html)
    assert len(scripts) == 1
    embedded: dict[str, Any] = json.loads(scripts[0])
    assert embedded["claimReviewed"] == hostile
    assert embedded["itemReviewed"]["author"]["name"] == hostile
    assert html.count("<script") == 1


def test_only_http_links_are_made(client: Client, desk: Desk) -> None:
    claim = desk.fact_check(sources=("https://fine.example.org/",))
    # Not reachable through the services' url checks; defence in depth for data from elsewhere.
    Source.objects.create(claim=claim, url="javascript:alert(1)", stance="context", title="Sneaky")
    Source.objects.create(claim=claim, url="https://x.example.org/", final_url="data:text/html,hi", stance="context")
    html = _page(client, page_url(claim))
    assert "javascript:" not in html and "data:text" not in html
    assert "Sneaky" in html
    assert '<a href="https://x.example.org/" rel="noopener noreferrer">' in html
    item = client.get(f"/api/v1/public/fact-checks/{claim.pk}/").json()
    assert [s["url"] for s in item["sources"]] == ["https://fine.example.org/", None, "https://x.example.org/"]


def test_a_correction_shows_its_note_and_the_earlier_version(client: Client, desk: Desk) -> None:
    claim = desk.fact_check()
    correct(claim, rating="half-true", summary="Partly true now.", note="Sweden <joined> since.")
    html = _page(client, page_url(claim))
    assert "Half true" in html and "Partly true now." in html
    assert "Corrections" in html and "Sweden &lt;joined&gt; since." in html
    assert "Earlier versions" in html and "The treaty lists 31 members." in html


@pytest.mark.parametrize(
    "state",
    [ClaimState.DRAFT, ClaimState.IN_REVIEW, ClaimState.CHANGES_REQUESTED, ClaimState.APPROVED, ClaimState.UNPUBLISHED],
)
def test_a_claim_that_is_not_public_has_no_page(client: Client, desk: Desk, state: ClaimState) -> None:
    claim = desk.fact_check(state, summary="NOT FOR READERS")
    response = client.get(page_url(claim))
    assert response.status_code == 404
    assert b"NOT FOR READERS" not in response.content
    assert client.get("/fact-checks/999999/").status_code == 404


def test_the_page_is_cached_and_revalidated_cheaply(
    client: Client, desk: Desk, django_assert_max_num_queries: Any
) -> None:
    claim = desk.fact_check()
    first = client.get(page_url(claim))
    assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    with django_assert_max_num_queries(1):
        assert client.get(page_url(claim), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    correct(claim, rating="false", summary="No.", note="Recounted.")
    assert client.get(page_url(claim), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    assert client.post(page_url(claim)).status_code == 405
