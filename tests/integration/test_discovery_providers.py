"""External reference providers against a local server answering in their documented formats: real HTTP on loopback."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
import redis
from django.core.cache import cache
from django.utils import timezone

from annotations.models import Claim
from discovery import ratelimit, searching, tasks
from discovery.models import ReferenceSearch, ReferenceSuggestion, SearchState
from tests.factories import make_article, make_claim
from tests.providerserver import API_KEY, FACT_CHECK_TOOLS, WIKIPEDIA, ProviderServer, running_provider_server

pytestmark = pytest.mark.django_db

LABELS = {WIKIPEDIA: "Wikipedia", FACT_CHECK_TOOLS: "Fact Check Tools"}


@pytest.fixture
def service(settings: Any) -> Iterator[ProviderServer]:
    with running_provider_server() as server:
        settings.FETCH_ALLOWED_HOSTS = [server.allow_entry]
        settings.DISCOVERY_PROVIDERS = ["library", "fact_checks", WIKIPEDIA, FACT_CHECK_TOOLS]
        settings.DISCOVERY_WIKIPEDIA_BASE_URL = server.origin
        settings.DISCOVERY_FACT_CHECK_TOOLS_BASE_URL = server.origin
        settings.DISCOVERY_FACT_CHECK_TOOLS_API_KEY = API_KEY
        settings.DISCOVERY_TIMEOUT_SECONDS = {
            **settings.DISCOVERY_TIMEOUT_SECONDS,
            WIKIPEDIA: 0.5,
            FACT_CHECK_TOOLS: 0.5,
        }
        settings.DISCOVERY_RATE_PER_SECOND = {WIKIPEDIA: 1000.0, FACT_CHECK_TOOLS: 1000.0}
        settings.DISCOVERY_RETRY_BASE_SECONDS = 2.0
        cache.clear()
        for name in (WIKIPEDIA, FACT_CHECK_TOOLS):
            ratelimit.reset(name)
        yield server


@pytest.fixture
def claim(service: ProviderServer) -> Claim:
    return make_claim(make_article(), "31 members", claim_text="NATO has 31 members.")


def run(claim: Claim, provider: str, capture: Any) -> ReferenceSearch:
    """Run the provider's current search as its task would, with retries enqueued (and recorded) on commit."""
    search = ReferenceSearch.objects.get(claim=claim, provider=provider)
    with mock.patch.object(tasks.discover_references, "apply_async") as retry, capture(execute=True):
        searching.reference_search_step(search_id=search.pk, generation=search.generation)
    search.refresh_from_db()
    search.retry = retry  # type: ignore[attr-defined]
    return search


def test_wikipedia_results_come_from_search_and_extracts(
    claim: Claim, service: ProviderServer, django_capture_on_commit_callbacks: Any
) -> None:
    search = run(claim, WIKIPEDIA, django_capture_on_commit_callbacks)
    assert (search.state, search.message, search.result_count) == (SearchState.DONE, "", 2)
    first, second = ReferenceSuggestion.objects.filter(claim=claim).order_by("-score")
    assert first.url == "https://en.wikipedia.org/wiki/Member_states_of_NATO"
    assert first.title == "Member states of NATO" and first.provider == WIKIPEDIA
    assert first.snippet.startswith("The North Atlantic Treaty Organization had 31 member states")
    assert first.published_at == datetime.datetime(2024, 3, 7, 12, 0, tzinfo=datetime.UTC)
    assert first.score > second.score
    searches = [params for _, name, params, _ in service.requests if name == WIKIPEDIA]
    assert searches[0]["list"] == ["search"] and "nato" in searches[0]["srsearch"][0].lower()
    assert searches[1]["prop"] == ["extracts|info"] and searches[1]["pageids"] == ["1234|21133"]


def test_fact_check_tools_results_carry_publisher_and_rating(
    claim: Claim, service: ProviderServer, django_capture_on_commit_callbacks: Any
) -> None:
    search = run(claim, FACT_CHECK_TOOLS, django_capture_on_commit_callbacks)
    assert (search.state, search.result_count) == (SearchState.DONE, 2)
    best = ReferenceSuggestion.objects.filter(claim=claim).order_by("-score").first()
    assert best is not None
    assert (best.url, best.publisher, best.textual_rating) == (
        "https://checkers.example.org/nato-31-members",
        "Example Checkers",
        "True",
    )
    assert best.title == "Does NATO have 31 members?" and best.snippet == "A minister: NATO has 31 members."
    assert best.published_at == datetime.datetime(2023, 4, 5, 10, 0, tzinfo=datetime.UTC)
    other = ReferenceSuggestion.objects.get(claim=claim, url="https://other.example.net/checks/nato-40")
    assert other.publisher == "other.example.net", "publisher.site stands in for a missing name"
    _, _, params, headers = service.requests[-1]
    assert params["query"] == ["NATO has 31 members."] and params["languageCode"] == ["en"]
    assert headers["X-Goog-Api-Key"] == API_KEY and "key" not in params, "the key travels in a header only"


@pytest.mark.parametrize("provider", [WIKIPEDIA, FACT_CHECK_TOOLS])
def test_empty_results_finish_the_search(
    provider: str, claim: Claim, service: ProviderServer, django_capture_on_commit_callbacks: Any
) -> None:
    service.modes[provider] = "empty"
    search = run(claim, provider, django_capture_on_commit_callbacks)
    assert (search.state, search.message, search.result_count) == (SearchState.DONE, "", 0)
    assert not ReferenceSuggestion.objects.filter(claim=claim).exists()


@pytest.mark.parametrize("provider", [WIKIPEDIA, FACT_CHECK_TOOLS])
def test_429_honours_retry_after_and_says_so(
    provider: str, claim: Claim, service: ProviderServer, django_capture_on_commit_callbacks: Any
) -> None:
    service.modes[provider] = "429"
    before = timezone.now()
    search = run(claim, provider, django_capture_on_commit_callbacks)
    assert search.state == SearchState.PENDING
    assert search.message == f"{LABELS[provider]}: HTTP 429, retry after 30 s"
    assert search.next_attempt_at is not None
    assert abs((search.next_attempt_at - before).total_seconds() - 30) < 5
    search.retry.assert_called_once_with((search.pk, search.generation), countdown=30.0)  # type: ignore[attr-defined]

    # An HTTP date works as well as seconds.
    service.retry_after = "Wed, 21 Oct 2015 07:28:00 GMT"
    search = run(claim, provider, django_capture_on_commit_callbacks)
    assert search.message == f"{LABELS[provider]}: HTTP 429, retry after 0 s"


@pytest.mark.parametrize("provider", [WIKIPEDIA, FACT_CHECK_TOOLS])
def test_500_is_retried_with_backoff_then_given_up(
    provider: str, claim: Claim, service: ProviderServer, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    service.modes[provider] = "500"
    search = run(claim, provider, django_capture_on_commit_callbacks)
    assert search.state == SearchState.PENDING
    assert search.message.startswith(f"{LABELS[provider]}: HTTP 500; retrying in ")
    assert search.retry.call_count == 1  # type: ignore[attr-defined]
    for _ in range(settings.DISCOVERY_MAX_ATTEMPTS - 1):
        search = run(claim, provider, django_capture_on_commit_callbacks)
    assert search.state == SearchState.FAILED
    assert search.message == f"{LABELS[provider]}: HTTP 500 (gave up after 3 attempts)"
    assert search.retry.call_count == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize("provider", [WIKIPEDIA, FACT_CHECK_TOOLS])
def test_a_slow_service_times_out_in_words(
    provider: str, claim: Claim, service: ProviderServer, django_capture_on_commit_callbacks: Any
) -> None:
    service.modes[provider] = "slow"
    search = run(claim, provider, django_capture_on_commit_callbacks)
    assert search.state == SearchState.PENDING
    assert search.message.startswith(f"{LABELS[provider]}: timed out after 0.5 s; retrying in ")


@pytest.mark.parametrize("provider", [WIKIPEDIA, FACT_CHECK_TOOLS])
def test_malformed_json_fails_at_once(
    provider: str, claim: Claim, service: ProviderServer, django_capture_on_commit_callbacks: Any
) -> None:
    service.modes[provider] = "malformed"
    search = run(claim, provider, django_capture_on_commit_callbacks)
    assert (search.state, search.message) == (SearchState.FAILED, f"{LABELS[provider]}: the answer is not valid JSON")
    assert search.retry.call_count == 0  # type: ignore[attr-defined]


def test_a_failing_provider_does_not_block_the_others(
    claim: Claim, service: ProviderServer, django_capture_on_commit_callbacks: Any
) -> None:
    service.modes[WIKIPEDIA] = "malformed"
    for provider in ("library", "fact_checks", WIKIPEDIA, FACT_CHECK_TOOLS):
        run(claim, provider, django_capture_on_commit_callbacks)
    states = dict(ReferenceSearch.objects.filter(claim=claim).values_list("provider", "state"))
    assert states == {
        "library": "done",
        "fact_checks": "done",
        WIKIPEDIA: "failed",
        FACT_CHECK_TOOLS: "done",
    }
    assert ReferenceSuggestion.objects.filter(claim=claim, provider=FACT_CHECK_TOOLS).count() == 2


def test_identical_queries_are_answered_from_the_cache(
    service: ProviderServer, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    first = make_claim(make_article(), "31 members", claim_text="NATO has 31 members.")
    second = make_claim(make_article(title="Another"), "31 members", claim_text="NATO has 31 members.")
    run(first, WIKIPEDIA, django_capture_on_commit_callbacks)
    run(first, FACT_CHECK_TOOLS, django_capture_on_commit_callbacks)
    hits = (service.hits(WIKIPEDIA), service.hits(FACT_CHECK_TOOLS))
    assert hits == (2, 1)
    run(second, WIKIPEDIA, django_capture_on_commit_callbacks)
    run(second, FACT_CHECK_TOOLS, django_capture_on_commit_callbacks)
    assert (service.hits(WIKIPEDIA), service.hits(FACT_CHECK_TOOLS)) == hits
    assert ReferenceSuggestion.objects.filter(claim=second).count() == 4
    # The answers live in Redis with the TTL of DISCOVERY_CACHE_SECONDS.
    client = redis.Redis.from_url(settings.REDIS_URL)
    keys = client.keys("*discovery:answer:*")
    assert len(keys) == 3  # the two Wikipedia requests and the Fact Check Tools one
    assert all(0 < client.ttl(key) <= settings.DISCOVERY_CACHE_SECONDS for key in keys)


def test_fact_check_tools_is_off_without_an_api_key(service: ProviderServer, settings: Any) -> None:
    settings.DISCOVERY_FACT_CHECK_TOOLS_API_KEY = ""
    claim = make_claim(make_article(), "31 members", claim_text="NATO has 31 members.")
    providers = set(ReferenceSearch.objects.filter(claim=claim).values_list("provider", flat=True))
    assert providers == {"library", "fact_checks", WIKIPEDIA}


def test_wikipedia_follows_the_article_language(service: ProviderServer, settings: Any) -> None:
    from discovery.providers import provider_named

    settings.DISCOVERY_WIKIPEDIA_BASE_URL = "https://{lang}.wikipedia.org"
    wikipedia = provider_named(WIKIPEDIA)
    assert wikipedia.base_url("de") == "https://de.wikipedia.org"  # type: ignore[attr-defined]
    assert wikipedia.base_url("pt-BR") == "https://pt.wikipedia.org"  # type: ignore[attr-defined]
    assert wikipedia.base_url("x/../evil") == "https://en.wikipedia.org"  # type: ignore[attr-defined]


def test_private_addresses_are_still_refused(
    claim: Claim, service: ProviderServer, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.FETCH_ALLOWED_HOSTS = []
    search = run(claim, WIKIPEDIA, django_capture_on_commit_callbacks)
    assert search.state == SearchState.FAILED
    assert search.message == "Wikipedia: refused: 127.0.0.1 is a loopback address"
