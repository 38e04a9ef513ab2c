"""Real `celery worker` processes: the per-provider rate limit holds across two workers sharing Redis."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from typing import Any

import pytest

from discovery.models import ReferenceSearch, SearchState
from tests.factories import make_article, make_claim
from tests.integration.conftest import WorkerFactory
from tests.providerserver import WIKIPEDIA, ProviderServer, running_provider_server

pytestmark = pytest.mark.worker

RATE = 4.0  # requests per second, for both workers together
WORDS = ["harbour", "ferry", "bridge", "tunnel", "airport", "railway", "canal", "tramway", "motorway", "pier"]


@pytest.fixture
def wikipedia(settings: Any) -> Iterator[ProviderServer]:
    with running_provider_server() as server:
        settings.DISCOVERY_PROVIDERS = [WIKIPEDIA]
        settings.DISCOVERY_WIKIPEDIA_BASE_URL = server.origin
        settings.FETCH_ALLOWED_HOSTS = [server.allow_entry]
        yield server


def wait_until(predicate: Any, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


def test_the_rate_limit_holds_across_two_worker_processes(
    celery_workers: WorkerFactory, wikipedia: ProviderServer
) -> None:
    env = {
        "DISCOVERY_PROVIDERS": WIKIPEDIA,
        "DISCOVERY_WIKIPEDIA_BASE_URL": wikipedia.origin,
        "FETCH_ALLOWED_HOSTS": wikipedia.allow_entry,
        "DISCOVERY_WIKIPEDIA_RATE_PER_SECOND": str(RATE),
        "DISCOVERY_RATE_LIMIT_MAX_WAIT_SECONDS": "30",
    }
    workers = [celery_workers.start(env), celery_workers.start(env)]
    article = make_article(body="The city opened the new " + " and the ".join(WORDS) + " this year.")
    # Different words, so that no answer comes from the cache: every search reaches the service.
    claims = [make_claim(article, word, claim_text=f"The {word} carried 31,000 people in 2023.") for word in WORDS]

    def all_done() -> bool:
        return ReferenceSearch.objects.filter(claim__in=claims, state=SearchState.DONE).count() == len(claims)

    wait_until(all_done)
    arrivals = sorted(when for when, service, _, _ in wikipedia.requests if service == WIKIPEDIA)
    assert len(arrivals) >= len(claims)
    interval = 1 / RATE
    # Slots are spaced by the interval on Redis's clock; an arrival adds the delay of its own request
    # (tens of ms, more on a busy machine), which can shorten one gap and lengthen the next. Without
    # the shared limit the two workers' requests arrive together (gaps of a few ms), 8 or more a second.
    gaps = [b - a for a, b in itertools.pairwise(arrivals)]
    assert min(gaps) >= interval / 4, [round(g, 3) for g in gaps]
    busiest = max(sum(1 for t in arrivals if start <= t < start + 1.0) for start in arrivals)
    assert busiest <= RATE + 1, f"{busiest} requests within one second"
    assert arrivals[-1] - arrivals[0] >= (len(arrivals) - 1) * interval - 0.5
    for worker in workers:
        assert "fetch.discover_references" in worker.log(), "both workers took part"
