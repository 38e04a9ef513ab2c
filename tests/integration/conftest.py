"""Integration tests run on PostgreSQL and Redis; a Celery worker process is started on demand."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from factcheck.celery import app as celery_app
from tests.conftest import service_missing

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _require_postgresql(request: pytest.FixtureRequest) -> None:
    """Integration tests assert PostgreSQL behaviour (constraints, locking): SQLite does not count."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        service_missing("integration tests need DATABASE_URL pointing at PostgreSQL")


@pytest.fixture
def redis_client() -> redis.Redis:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        service_missing("REDIS_URL is not set")
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        service_missing(f"Redis at {url} does not answer: {error}")
    return client


class WorkerProcess:
    """A real `celery worker` subprocess bound to the test database and the test Redis database."""

    def __init__(self, process: subprocess.Popen[bytes], log_path: Path, hostname: str) -> None:
        self.process = process
        self.log_path = log_path
        self.hostname = hostname

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for_log(self, needle: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if needle in self.log():
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise AssertionError(f"{needle!r} not in the worker log within {timeout}s:\n{self.log()[-4000:]}")


@pytest.fixture
def celery_worker_process(
    transactional_db: None, django_db_serialized_rollback: None, redis_client: redis.Redis, tmp_path: Path
) -> Iterator[WorkerProcess]:
    """Start a worker on both queues; the test process sends tasks through Redis while it runs."""
    redis_client.flushdb()
    db = settings.DATABASES["default"]
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{connection.settings_dict['NAME']}"
    )
    hostname = f"test-{uuid.uuid4().hex[:8]}@localhost"
    log_path = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "factcheck.settings.test",
        "DATABASE_URL": database_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "factcheck", "worker", "-Q", "default,fetch",
             "--concurrency", "1", "-n", hostname, "-l", "info", "--without-mingle", "--without-gossip"],
            cwd=REPO_ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
        )  # fmt: skip
    worker = WorkerProcess(process, log_path, hostname)
    previous_eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        worker.wait_for_log("ready.", timeout=60)
        yield worker
    finally:
        celery_app.conf.task_always_eager = previous_eager
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
