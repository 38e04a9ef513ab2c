"""Nothing lost with real processes: a worker killed mid-fetch, and Redis restarted between enqueue and consume."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import override_settings

from annotations import fetching, services
from annotations.models import FetchState, Source
from tests.conftest import service_missing
from tests.factories import make_article, make_claim
from tests.integration.conftest import WorkerFactory
from tests.sourceserver import SourceServer, running_source_server

pytestmark = pytest.mark.worker


@pytest.fixture
def web() -> Iterator[SourceServer]:
    with running_source_server() as server:
        yield server


def wait_for(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def _add_source(url: str) -> Source:
    claim = make_claim(make_article(), "31 members", claim_text="NATO has 31 members.")
    with transaction.atomic():  # committed for real: the fetch is enqueued to Redis on commit
        return services.source_add(claim=claim, url=url, stance="supports", added_by=None)


def _state(source: Source) -> str:
    source.refresh_from_db()
    return source.fetch_state


def test_a_worker_killed_mid_fetch_is_replaced_and_the_source_ends_fetched_once(
    celery_workers: WorkerFactory, web: SourceServer
) -> None:
    env = {"FETCH_ALLOWED_HOSTS": web.allow_entry, "FETCH_TIMEOUT_SECONDS": "30", "FETCH_STALE_SECONDS": "600"}
    web.slow_seconds = 20
    first = celery_workers.start(env)
    source = _add_source(web.url("/slow"))
    wait_for(lambda: web.hits.get("/slow", 0) == 1, 30, "the first worker to start fetching")
    first.kill()
    assert _state(source) == FetchState.FETCHING

    web.slow_seconds = 0.1
    celery_workers.start(env)
    # acks_late + reject_on_worker_lost: Redis hands the unacknowledged message out again once
    # its visibility timeout (8 s in tests) has passed.
    wait_for(lambda: _state(source) == FetchState.FETCHED, 60, "the redelivered fetch")
    assert Source.objects.filter(claim=source.claim).count() == 1
    assert source.attempts == 2 and web.hits["/slow"] == 2
    assert source.title == "Members of the alliance" and source.stored_copy


def _restart_local_redis() -> None:
    url = urlsplit(os.environ.get("REDIS_URL", ""))
    if url.hostname not in {"127.0.0.1", "localhost"} or shutil.which("redis-server") is None:
        service_missing("restarting Redis needs a local redis-server")
    port = str(url.port or 6379)
    subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", port, "shutdown", "nosave"], check=False, timeout=10)
    subprocess.run(
        [
            "redis-server",
            "--daemonize",
            "yes",
            "--bind",
            "127.0.0.1",
            "--port",
            port,
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        check=True,
        timeout=10,
    )
    wait_for(
        lambda: (
            subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", port, "ping"], capture_output=True).stdout
            == b"PONG\n"
        ),
        10,
        "Redis to come back",
    )


def test_redis_restarted_between_enqueue_and_consume_the_sweep_recovers_the_fetch(
    celery_workers: WorkerFactory, web: SourceServer
) -> None:
    source = _add_source(web.url("/article.html"))
    _restart_local_redis()  # keeps nothing on disk: the queued fetch is gone
    celery_workers.start({"FETCH_ALLOWED_HOSTS": web.allow_entry})
    time.sleep(2)
    assert _state(source) == FetchState.PENDING and web.hits.get("/article.html") is None

    with override_settings(FETCH_SWEEP_GRACE_SECONDS=0):
        assert fetching.sweep_overdue_fetches() == [source.pk]
    wait_for(lambda: _state(source) == FetchState.FETCHED, 30, "the swept fetch")
    assert source.attempts == 1 and web.hits["/article.html"] == 1
