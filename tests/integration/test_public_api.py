"""The public API as an anonymous reader sees it: published fact-checks only, filters, caching, limits, exports."""

from __future__ import annotations

import csv
import datetime
import io
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from annotations import services, workflow
from annotations.api.public_views import PublicAnonRateThrottle
from annotations.models import (
    Article,
    ArticleRevision,
    Claim,
    ClaimState,
    Rating,
    Role,
    Source,
    Verdict,
    VerdictVersion,
)
from tests.factories import make_article, make_claim, make_fetched_source, make_user
from tests.unit.test_claimreview import google_claim_review_problems

pytestmark = pytest.mark.django_db

LIST = "/api/v1/public/fact-checks/"
CLAIM_REVIEWS = "/api/v1/public/claim-reviews/"
CSV_EXPORT = "/api/v1/public/fact-checks/export.csv"
JSONL_EXPORT = "/api/v1/public/fact-checks/export.jsonl"
PUBLIC = {ClaimState.PUBLISHED, ClaimState.CORRECTED}
ALL_STATES = [
    ClaimState.DRAFT,
    ClaimState.IN_REVIEW,
    ClaimState.CHANGES_REQUESTED,
    ClaimState.APPROVED,
    ClaimState.PUBLISHED,
    ClaimState.CORRECTED,
    ClaimState.UNPUBLISHED,
]


def detail_url(claim: Claim) -> str:
    return f"/api/v1/public/fact-checks/{claim.pk}/"


def claim_review_url(claim: Claim) -> str:
    return f"/api/v1/public/fact-checks/{claim.pk}/claim-review/"


def page_url(claim: Claim) -> str:
    return reverse("public-fact-check", args=[claim.pk])


# --- Making claims in every workflow state, as editors do ----------------------------------------


@dataclass
class Desk:
    annotator: Any
    reviewer: Any

    def fact_check(
        self,
        state: ClaimState = ClaimState.PUBLISHED,
        *,
        article: Article | None = None,
        body: str = "NATO has 31 members.\n\nFour additional ships arrived in the port.",
        exact: str = "31 members",
        claim_text: str = "NATO has 31 members",
        claimant: str = "A. Minister",
        rating: str = "true",
        summary: str = "The treaty lists 31 members.",
        explanation: str = "The alliance's own list of members counted 31 in 2023.",
        sources: tuple[str, ...] = (),
    ) -> Claim:
        """A claim taken to `state` through the services and the workflow (reviewer is not the author)."""
        article = article or make_article(body=body, url="https://news.example.com/nato", publisher="Example News")
        claim = make_claim(article, exact, claim_text=claim_text, claimant=claimant)
        # Publishing needs a fetched source: the first one is.
        first, *others = sources or ("https://fetched.example.org/evidence",)
        make_fetched_source(claim, url=first)
        for url in others:
            services.source_add(claim=claim, url=url, stance="supports", added_by=self.annotator)
        services.verdict_write(
            claim=claim,
            author=self.annotator,
            rating=Rating.objects.get(slug=rating),
            summary=summary,
            explanation=explanation,
            expected_version=None,
        )
        steps = {
            ClaimState.DRAFT: [],
            ClaimState.IN_REVIEW: ["submit"],
            ClaimState.CHANGES_REQUESTED: ["submit", "request_changes"],
            ClaimState.APPROVED: ["submit", "approve"],
            ClaimState.PUBLISHED: ["submit", "approve", "publish"],
            ClaimState.CORRECTED: ["submit", "approve", "publish"],
            ClaimState.UNPUBLISHED: ["submit", "approve", "publish", "unpublish"],
        }[state]
        for action in steps:
            actor = self.annotator if action == "submit" else self.reviewer
            workflow.claim_transition(claim=claim, action=action, actor=actor, comment=f"{action} for the test")
        if state == ClaimState.CORRECTED:
            correct(claim, rating="half-true", summary="Partly: 31 then, 32 now.", note="Sweden joined since.")
        claim.refresh_from_db()
        assert claim.state == state
        return claim


def correct(claim: Claim, *, rating: str, summary: str, note: str) -> VerdictVersion:
    """A correction as the desk makes one: an annotator writes a new version, a reviewer publishes it with a note."""
    verdict = Verdict.objects.get(claim=claim)
    assert verdict.current_version is not None and verdict.current_version.author is not None
    author = verdict.current_version.author
    reviewer = make_user(Role.REVIEWER)
    version = services.verdict_write(
        claim=claim,
        author=author,
        rating=Rating.objects.get(slug=rating),
        summary=summary,
        explanation="Sweden's accession made it 32.",
        expected_version=verdict.current_version.number,
    )
    workflow.claim_transition(claim=claim, action="correct", actor=reviewer, comment=note)
    version.refresh_from_db()
    return version


def backdate(claim: Claim, when: datetime.datetime) -> None:
    """Move a claim's publication (and every change behind it) into the past, as if published then."""
    VerdictVersion.objects.filter(verdict__claim=claim, published_at__isnull=False).update(published_at=when)
    Claim.objects.filter(pk=claim.pk).update(updated_at=when)
    Article.objects.filter(pk=claim.article_id).update(updated_at=when)
    ArticleRevision.objects.filter(article_id=claim.article_id).update(created_at=when)
    Source.objects.filter(claim=claim).update(updated_at=when)


@pytest.fixture
def desk() -> Desk:
    return Desk(annotator=make_user(Role.ANNOTATOR), reviewer=make_user(Role.REVIEWER))


@pytest.fixture(autouse=True)
def fresh_throttle() -> None:
    """Each test starts with an empty request count for the test client's address."""
    cache.delete(PublicAnonRateThrottle.cache_format % {"scope": "anon", "ident": "127.0.0.1"})


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else bytes(response.content)


def csv_rows(client: Client, query: str = "") -> list[dict[str, str]]:
    response = client.get(CSV_EXPORT + query)
    assert response.status_code == 200
    body = _body(response).decode()
    return list(csv.DictReader(io.StringIO(body)))


def jsonl_items(client: Client, query: str = "") -> list[dict[str, Any]]:
    response = client.get(JSONL_EXPORT + query)
    assert response.status_code == 200
    body = _body(response).decode()
    return [json.loads(line) for line in body.splitlines()]


# --- Nothing leaks -------------------------------------------------------------------------------


@pytest.mark.parametrize("state", ALL_STATES)
def test_a_claim_is_visible_everywhere_only_while_public(client: Client, desk: Desk, state: ClaimState) -> None:
    claim = desk.fact_check(state, summary=f"Summary while {state}")
    public = state in PUBLIC

    assert (claim.pk in ids(client.get(LIST))) is public
    reviews = client.get(CLAIM_REVIEWS).json()["results"]
    assert any(r["url"].endswith(f"/fact-checks/{claim.pk}/") for r in reviews) is public
    assert client.get(detail_url(claim)).status_code == (200 if public else 404)
    assert client.get(claim_review_url(claim)).status_code == (200 if public else 404)
    assert client.get(page_url(claim)).status_code == (200 if public else 404)
    assert any(row["id"] == str(claim.pk) for row in csv_rows(client)) is public
    assert any(item["id"] == claim.pk for item in jsonl_items(client)) is public
    assert (claim.pk in ids(client.get(LIST, {"q": "NATO members"}))) is public


def test_a_draft_version_written_after_publication_stays_private(client: Client, desk: Desk) -> None:
    claim = desk.fact_check(summary="Published words.", explanation="Published reasoning.")
    # A correction in progress: the new version stays private until a reviewer publishes it.
    services.verdict_write(
        claim=claim,
        author=desk.annotator,
        rating=Rating.objects.get(slug="false"),
        summary="SECRET draft words.",
        explanation="SECRET draft reasoning.",
        expected_version=1,
    )

    item = client.get(detail_url(claim)).json()
    assert item["verdict"]["summary"] == "Published words."
    assert item["verdict"]["rating"]["slug"] == "true"
    assert item["verdict"]["version"] == 1
    assert item["versions"] == []
    for url in (LIST, detail_url(claim), claim_review_url(claim), page_url(claim), CSV_EXPORT, JSONL_EXPORT):
        response = client.get(url)
        body = _body(response)
        assert b"SECRET" not in body, url
    assert ids(client.get(LIST, {"q": "SECRET"})) == []
    assert ids(client.get(LIST, {"rating": "false"})) == []


# --- The representation ----------------------------------------------------------------------------


def test_a_fact_check_item_has_the_claim_verdict_sources_and_dates(client: Client, desk: Desk, settings) -> None:
    settings.FACTCHECK_PUBLIC_BASE_URL = "https://checks.example.org"
    claim = desk.fact_check(sources=("https://stats.example.org/members", "https://wiki.example.org/nato"))
    Source.objects.filter(claim=claim, url="https://stats.example.org/members").update(
        final_url="https://stats.example.org/members/2023", title="Members", publisher="Stats Office"
    )
    item = client.get(detail_url(claim)).json()
    version = VerdictVersion.objects.get(verdict__claim=claim)
    assert item["id"] == claim.pk
    assert item["url"] == f"https://checks.example.org/fact-checks/{claim.pk}/"
    assert item["claim"] == {
        "text": "NATO has 31 members",
        "quote": "31 members",
        "claimant": "A. Minister",
        "claim_date": None,
        "article": {
            "title": "Test article",
            "url": "https://news.example.com/nato",
            "publisher": "Example News",
            "published_at": None,
        },
    }
    assert item["verdict"] == {
        "rating": {"label": "True", "value": 5, "slug": "true"},
        "summary": "The treaty lists 31 members.",
        "explanation": "The alliance's own list of members counted 31 in 2023.",
        "version": 1,
        "published_at": item["date_published"],
        "correction_note": "",
    }
    assert [s["url"] for s in item["sources"]] == [
        "https://stats.example.org/members/2023",
        "https://wiki.example.org/nato",
    ]
    assert item["sources"][0] | {"published_at": None} == {
        "url": "https://stats.example.org/members/2023",
        "title": "Members",
        "publisher": "Stats Office",
        "stance": "supports",
        "published_at": None,
    }
    assert version.published_at is not None
    assert datetime.datetime.fromisoformat(item["date_published"]) == version.published_at
    assert item["date_modified"] == item["date_published"]
    assert item["versions"] == []


def test_a_corrected_fact_check_shows_the_correction_and_the_earlier_version(client: Client, desk: Desk) -> None:
    claim = desk.fact_check(ClaimState.CORRECTED)
    item = client.get(detail_url(claim)).json()
    assert item["verdict"]["rating"]["slug"] == "half-true"
    assert item["verdict"]["version"] == 2
    assert item["verdict"]["correction_note"] == "Sweden joined since."
    assert [v["version"] for v in item["versions"]] == [1]
    assert item["versions"][0]["summary"] == "The treaty lists 31 members."
    assert item["date_modified"] > item["date_published"]

    review = client.get(claim_review_url(claim)).json()
    assert review["reviewRating"]["alternateName"] == "Half true"
    assert review["correction"][0]["text"] == "Sweden joined since."
    assert "dateModified" in review


def test_claim_review_is_json_ld_and_plain_json_on_request(client: Client, desk: Desk) -> None:
    claim = desk.fact_check(rating="misleading")
    response = client.get(claim_review_url(claim))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    review = response.json()
    assert google_claim_review_problems(review) == []
    assert review["@type"] == "ClaimReview"
    assert review["url"].endswith(f"/fact-checks/{claim.pk}/")
    assert review["@id"] == review["url"] + "#claim-review"
    assert review["reviewRating"]["alternateName"] == "Misleading"
    assert "ratingValue" not in review["reviewRating"]
    assert review["inLanguage"] == "en"

    as_json = client.get(claim_review_url(claim), HTTP_ACCEPT="application/json")
    assert as_json["Content-Type"].startswith("application/json")
    assert as_json.json() == review
    assert as_json["ETag"] != response["ETag"]

    listed = client.get(CLAIM_REVIEWS)
    assert listed["Content-Type"].startswith("application/ld+json")
    assert listed.json()["results"] == [review]


# --- Filters ------------------------------------------------------------------------------------------


@pytest.fixture
def three(desk: Desk) -> dict[str, Claim]:
    """Three fact-checks published on different days about different things."""
    nato = desk.fact_check(claimant="Minister of Defence")
    ships = desk.fact_check(
        body="Four additional ships arrived in the harbour yesterday.",
        exact="Four additional ships",
        claim_text="Four additional ships arrived",
        claimant="Harbour master",
        rating="false",
        summary="Only two ships arrived.",
        explanation="Port records show the vessels docking on two days.",
    )
    Article.objects.filter(pk=ships.article_id).update(url="https://other.example.com/ships")
    budget = desk.fact_check(
        body="The budget doubled in a decade.",
        exact="The budget doubled",
        claim_text="The budget doubled in a decade",
        claimant="Opposition leader",
        rating="mostly-true",
        summary="It rose by 90 percent.",
        explanation="Treasury tables for 2014 and 2024.",
    )
    backdate(nato, datetime.datetime(2024, 1, 10, 12, 0, tzinfo=datetime.UTC))
    backdate(ships, datetime.datetime(2024, 2, 10, 12, 0, tzinfo=datetime.UTC))
    backdate(budget, datetime.datetime(2024, 3, 10, 12, 0, tzinfo=datetime.UTC))
    return {"nato": nato, "ships": ships, "budget": budget}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["budget", "ships", "nato"]),
        ({"rating": "false"}, ["ships"]),
        ({"rating": "pants-on-fire"}, []),
        ({"since": "2024-02-10"}, ["budget", "ships"]),
        ({"since": "2024-02-10T12:00:01Z"}, ["budget"]),
        ({"until": "2024-02-10"}, ["ships", "nato"]),
        ({"until": "2024-02-10T11:59:59+00:00"}, ["nato"]),
        ({"since": "2024-01-01", "until": "2024-01-31"}, ["nato"]),
        ({"article_url": "https://other.example.com/ships"}, ["ships"]),
        ({"claimant": "minister"}, ["nato"]),
        ({"claimant": "LEADER"}, ["budget"]),
        ({"q": "ships"}, ["ships"]),
        ({"q": "vessel"}, ["ships"]),  # stemmed: "vessels" in the explanation
        ({"q": "treasury"}, ["budget"]),
        ({"q": '"only two ships"'}, ["ships"]),
        ({"q": "members OR budget"}, ["budget", "nato"]),
        ({"q": "ships -port"}, []),
        ({"q": "31", "rating": "true"}, ["nato"]),
    ],
)
def test_filters(client: Client, three: dict[str, Claim], query: dict[str, str], expected: list[str]) -> None:
    assert ids(client.get(LIST, query)) == [three[name].pk for name in expected]
    reviews = client.get(CLAIM_REVIEWS, query).json()["results"]
    assert [r["url"].rsplit("/", 2)[-2] for r in reviews] == [str(three[n].pk) for n in expected]
    assert [int(row["id"]) for row in csv_rows(client, "?" + _qs(query))] == [three[n].pk for n in expected]


def _qs(query: dict[str, str]) -> str:
    return urlencode(query)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"since": "notadate"}, "since"),
        ({"until": "2024-13-01"}, "until"),
        ({"since": "2024-03-01", "until": "2024-02-01"}, "until"),
        ({"article_url": "not a url"}, "article_url"),
        ({"rating": "no spaces please"}, "rating"),
    ],
)
def test_bad_filters_answer_400_naming_the_field(client: Client, query: dict[str, str], field: str) -> None:
    for url in (LIST, CLAIM_REVIEWS, CSV_EXPORT, JSONL_EXPORT):
        response = client.get(url, query)
        assert response.status_code == 400, url
        assert field in response.json(), response.json()


def test_cursor_pagination_walks_every_fact_check_once(client: Client, desk: Desk) -> None:
    claims = [desk.fact_check() for _ in range(5)]
    desk.fact_check(ClaimState.APPROVED)
    seen: list[int] = []
    url: str | None = LIST + "?page_size=2"
    pages = 0
    while url:
        page = client.get(url).json()
        seen += [item["id"] for item in page["results"]]
        url = page["next"]
        pages += 1
    assert pages == 3
    assert seen == [c.pk for c in reversed(claims)]  # newest change first
    first = client.get(LIST + "?page_size=2").json()
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert ids(client.get(second["previous"])) == first_ids(first)


def first_ids(page: dict[str, Any]) -> list[int]:
    return [item["id"] for item in page["results"]]


def test_the_query_count_does_not_grow_with_the_page(client: Client, desk: Desk) -> None:
    article = make_article(body="NATO has 31 members. Four additional ships arrived.")
    for n in range(6):
        desk.fact_check(
            ClaimState.CORRECTED if n % 2 else ClaimState.PUBLISHED,
            article=article,
            sources=(f"https://a.example.org/{n}", f"https://b.example.org/{n}"),
        )
    for url in (LIST, CLAIM_REVIEWS):
        counts = []
        for size in (1, 50):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, {"page_size": size})
            assert response.status_code == 200
            assert len(response.json()["results"]) == min(size, 6)
            counts.append(len(queries))
        assert counts[0] == counts[1], (url, counts)
        assert counts[1] <= 4  # fingerprint, claims, published versions, sources


# --- Conditional GET -------------------------------------------------------------------------------------


def test_etag_and_last_modified_answer_304_with_at_most_one_query(
    client: Client, desk: Desk, django_assert_max_num_queries: Any
) -> None:
    claim = desk.fact_check()
    for url in (LIST, LIST + "?rating=true", detail_url(claim), claim_review_url(claim), CLAIM_REVIEWS):
        first = client.get(url)
        assert first.status_code == 200
        etag, last_modified = first["ETag"], first["Last-Modified"]
        assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
        with django_assert_max_num_queries(1):
            again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304, url
        assert again["ETag"] == etag
        with django_assert_max_num_queries(1):
            assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
        assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_the_list_etag_depends_on_the_query_string(client: Client, desk: Desk) -> None:
    desk.fact_check()
    assert client.get(LIST)["ETag"] != client.get(LIST, {"rating": "true"})["ETag"]
    assert client.get(LIST, {"rating": "true"})["ETag"] == client.get(LIST, {"rating": "true"})["ETag"]


def test_the_etag_changes_when_something_is_published_corrected_or_unpublished(client: Client, desk: Desk) -> None:
    first = desk.fact_check()
    etags = [client.get(LIST)["ETag"]]
    detail_etag = client.get(detail_url(first))["ETag"]

    second = desk.fact_check()
    etags.append(client.get(LIST)["ETag"])
    # Publishing another claim leaves the first one's detail alone.
    assert client.get(detail_url(first), HTTP_IF_NONE_MATCH=detail_etag).status_code == 304

    correct(first, rating="false", summary="No.", note="Miscounted.")
    etags.append(client.get(LIST)["ETag"])
    assert client.get(detail_url(first), HTTP_IF_NONE_MATCH=detail_etag).status_code == 200

    workflow.claim_transition(claim=second, action="unpublish", actor=desk.reviewer, comment="Withdrawn.")
    etags.append(client.get(LIST)["ETag"])
    assert len(set(etags)) == len(etags)
    assert client.get(LIST, HTTP_IF_NONE_MATCH=etags[-2]).status_code == 200
    assert client.get(detail_url(second), HTTP_IF_NONE_MATCH=etags[-2]).status_code == 404

    # A draft written after publication changes nothing the public sees.
    verdict = Verdict.objects.get(claim=first)
    VerdictVersion.objects.create(verdict=verdict, number=9, summary="draft", author=desk.annotator)
    assert client.get(LIST, HTTP_IF_NONE_MATCH=etags[-1]).status_code == 304


def test_last_modified_moves_forward_when_a_fact_check_is_unpublished(client: Client, desk: Desk) -> None:
    kept, withdrawn = desk.fact_check(), desk.fact_check()
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    backdate(kept, an_hour_ago)
    backdate(withdrawn, an_hour_ago)
    last_modified = client.get(LIST)["Last-Modified"]
    assert client.get(LIST, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304

    workflow.claim_transition(claim=withdrawn, action="unpublish", actor=desk.reviewer, comment="Withdrawn.")
    response = client.get(LIST, HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 200
    assert ids(response) == [kept.pk]


# --- Cross-origin reading, throttling -----------------------------------------------------------------------


def test_any_origin_may_read(client: Client, desk: Desk) -> None:
    claim = desk.fact_check()
    for url in (LIST, detail_url(claim), claim_review_url(claim), CSV_EXPORT):
        response = client.get(url, HTTP_ORIGIN="https://partner.example.net")
        assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        LIST, HTTP_ORIGIN="https://partner.example.net", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight["Access-Control-Allow-Origin"] == "*"


def test_public_endpoints_ignore_sessions_and_refuse_writes(client: Client, desk: Desk) -> None:
    claim = desk.fact_check()
    client.force_login(desk.reviewer)
    assert client.get(detail_url(claim)).status_code == 200
    assert client.post(LIST, {}, content_type="application/json").status_code == 405
    assert client.delete(detail_url(claim)).status_code == 405


def test_anonymous_clients_are_throttled_with_retry_after(client: Client, settings) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/min"}}
    cache.clear()
    assert [client.get(LIST).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(LIST)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert client.get(CSV_EXPORT).status_code == 429
    # Another address has its own allowance.
    assert client.get(LIST, REMOTE_ADDR="10.1.2.3").status_code == 200


# --- Exports --------------------------------------------------------------------------------------------------


def test_csv_export_streams_every_published_fact_check(client: Client, desk: Desk) -> None:
    published = desk.fact_check(sources=("https://stats.example.org/a",), claimant="=HYPERLINK(evil)")
    corrected = desk.fact_check(ClaimState.CORRECTED)
    desk.fact_check(ClaimState.IN_REVIEW)
    response = client.get(CSV_EXPORT)
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="fact-checks.csv"'
    rows = csv_rows(client)
    assert [int(r["id"]) for r in rows] == [corrected.pk, published.pk]
    by_id = {int(r["id"]): r for r in rows}
    row = by_id[published.pk]
    assert row["rating"] == "true" and row["rating_label"] == "True" and row["rating_value"] == "5"
    assert row["claim_text"] == "NATO has 31 members"
    assert row["source_urls"] == "https://stats.example.org/a"
    assert row["claimant"] == "'=HYPERLINK(evil)"  # never a spreadsheet formula
    assert row["url"].endswith(f"/fact-checks/{published.pk}/")
    assert by_id[corrected.pk]["correction_note"] == "Sweden joined since."
    assert by_id[corrected.pk]["version"] == "2"


def test_jsonl_export_is_one_api_item_a_line(client: Client, desk: Desk) -> None:
    claims = [desk.fact_check(), desk.fact_check(ClaimState.CORRECTED)]
    desk.fact_check(ClaimState.UNPUBLISHED)
    response = client.get(JSONL_EXPORT, HTTP_ACCEPT="application/x-ndjson")
    assert response.streaming
    assert response["Content-Type"] == "application/x-ndjson; charset=utf-8"
    items = jsonl_items(client)
    assert [item["id"] for item in items] == [c.pk for c in reversed(claims)]
    assert items == client.get(LIST).json()["results"]
    assert [item["id"] for item in jsonl_items(client, "?rating=half-true")] == [claims[1].pk]
