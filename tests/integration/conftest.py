"""Integration tests run on PostgreSQL and Redis; a Celery worker process is started on demand."""

from __future__ import annotations

import os
import signal
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

    def kill(self) -> None:
        """SIGKILL the worker and its pool children, as the OOM killer or a lost machine would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

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


class WorkerFactory:
    """Starts real `celery worker` processes bound to the test database; stops them all at teardown."""

    def __init__(self, tmp_path: Path) -> None:
        db = settings.DATABASES["default"]
        self.database_url = (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{connection.settings_dict['NAME']}"
        )
        self.tmp_path = tmp_path
        self.workers: list[WorkerProcess] = []

    def start(self, extra_env: dict[str, str] | None = None) -> WorkerProcess:
        hostname = f"test-{uuid.uuid4().hex[:8]}@localhost"
        log_path = self.tmp_path / f"worker-{len(self.workers)}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "factcheck.settings.test",
            "DATABASE_URL": self.database_url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            **(extra_env or {}),
        }
        with log_path.open("wb") as log_file:
            # Its own process group, so that a test can kill the worker and its pool children at once.
            process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "factcheck", "worker", "-Q", "default,fetch",
                 "--concurrency", "1", "-n", hostname, "-l", "info", "--without-mingle", "--without-gossip"],
                cwd=REPO_ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        worker = WorkerProcess(process, log_path, hostname)
        self.workers.append(worker)
        worker.wait_for_log("ready.", timeout=60)
        return worker

    def stop_all(self) -> None:
        for worker in self.workers:
            if worker.process.poll() is None:
                worker.process.terminate()
                try:
                    worker.process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    worker.kill()


@pytest.fixture
def celery_workers(
    transactional_db: None, django_db_serialized_rollback: None, redis_client: redis.Redis, tmp_path: Path
) -> Iterator[WorkerFactory]:
    """Real workers on both queues; the test process sends tasks through Redis while they run."""
    redis_client.flushdb()
    factory = WorkerFactory(tmp_path)
    previous_eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        yield factory
    finally:
        celery_app.conf.task_always_eager = previous_eager
        factory.stop_all()


@pytest.fixture
def celery_worker_process(celery_workers: WorkerFactory) -> WorkerProcess:
    """One real worker on both queues."""
    return celery_workers.start()
