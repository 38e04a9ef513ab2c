"""Serve the public fact-check list with gunicorn on PostgreSQL at 32 connections, beside a minimal DRF view, and print the figures."""

from __future__ import annotations

import argparse
import asyncio
import datetime
import math
import os
import platform
import random
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg
from psycopg import sql

# Run as `python bench/api_throughput.py` from a checkout: the project root holds the packages.
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEED = 20240603
BENCH_DATABASE = "factcheck_bench"
DEFAULT_DATABASE_URL = "postgres://postgres:postgres@127.0.0.1:5432/"
PAGE_SIZE = 50
LIST_PATH = f"/api/v1/public/fact-checks/?page_size={PAGE_SIZE}"
FIXED_PATH = "/bench/fixed/"
SOURCES_PER_CLAIM = 3
TARGET_RATIO = 0.5
TARGET_P99_MS = 100.0
TARGET_304_QUERIES = 1

WORDS = (
    "the minister said alliance members ships patrol budget spending defence summit leaders agreed "
    "treaty report official government parliament vote voters election poll survey economy inflation "
    "bank growth quarter exports imports tariffs border police court ruling judge appeal hospital "
    "patients doctors nurses schools teachers pupils housing prices rents energy gas electricity wind "
    "solar coal emissions climate target year month week since before after more fewer than about"
).split()
THINGS = ("new homes", "hospital beds", "teachers hired", "kilometres of rail", "wind turbines", "police officers")
CLAIMANTS = ("The finance minister", "The city council", "The opposition leader", "A union spokesperson")
PUBLISHERS = ("Lindenport Evening Post", "Harbour Daily", "The Northern Courier")
STANCES = ("supports", "refutes", "context")


# --- Options and the database ------------------------------------------------------------------


def parse_options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of measured load per endpoint")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of unmeasured load before each endpoint")
    parser.add_argument("--connections", type=int, default=32, help="concurrent keep-alive connections")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (one a core)")
    parser.add_argument(
        "--threads", type=int, default=4, help="threads a worker (gthread; 1 means sync workers, no keep-alive)"
    )
    parser.add_argument("--fact-checks", type=int, default=60, help=f"published fact-checks to seed (>= {PAGE_SIZE})")
    parser.add_argument("--keep-db", action="store_true", help=f"keep the {BENCH_DATABASE} database afterwards")
    options = parser.parse_args()
    assert options.fact_checks >= PAGE_SIZE, f"--fact-checks must be at least {PAGE_SIZE} to fill a page"
    assert options.connections >= 1 and options.workers >= 1 and options.threads >= 1
    return options


def reproduce_command(options: argparse.Namespace) -> str:
    arguments = [
        ".venv/bin/python",
        "bench/api_throughput.py",
        f"--duration={options.duration:g}",
        f"--warmup={options.warmup:g}",
        f"--connections={options.connections}",
        f"--workers={options.workers}",
        f"--threads={options.threads}",
        f"--fact-checks={options.fact_checks}",
    ]
    return shlex.join(arguments + (["--keep-db"] if options.keep_db else []))


def bench_database_url() -> str:
    """DATABASE_URL if it names PostgreSQL (else the local default), pointed at the bench database."""
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme not in ("postgres", "postgresql", "pgsql"):
        url = DEFAULT_DATABASE_URL
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + BENCH_DATABASE, parts.query, ""))


def without_password(url: str) -> str:
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    user = parts.username + "@" if parts.username else ""
    return urlunsplit((parts.scheme, user + host, parts.path, "", ""))


def _maintenance_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(("postgresql", parts.netloc, "/postgres", parts.query, ""))


def recreate_database(url: str) -> None:
    with psycopg.connect(_maintenance_url(url), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(BENCH_DATABASE)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(BENCH_DATABASE)))


def drop_database(url: str) -> None:
    with psycopg.connect(_maintenance_url(url), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(BENCH_DATABASE)))


# --- Seeding, in-process, through the services and the workflow ----------------------------------


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def seed(count: int) -> None:
    """`count` published fact-checks: an annotator writes each one, another reviewer approves and publishes it."""
    from django.contrib.auth.models import Group

    from accounts.models import User
    from annotations import services, workflow
    from annotations.models import Rating, Role

    rng = random.Random(SEED)
    annotator = User.objects.create_user(username="bench-annotator")
    annotator.groups.add(Group.objects.get(name=Role.ANNOTATOR.value))
    reviewer = User.objects.create_user(username="bench-reviewer")
    reviewer.groups.add(Group.objects.get(name=Role.REVIEWER.value))
    ratings = list(Rating.objects.order_by("order"))
    start = datetime.datetime(2026, 1, 5, 8, 0, tzinfo=datetime.UTC)
    for index in range(count):
        figure = f"{rng.randint(1_000, 99_999):,} {rng.choice(THINGS)}"
        claimant = rng.choice(CLAIMANTS)
        paragraphs = [" ".join(_sentence(rng) for _ in range(rng.randint(3, 6))) for _ in range(5)]
        paragraphs[2] += f" {claimant} said {figure} were delivered last year."
        article = services.article_create(
            title=f"{claimant} defends the record on {figure.split(' ', 1)[1]} ({index + 1})",
            body="\n\n".join(paragraphs),
            url=f"https://news.example.com/2026/bench-{index + 1}",
            publisher=rng.choice(PUBLISHERS),
            author="Bench Desk",
            published_at=start + datetime.timedelta(hours=index),
            created_by=annotator,
        )
        claim = services.claim_create(
            article=article,
            exact=figure,
            claim_text=f"{claimant} said {figure} were delivered last year.",
            claimant=claimant,
            claim_date=(start + datetime.timedelta(hours=index)).date(),
            created_by=annotator,
        )
        for number, stance in enumerate(STANCES[:SOURCES_PER_CLAIM]):
            services.source_add(
                claim=claim,
                url=f"https://records.example.org/{index + 1}/document-{number + 1}",
                stance=stance,
                note=_sentence(rng),
                added_by=annotator,
            )
        services.verdict_write(
            claim=claim,
            author=annotator,
            rating=ratings[index % len(ratings)],
            summary=_sentence(rng) + " " + _sentence(rng),
            explanation=" ".join(_sentence(rng) for _ in range(5)),
            expected_version=None,
        )
        for action in ("submit", "approve", "publish"):
            actor = annotator if action == "submit" else reviewer
            workflow.claim_transition(claim=claim, action=action, actor=actor)


@dataclass(frozen=True)
class InProcess:
    """What the list page is, and what it and its conditional GET cost in queries, read through Django's test client."""

    body_bytes: int
    items: int
    min_sources: int
    etag: str
    list_queries: int
    not_modified_queries: int


def inspect_list(host: str) -> InProcess:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=host)
    client.get(LIST_PATH)  # the first request pays for imports and url resolving
    with CaptureQueriesContext(connection) as list_queries:
        response = client.get(LIST_PATH)
    assert response.status_code == 200, response.content[:500]
    results = response.json()["results"]
    assert all(item["verdict"]["rating"] for item in results), "every listed fact-check should carry a rated verdict"
    etag = response["ETag"]
    with CaptureQueriesContext(connection) as not_modified_queries:
        answered = client.get(LIST_PATH, HTTP_IF_NONE_MATCH=etag)
    assert answered.status_code == 304, f"If-None-Match with the list's ETag answered {answered.status_code}"
    return InProcess(
        body_bytes=len(response.content),
        items=len(results),
        min_sources=min(len(item["sources"]) for item in results),
        etag=etag,
        list_queries=len(list_queries.captured_queries),
        not_modified_queries=len(not_modified_queries.captured_queries),
    )


# --- gunicorn ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def gunicorn(
    port: int, *, workers: int, threads: int, env: dict[str, str], log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "factcheck.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--worker-class={'gthread' if threads > 1 else 'sync'}",
        f"--threads={threads}",
        "--log-level=warning",
    ]
    with log.open("wb") as output:
        # A session of its own: Ctrl-C reaches this script, which then stops gunicorn in order.
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_up(process: subprocess.Popen[bytes], base_url: str, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(base_url + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"gunicorn did not answer /healthz within 30 s:\n{log.read_text()[-3000:]}")


# --- CPU accounting (Linux /proc) ----------------------------------------------------------------

TICKS = os.sysconf("SC_CLK_TCK")


def _process_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime, stime


def _server_ticks(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return _process_ticks(master) + sum(_process_ticks(int(pid)) for pid in children)


def _machine_ticks() -> tuple[int, int]:
    """(busy, total) clock ticks of all cores since boot."""
    values = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return sum(values) - idle, sum(values)


@dataclass(frozen=True)
class CpuShare:
    """Cores used during a run: the server (gunicorn), the load generator (this process), and the rest."""

    server: float
    client: float
    other: float


@contextmanager
def cpu_share(master: int, into: list[CpuShare]) -> Iterator[None]:
    server, client, (busy, total), began = (
        _server_ticks(master),
        time.process_time(),
        _machine_ticks(),
        time.monotonic(),
    )
    yield
    seconds = time.monotonic() - began
    server_cores = (_server_ticks(master) - server) / TICKS / seconds
    client_cores = (time.process_time() - client) / seconds
    now_busy, now_total = _machine_ticks()
    busy_cores = (now_busy - busy) / max(now_total - total, 1) * (os.cpu_count() or 1)
    into.append(CpuShare(server_cores, client_cores, max(busy_cores - server_cores - client_cores, 0.0)))


# --- Load --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    name: str
    requests: int
    errors: int
    seconds: float
    latencies: list[float]
    body_bytes: int
    cpu: CpuShare

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    def percentile_ms(self, fraction: float) -> float:
        """Nearest-rank percentile of the latencies, in milliseconds."""
        ordered = sorted(self.latencies)
        return ordered[max(math.ceil(fraction * len(ordered)) - 1, 0)] * 1000 if ordered else math.nan


async def _load(
    client: httpx.AsyncClient, url: str, *, connections: int, seconds: float, expect: int, headers: dict[str, str]
) -> tuple[list[float], int, float, int]:
    """Closed loop: each connection sends its next request when the answer to the last one is read."""
    latencies: list[float] = []
    errors = 0
    body_bytes = 0
    deadline = time.perf_counter() + seconds

    async def connection() -> None:
        nonlocal errors, body_bytes
        while time.perf_counter() < deadline:
            sent = time.perf_counter()
            try:
                response = await client.get(url, headers=headers)
            except httpx.HTTPError:
                errors += 1
                continue
            if response.status_code == expect:
                latencies.append(time.perf_counter() - sent)
                body_bytes = len(response.content)
            else:
                errors += 1

    began = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(connections)))
    return latencies, errors, time.perf_counter() - began, body_bytes


async def drive(
    name: str,
    url: str,
    *,
    options: argparse.Namespace,
    master: int,
    expect: int = 200,
    headers: dict[str, str] | None = None,
) -> Run:
    limits = httpx.Limits(max_connections=options.connections, max_keepalive_connections=options.connections)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        # The warm-up also opens the keep-alive connections the measured run reuses.
        await _load(client, url, connections=options.connections, seconds=options.warmup, expect=expect, headers={})
        shares: list[CpuShare] = []
        with cpu_share(master, shares):
            latencies, errors, seconds, body_bytes = await _load(
                client,
                url,
                connections=options.connections,
                seconds=options.duration,
                expect=expect,
                headers=headers or {},
            )
    return Run(name, len(latencies), errors, seconds, latencies, body_bytes, shares[0])


# --- Report --------------------------------------------------------------------------------------


def _verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def report_runs(runs: list[Run]) -> None:
    print()
    print(
        f"{'endpoint':<34} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} {'bytes':>8}"
        "   cores used: server / load generator / other"
    )
    for run in runs:
        print(
            f"{run.name:<34} {run.requests:>8,} {run.per_second:>8.1f} {run.percentile_ms(0.50):>8.1f} "
            f"{run.percentile_ms(0.99):>8.1f} {run.errors:>6} {run.body_bytes:>8,}"
            f"   {run.cpu.server:.2f} / {run.cpu.client:.2f} / {run.cpu.other:.2f}"
        )


def main() -> None:
    options = parse_options()
    url = bench_database_url()
    port = free_port()
    host = f"127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": url,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(32),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONPATH": str(ROOT),
        "PYTHONWARNINGS": "ignore::UserWarning:whitenoise.base",  # no collected static files: the API needs none
    }
    # No broker: the seeding services enqueue nothing, and the API reads need none.
    env.pop("REDIS_URL", None)
    os.environ.update(env)
    os.environ.pop("REDIS_URL", None)

    import django
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections

    recreate_database(url)
    try:
        django.setup()
        began = time.perf_counter()
        call_command("migrate", verbosity=0)
        seed(options.fact_checks)
        seeded = time.perf_counter() - began
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            postgres_version = cursor.fetchone()[0].split()[0]
        page = inspect_list(host)
        assert page.items == PAGE_SIZE and page.min_sources >= SOURCES_PER_CLAIM, page
        connections.close_all()
        env["BENCH_FIXED_BYTES"] = str(page.body_bytes)

        worker_class = f"{options.threads} threads (gthread)" if options.threads > 1 else "1 thread (sync)"
        print("factcheck API throughput: the public list (page of 50) beside a minimal DRF view of the same size")
        print(f"machine    {os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), {platform.platform()}")
        print(
            f"software   Python {platform.python_version()}, Django {django.get_version()}, PostgreSQL {postgres_version}"
        )
        print(
            f"server     gunicorn, {options.workers} workers x {worker_class}, bench.settings (production, DEBUG off,"
            " throttle off), plain http on " + host
        )
        print(
            f"database   {without_password(url)}: {options.fact_checks} published fact-checks, each with a claim, "
            f"an article, {SOURCES_PER_CLAIM} sources and a rated verdict (migrated and seeded in {seeded:.1f} s)"
        )
        print(
            f"load       {options.connections} keep-alive connections from httpx.AsyncClient on one thread, "
            f"{options.warmup:g} s warm-up then {options.duration:g} s per endpoint"
        )
        print(f"           the load generator runs on the same {os.cpu_count()} cores as gunicorn and PostgreSQL")

        runs: list[Run] = []
        with tempfile.TemporaryDirectory() as scratch:
            log = Path(scratch) / "gunicorn.log"
            with gunicorn(port, workers=options.workers, threads=options.threads, env=env, log=log) as process:
                base = f"http://{host}"
                wait_until_up(process, base, log)
                served = httpx.get(base + LIST_PATH)
                assert served.status_code == 200 and served.headers["ETag"] == page.etag, served.headers
                runs.append(
                    asyncio.run(
                        drive("public list, page_size=50", base + LIST_PATH, options=options, master=process.pid)
                    )
                )
                runs.append(
                    asyncio.run(
                        drive("minimal DRF view, same size", base + FIXED_PATH, options=options, master=process.pid)
                    )
                )
                runs.append(
                    asyncio.run(
                        drive(
                            "list, If-None-Match -> 304",
                            base + LIST_PATH,
                            options=options,
                            master=process.pid,
                            expect=304,
                            headers={"If-None-Match": page.etag},
                        )
                    )
                )
                if process.poll() is not None:
                    raise SystemExit(f"gunicorn exited during the run:\n{log.read_text()[-3000:]}")

        report_runs(runs)
        listing, fixed, _ = runs
        assert listing.body_bytes == fixed.body_bytes == page.body_bytes, (listing.body_bytes, fixed.body_bytes)
        ratio = listing.per_second / fixed.per_second
        p99 = listing.percentile_ms(0.99)
        print()
        print(f"ratio list/fixed req/s   {ratio:.2f}   target >= {TARGET_RATIO}: {_verdict(ratio >= TARGET_RATIO)}")
        print(f"list p99                 {p99:.1f} ms   target < {TARGET_P99_MS:g} ms: {_verdict(p99 < TARGET_P99_MS)}")
        print(
            f"queries of a 304         {page.not_modified_queries}   target <= {TARGET_304_QUERIES}: "
            f"{_verdict(page.not_modified_queries <= TARGET_304_QUERIES)} (a 200 page costs {page.list_queries};"
            " counted in-process with CaptureQueriesContext)"
        )
        if settings.DATABASES["default"].get("CONN_HEALTH_CHECKS"):
            print(
                "                         under gunicorn Django also pings a reused connection once a request"
                " (CONN_HEALTH_CHECKS: SELECT 1)"
            )
        print(f"reproduce                {reproduce_command(options)}")
    finally:
        connections.close_all()
        if options.keep_db:
            print(f"kept the database {without_password(url)}")
        else:
            drop_database(url)


if __name__ == "__main__":
    main()
