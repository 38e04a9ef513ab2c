"""Load the public list and a minimal DRF view of the same size, served by gunicorn on PostgreSQL; print figures."""

from __future__ import annotations

import argparse
import asyncio
import datetime
import hashlib
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
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

# Run as `python bench/api_throughput.py` from a checkout: the project root holds the packages.
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.benchdb import bench_database_url, drop_database, recreate_database, without_password  # noqa: E402

SEED = 20240603
BENCH_DATABASE = "factcheck_bench"
PAGE_SIZE = 50
LIST_PATH = f"/api/v1/public/fact-checks/?page_size={PAGE_SIZE}"
FIXED_PATH = "/bench/fixed/"
SOURCES_PER_CLAIM = 3
TARGET_RATIO = 0.5
TARGET_P99_MS = 100.0
TARGET_304_QUERIES = 1

# Filler words have no digits, so a claim's figure occurs once in its article.
WORDS = [
    "the",
    "minister",
    "said",
    "alliance",
    "members",
    "ships",
    "patrol",
    "budget",
    "spending",
    "defence",
    "summit",
    "leaders",
    "agreed",
    "treaty",
    "report",
    "official",
    "government",
    "parliament",
    "vote",
    "voters",
    "election",
    "poll",
    "survey",
    "economy",
    "inflation",
    "bank",
    "growth",
    "quarter",
    "exports",
    "imports",
    "tariffs",
    "border",
    "police",
    "court",
    "ruling",
    "judge",
    "appeal",
    "hospital",
    "patients",
    "doctors",
    "nurses",
    "schools",
    "teachers",
    "pupils",
    "housing",
    "prices",
    "rents",
    "energy",
    "gas",
    "electricity",
    "wind",
    "solar",
    "coal",
    "emissions",
    "climate",
    "target",
    "year",
    "month",
    "week",
    "since",
    "before",
    "after",
    "more",
    "fewer",
    "than",
    "about",
]
THINGS = ("new homes", "hospital beds", "teachers hired", "kilometres of rail", "wind turbines", "police officers")
CLAIMANTS = ("The finance minister", "The city council", "The opposition leader", "A union spokesperson")
PUBLISHERS = ("Lindenport Evening Post", "Harbour Daily", "The Northern Courier")
STANCES = ("supports", "refutes", "context")


# --- Options and the database ------------------------------------------------------------------


def parse_options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of measured load per endpoint")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of unmeasured load before each endpoint")
    parser.add_argument("--connections", type=int, default=32, help="concurrent client connections")
    # The deployed configuration (Dockerfile, docker-compose.yml): 3 sync workers.
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument(
        "--threads", type=int, default=1, help="threads a worker: 1 means sync workers, more means gthread"
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


# --- Seeding, in-process, through the services and the workflow ----------------------------------


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def seed(count: int) -> None:
    """`count` published fact-checks: an annotator writes each one, a reviewer approves and publishes it."""
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
            url = f"https://records.example.org/{index + 1}/document-{number + 1}"
            source = services.source_add(claim=claim, url=url, stance=stance, note=_sentence(rng), added_by=annotator)
            # What the fetch worker records; publishing needs a fetched source.
            text = " ".join(_sentence(rng) for _ in range(60))  # about 6 KB, a short news article
            document = services.FetchedDocument(
                final_url=url,
                http_status=200,
                content_sha256=hashlib.sha256(text.encode()).hexdigest(),
                extracted_text=text,
                title=_sentence(rng).rstrip("."),
                publisher=rng.choice(PUBLISHERS),
                published_at=start - datetime.timedelta(days=rng.randint(1, 400)),
            )
            services.source_record_fetched(source=source, document=document)
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
        "--no-control-socket",  # gunicorn 23+ would otherwise make a socket in ~/.gunicorn
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


def _server_ticks(master: int) -> dict[int, int]:
    """CPU clock ticks of the gunicorn master and of each worker, by process id."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return {pid: _process_ticks(pid) for pid in (master, *map(int, children))}


def _machine_ticks() -> tuple[int, int]:
    """(busy, total) clock ticks of all cores since boot."""
    user, nice, system, idle, iowait, irq, softirq, steal = map(int, Path("/proc/stat").read_text().split()[1:9])
    busy = user + nice + system + irq + softirq + steal
    return busy, busy + idle + iowait


@dataclass(frozen=True)
class CpuShare:
    """Cores used during a run by each gunicorn worker, by the load generator (this process) and by the rest."""

    workers: tuple[float, ...]
    client: float
    # PostgreSQL, the kernel's share of loopback networking, and anything else running on the machine.
    other: float


@dataclass(frozen=True)
class CpuClock:
    """CPU time used so far by gunicorn's processes, by this process, and by the whole machine."""

    at: float
    server: dict[int, int]
    client: float
    machine: tuple[int, int]

    @classmethod
    def read(cls, master: int) -> CpuClock:
        return cls(time.monotonic(), _server_ticks(master), time.process_time(), _machine_ticks())

    def share_since(self, start: CpuClock, *, master: int) -> CpuShare:
        seconds = self.at - start.at
        cores = {pid: (ticks - start.server.get(pid, 0)) / TICKS / seconds for pid, ticks in self.server.items()}
        client = (self.client - start.client) / seconds
        busy = self.machine[0] - start.machine[0]
        busy_cores = busy / max(self.machine[1] - start.machine[1], 1) * len(os.sched_getaffinity(0))
        workers = tuple(sorted((share for pid, share in cores.items() if pid != master), reverse=True))
        return CpuShare(workers=workers, client=client, other=max(busy_cores - sum(cores.values()) - client, 0.0))


def busy_cores(seconds: float) -> float:
    """Cores busy on the machine over the next `seconds`: other work there skews every figure."""
    busy, total = _machine_ticks()
    time.sleep(seconds)
    now_busy, now_total = _machine_ticks()
    return (now_busy - busy) / max(now_total - total, 1) * len(os.sched_getaffinity(0))


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
    # What went wrong, e.g. {"status 500": 3, "IncompleteReadError": 1}.
    failures: Counter[str]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    def percentile_ms(self, fraction: float) -> float:
        """Nearest-rank percentile of the latencies, in milliseconds."""
        ordered = sorted(self.latencies)
        return ordered[max(math.ceil(fraction * len(ordered)) - 1, 0)] * 1000 if ordered else math.nan


class ProtocolError(Exception):
    """An answer the bench client cannot read (it reads Content-Length bodies only)."""


@dataclass
class _Stream:
    """One keep-alive connection of the load generator, opened on first use and again after a close."""

    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def _exchange(stream: _Stream, request: bytes) -> tuple[int, int, bool]:
    """Send one request and read its answer: (status, body bytes, whether the connection stays open)."""
    assert stream.reader is not None and stream.writer is not None
    stream.writer.write(request)
    head = (await stream.reader.readuntil(b"\r\n\r\n")).decode("latin-1")
    status_line, *lines = head.split("\r\n")
    status = int(status_line.split(" ", 2)[1])
    headers = dict((name.strip().lower(), value.strip()) for name, _, value in (line.partition(":") for line in lines))
    if "content-length" in headers:
        body = await stream.reader.readexactly(int(headers["content-length"]))
    elif status in (204, 304):
        body = b""
    else:
        raise ProtocolError(f"an answer {status} without Content-Length")
    return status, len(body), headers.get("connection", "").lower() != "close"


async def _load(
    address: tuple[str, int], request: bytes, streams: list[_Stream], *, seconds: float, expect: int, master: int
) -> tuple[list[float], Counter[str], int, CpuShare]:
    """Closed loop: each connection sends its next request as soon as the answer to the last one is read.

    Answers that arrive after `seconds` are read but not counted, so requests/s is counted over `seconds`.
    """
    latencies: list[float] = []
    failures: Counter[str] = Counter()
    body_bytes = 0
    deadline = time.perf_counter() + seconds

    async def connection(stream: _Stream) -> None:
        nonlocal body_bytes
        while time.perf_counter() < deadline:
            sent = time.perf_counter()
            try:
                if stream.writer is None:
                    stream.reader, stream.writer = await asyncio.open_connection(*address)
                status, size, keep_alive = await _exchange(stream, request)
            except (OSError, EOFError, ProtocolError, ValueError, IndexError, asyncio.LimitOverrunError) as error:
                failures[type(error).__name__] += 1
                stream.close()
                await asyncio.sleep(0.01)  # a refused or broken connection must not spin
                continue
            answered = time.perf_counter()
            if status != expect:
                failures[f"status {status}"] += 1
            elif answered <= deadline:
                latencies.append(answered - sent)
                body_bytes = size
            if not keep_alive:
                stream.close()

    async def stop_clock() -> CpuClock:
        await asyncio.sleep(max(deadline - time.perf_counter(), 0.0))
        return CpuClock.read(master)

    start = CpuClock.read(master)
    stopped = asyncio.create_task(stop_clock())
    await asyncio.gather(*(connection(stream) for stream in streams))
    end = await stopped
    return latencies, failures, body_bytes, end.share_since(start, master=master)


async def drive(
    name: str,
    host: str,
    path: str,
    *,
    options: argparse.Namespace,
    master: int,
    expect: int = 200,
    headers: dict[str, str] | None = None,
) -> Run:
    """Warm up, then measure one endpoint with `options.connections` connections."""
    hostname, port = host.rsplit(":", 1)
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}", "Accept: application/json"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    streams = [_Stream() for _ in range(options.connections)]
    address = (hostname, int(port))
    try:
        # The warm-up also opens the keep-alive connections the measured run reuses.
        await _load(address, request, streams, seconds=options.warmup, expect=expect, master=master)
        latencies, failures, body_bytes, cpu = await _load(
            address, request, streams, seconds=options.duration, expect=expect, master=master
        )
    finally:
        for stream in streams:
            stream.close()
    return Run(name, len(latencies), sum(failures.values()), options.duration, latencies, body_bytes, cpu, failures)


# --- Report --------------------------------------------------------------------------------------


def _verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def report_runs(runs: list[Run]) -> None:
    print()
    print(
        f"{'endpoint':<34} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} {'bytes':>8}"
        "   cores used: gunicorn workers / load generator / other"
    )
    for run in runs:
        print(
            f"{run.name:<34} {run.requests:>8,} {run.per_second:>8.1f} {run.percentile_ms(0.50):>8.1f} "
            f"{run.percentile_ms(0.99):>8.1f} {run.errors:>6} {run.body_bytes:>8,}"
            f"   {' + '.join(f'{share:.2f}' for share in run.cpu.workers)} / {run.cpu.client:.2f} / {run.cpu.other:.2f}"
        )
    for run in runs:
        if run.failures:
            print(f"errors of {run.name}: " + ", ".join(f"{kind} x {n}" for kind, n in run.failures.most_common()))


@dataclass(frozen=True)
class Prepared:
    seconds: float
    postgres_version: str
    page: InProcess


def prepare(options: argparse.Namespace, host: str) -> Prepared:
    """Migrate and seed the bench database in-process, then read the list page once through Django."""
    from django.core.management import call_command
    from django.db import connection, connections

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    seed(options.fact_checks)
    seconds = time.perf_counter() - began
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        row = cursor.fetchone()
    page = inspect_list(host)
    assert page.items == PAGE_SIZE, f"the list page has {page.items} fact-checks, not {PAGE_SIZE}"
    assert page.min_sources >= SOURCES_PER_CLAIM, f"a listed fact-check has only {page.min_sources} sources"
    connections.close_all()
    return Prepared(seconds=seconds, postgres_version=str(row[0]).split()[0] if row else "?", page=page)


def measure(options: argparse.Namespace, host: str, page: InProcess, env: dict[str, str]) -> list[Run]:
    """Start gunicorn, load the list, the fixed view and the list's 304 one after the other, stop gunicorn."""
    port = int(host.rsplit(":", 1)[1])
    with tempfile.TemporaryDirectory() as scratch:
        log = Path(scratch) / "gunicorn.log"
        with gunicorn(port, workers=options.workers, threads=options.threads, env=env, log=log) as process:
            wait_until_up(process, f"http://{host}", log)
            served = httpx.get(f"http://{host}{LIST_PATH}")
            assert served.status_code == 200, served.text[:500]
            assert served.headers["ETag"] == page.etag, "gunicorn and the in-process client disagree on the ETag"
            master = process.pid
            runs = [
                asyncio.run(drive("public list, page_size=50", host, LIST_PATH, options=options, master=master)),
                asyncio.run(drive("minimal DRF view, same size", host, FIXED_PATH, options=options, master=master)),
                asyncio.run(
                    drive(
                        "list, If-None-Match: its ETag",
                        host,
                        LIST_PATH,
                        options=options,
                        master=master,
                        expect=304,
                        headers={"If-None-Match": page.etag},
                    )
                ),
            ]
            if process.poll() is not None:
                raise SystemExit(f"gunicorn exited during the run:\n{log.read_text()[-3000:]}")
    return runs


def report_setup(options: argparse.Namespace, *, host: str, url: str, prepared: Prepared, busy: float) -> None:
    import django

    cores = len(os.sched_getaffinity(0))
    sync = options.threads == 1
    worker_kind = "sync" if sync else f"gthread, {options.threads} threads each"
    print("factcheck API throughput: the public list (page of 50) beside a minimal DRF view of the same size")
    print(
        f"machine    {cores} cores (nproc), {platform.machine()}, Linux {platform.release()}; "
        f"{busy:.2f} cores busy with other work in the second before the load"
    )
    print(
        f"software   Python {platform.python_version()}, Django {django.get_version()}, "
        f"PostgreSQL {prepared.postgres_version}"
    )
    print(
        f"server     gunicorn on {host}: {options.workers} workers ({worker_kind}), no access log; "
        "bench.settings = production settings, DEBUG off, anonymous throttle off"
    )
    print(
        f"data       {without_password(url)}: {options.fact_checks} published fact-checks (claim, article, "
        f"{SOURCES_PER_CLAIM} fetched sources, rated verdict) made through the services in {prepared.seconds:.1f} s"
    )
    print(
        f"body       {prepared.page.body_bytes:,} bytes, both endpoints; the list page costs "
        f"{prepared.page.list_queries} queries, its 304 {prepared.page.not_modified_queries} "
        "(in-process, CaptureQueriesContext)"
    )
    print(
        f"load       {options.connections} concurrent connections, closed loop"
        + (" (sync workers close each connection after one answer)" if sync else " (keep-alive)")
        + f", {options.warmup:g} s warm-up then {options.duration:g} s an endpoint"
    )
    print(f"           the load generator (asyncio, one thread, plain sockets) runs on the same {cores} cores")


def report_results(options: argparse.Namespace, *, prepared: Prepared, runs: list[Run]) -> None:
    from django.conf import settings

    report_runs(runs)
    listing, fixed, _ = runs
    assert listing.body_bytes == fixed.body_bytes == prepared.page.body_bytes, "the two bodies differ in size"
    ratio = listing.per_second / fixed.per_second
    p99 = listing.percentile_ms(0.99)
    queries = prepared.page.not_modified_queries
    print()
    print(f"list/fixed req/s   {ratio:.3f}   target >= {TARGET_RATIO}: {_verdict(ratio >= TARGET_RATIO)}")
    print(f"list p99           {p99:,.0f} ms   target < {TARGET_P99_MS:g} ms: {_verdict(p99 < TARGET_P99_MS)}")
    print(f"queries of a 304   {queries}   target <= {TARGET_304_QUERIES}: {_verdict(queries <= TARGET_304_QUERIES)}")
    if settings.DATABASES["default"].get("CONN_HEALTH_CHECKS"):
        print("                   (under gunicorn a reused connection also answers the SELECT 1 of CONN_HEALTH_CHECKS)")
    print(f"reproduce          {reproduce_command(options)}")


def main() -> None:
    options = parse_options()
    url = bench_database_url(BENCH_DATABASE)
    host = f"127.0.0.1:{free_port()}"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=url,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(32),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        PYTHONPATH=str(ROOT),
        # Nothing is collected into STATIC_ROOT: the API serves no static files.
        PYTHONWARNINGS="ignore:No directory at:UserWarning",
    )
    # No broker: seeding enqueues nothing and the API reads need none.
    os.environ.pop("REDIS_URL", None)
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

    import django
    from django.db import connections

    recreate_database(url)
    try:
        django.setup()
        prepared = prepare(options, host)
        report_setup(options, host=host, url=url, prepared=prepared, busy=busy_cores(1.0))
        env = {**os.environ, "BENCH_FIXED_BYTES": str(prepared.page.body_bytes)}
        report_results(options, prepared=prepared, runs=measure(options, host, prepared.page, env))
    finally:
        connections.close_all()
        if options.keep_db:
            print(f"kept the database {without_password(url)}")
        else:
            drop_database(url)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:  # gunicorn is stopped and the database dropped on the way out
        sys.exit(130)
