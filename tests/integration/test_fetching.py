"""Fetching sources from a real local web server: extraction, passages, every failure in words, imports, link checks."""

from __future__ import annotations

import datetime
import gzip
import hashlib
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from annotations import fetching, tasks
from annotations.models import ArticleImport, Claim, ClaimState, FetchState, Role, Source
from tests.factories import make_article, make_claim, make_user
from tests.sourceserver import ARTICLE_HTML, SourceServer, running_source_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def web(settings: Any) -> Iterator[SourceServer]:
    with running_source_server() as server:
        settings.FETCH_ALLOWED_HOSTS = [server.allow_entry]
        settings.FETCH_RETRY_BASE_SECONDS = 0.01
        settings.FETCH_TIMEOUT_SECONDS = 1.0
        settings.FETCH_MAX_BYTES = 1_000_000
        yield server


@pytest.fixture
def api() -> APIClient:
    client = APIClient()
    client.force_authenticate(make_user(Role.ANNOTATOR))
    return client


@pytest.fixture
def claim() -> Claim:
    return make_claim(make_article(), "31 members", claim_text="NATO has 31 members.")


def add_source(api: APIClient, claim: Claim, url: str, capture: Any) -> Source:
    """Add a source through the API; the fetch runs in-process when the request's transaction commits."""
    with capture(execute=True):
        response = api.post(f"/api/v1/claims/{claim.pk}/sources/", {"url": url, "stance": "supports"})
    assert response.status_code == 201, response.json()
    assert response.json()["fetch_state"] == "pending", "the answer does not wait for the fetch"
    return Source.objects.get(pk=response.json()["id"])


def test_an_html_source_is_fetched_extracted_stored_and_ranked(
    api: APIClient, claim: Claim, web: SourceServer, django_capture_on_commit_callbacks: Any
) -> None:
    source = add_source(api, claim, web.url("/redirect"), django_capture_on_commit_callbacks)
    assert (source.fetch_state, source.fetch_error, source.attempts) == (FetchState.FETCHED, "", 1)
    assert source.final_url == web.url("/article.html") and source.http_status == 200
    assert source.canonical_url == "https://stats.example.org/members"
    assert (source.title, source.author, source.publisher) == ("Members of the alliance", "Jane Roe", "Stats Office")
    assert source.published_at is not None and source.published_at.date().isoformat() == "2023-04-04"
    assert "Home · About" not in source.extracted_text, "navigation is not main text"
    assert source.content_sha256 == hashlib.sha256(ARTICLE_HTML.encode()).hexdigest()
    with source.stored_copy.open("rb") as stored:
        assert gzip.decompress(stored.read()) == ARTICLE_HTML.encode()
    assert "thirty-one members" in source.passage_text
    assert source.extracted_text[source.passage_start : source.passage_end] == source.passage_text
    assert source.numbers_agreement == "agree"
    assert source.fetched_at is not None

    shown = api.get(f"/api/v1/sources/{source.pk}/").json()
    assert shown["passages"][0]["numbers"] == "agree" and shown["numbers_agreement"] == "agree"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/report.pdf", "The register lists 31 members in 2023."),
        ("/plain.txt", "about 28,000 passengers"),
        ("/latin1.html", "Le café compte 31 membres"),
    ],
)
def test_pdf_plain_text_and_declared_charsets_are_read(
    api: APIClient, claim: Claim, web: SourceServer, path: str, expected: str, django_capture_on_commit_callbacks: Any
) -> None:
    source = add_source(api, claim, web.url(path), django_capture_on_commit_callbacks)
    assert source.fetch_state == FetchState.FETCHED, source.fetch_error
    assert expected in source.extracted_text


def test_a_differing_number_is_flagged(
    api: APIClient, web: SourceServer, django_capture_on_commit_callbacks: Any
) -> None:
    article = make_article(body='Ferries carry "more than 40,000 passengers on a typical weekday".')
    claim = make_claim(article, "more than 40,000 passengers", claim_text="Ferries carry more than 40,000 passengers.")
    source = add_source(api, claim, web.url("/plain.txt"), django_capture_on_commit_callbacks)
    assert source.numbers_agreement == "differ"
    assert "28,000" in source.passage_text


@pytest.mark.parametrize(
    ("path", "error", "attempts"),
    [
        ("/missing", "HTTP 404", 1),
        ("/error", "HTTP 500 (gave up after 2 attempts)", 2),
        ("/slow", "timed out after 1 s (gave up after 2 attempts)", 2),
        ("/huge", "larger than 1000000 bytes", 1),
        ("/archive.zip", "not HTML, text or PDF: application/zip", 1),
        ("/redirect-private", "refused: 10.0.0.5 is a private address", 1),
        ("/redirect-loop", "redirect", 1),
    ],
)
def test_failures_are_kept_in_words(
    api: APIClient,
    claim: Claim,
    web: SourceServer,
    settings: Any,
    path: str,
    error: str,
    attempts: int,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.FETCH_MAX_ATTEMPTS = 2
    web.slow_seconds = 2.0
    source = add_source(api, claim, web.url(path), django_capture_on_commit_callbacks)
    assert source.fetch_state == FetchState.FAILED
    assert error in source.fetch_error
    assert source.attempts == attempts


def test_a_transient_failure_is_retried_and_then_succeeds(
    api: APIClient, claim: Claim, web: SourceServer, django_capture_on_commit_callbacks: Any
) -> None:
    web.flaky_failures = 1
    source = add_source(api, claim, web.url("/flaky"), django_capture_on_commit_callbacks)
    assert (source.fetch_state, source.attempts, web.hits["/flaky"]) == (FetchState.FETCHED, 2, 2)


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://10.0.0.5/", "refused: 10.0.0.5 is a private address"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("http://[::1]/", "refused"),
        ("http://224.0.0.1/", "refused"),
        ("http://0.0.0.0/", "refused"),
        ("http://[::ffff:127.0.0.1]/", "refused"),
    ],
)
def test_private_and_special_addresses_are_refused_in_words(
    api: APIClient, claim: Claim, settings: Any, url: str, words: str, django_capture_on_commit_callbacks: Any
) -> None:
    settings.FETCH_ALLOWED_HOSTS = []
    source = add_source(api, claim, url, django_capture_on_commit_callbacks)
    assert source.fetch_state == FetchState.FAILED
    assert words in source.fetch_error
    assert source.attempts == 1, "refusals are never retried"


def test_the_local_server_itself_is_refused_without_the_allow_list(
    api: APIClient, claim: Claim, web: SourceServer, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.FETCH_ALLOWED_HOSTS = []
    source = add_source(api, claim, web.url("/article.html"), django_capture_on_commit_callbacks)
    assert source.fetch_state == FetchState.FAILED and "loopback" in source.fetch_error
    assert web.hits.get("/article.html") is None, "nothing was sent"


def test_non_http_urls_and_numeric_hosts_are_refused_at_the_api(api: APIClient, claim: Claim) -> None:
    # Numeric hosts are not valid URLs to Django's validator; the fetcher refuses them too (test_safe_http).
    for url in ("ftp://example.org/file", "file:///etc/passwd", "javascript:alert(1)", "http://2130706433/",
                "http://0x7f000001/"):  # fmt: skip
        response = api.post(f"/api/v1/claims/{claim.pk}/sources/", {"url": url, "stance": "supports"})
        assert response.status_code == 400 and "url" in response.json()
    assert not Source.objects.exists()


def test_refetch_and_url_change_make_a_new_generation_and_stale_tasks_do_nothing(
    api: APIClient, claim: Claim, web: SourceServer, django_capture_on_commit_callbacks: Any
) -> None:
    source = add_source(api, claim, web.url("/article.html"), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/v1/sources/{source.pk}/refetch/")
    assert response.status_code == 202
    source.refresh_from_db()
    assert (source.fetch_generation, source.fetch_state, web.hits["/article.html"]) == (2, FetchState.FETCHED, 2)

    with django_capture_on_commit_callbacks(execute=True):
        patched = api.patch(f"/api/v1/sources/{source.pk}/", {"url": web.url("/report.pdf")})
    assert patched.status_code == 200
    source.refresh_from_db()
    assert source.fetch_generation == 3 and "register lists 31 members" in source.extracted_text

    # A late task of an older generation (a redelivered message) changes nothing.
    tasks.fetch_source(source.pk, 1)
    tasks.extract_source(source.pk, 2)
    source.refresh_from_db()
    assert "register lists 31 members" in source.extracted_text and web.hits["/article.html"] == 2
    assert api.post("/api/v1/sources/999999/refetch/").status_code == 404


def test_the_sweep_recovers_a_fetch_whose_message_was_lost(
    claim: Claim, web: SourceServer, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.FETCH_SWEEP_GRACE_SECONDS = 0
    # Added, but the on-commit enqueue never happened (the broker lost it).
    from annotations import services

    source = services.source_add(claim=claim, url=web.url("/article.html"), stance="supports", added_by=None)
    Source.objects.filter(pk=source.pk).update(next_attempt_at=timezone.now() - datetime.timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert fetching.sweep_overdue_fetches() == [source.pk]
    source.refresh_from_db()
    assert source.fetch_state == FetchState.FETCHED and source.attempts == 1
    assert fetching.sweep_overdue_fetches() == [], "nothing left to sweep"


def test_article_import_by_url(api: APIClient, web: SourceServer, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/articles/", {"url": web.url("/article.html")})
    assert response.status_code == 202
    imported = api.get(response["Location"]).json()
    assert imported["state"] == "done" and imported["article"] is not None
    article = api.get(f"/api/v1/articles/{imported['article']}/").json()
    assert article["title"] == "Members of the alliance"
    assert article["url"] == web.url("/article.html") and article["publisher"] == "Stats Office"
    assert "thirty-one members" in article["body"]

    with django_capture_on_commit_callbacks(execute=True):
        missing = api.post("/api/v1/articles/", {"url": web.url("/missing")})
    failed = ArticleImport.objects.get(pk=missing.json()["id"])
    assert (failed.state, failed.error, failed.article) == ("failed", "HTTP 404", None)
    assert api.post("/api/v1/articles/", {"url": "ftp://x"}).status_code == 400


def test_link_checks_flag_dead_and_changed_pages_and_keep_the_stored_copy(
    api: APIClient, claim: Claim, web: SourceServer, django_capture_on_commit_callbacks: Any
) -> None:
    changing = add_source(api, claim, web.url("/changing"), django_capture_on_commit_callbacks)
    vanishing = add_source(api, claim, web.url("/vanishing"), django_capture_on_commit_callbacks)
    steady = add_source(api, claim, web.url("/article.html"), django_capture_on_commit_callbacks)
    Claim.objects.filter(pk=claim.pk).update(state=ClaimState.PUBLISHED)
    stored_before = changing.content_sha256

    assert tasks.schedule_link_checks() == 3
    for source in (changing, vanishing, steady):
        source.refresh_from_db()
    assert (changing.link_status, vanishing.link_status, steady.link_status) == ("changed", "dead", "ok")
    assert vanishing.link_error == "HTTP 404"
    assert changing.content_sha256 == stored_before, "the stored copy the verdict relied on is kept"
    assert tasks.schedule_link_checks() == 0, "checked sources are not due again"
