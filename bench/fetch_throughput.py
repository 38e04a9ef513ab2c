"""Fetch sources through real Celery workers (the deployed pair) from a local server that answers after a delay.

Wall time from enqueue (the commit of the transaction that added the sources) to all of them fetched,
beside the ideal (urls x delay / fetch concurrency) and the time of fetching them one at a time.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import re
import secrets
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import redis

# Run as `python bench/fetch_throughput.py` from a checkout: the project root holds the packages.
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.benchdb import bench_database_url, drop_database, recreate_database, without_password  # noqa: E402

BENCH_DATABASE = "factcheck_fetchbench"
# A Redis database of its own: flushed at the start and at the end.
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/9"
# The settings the workers are deployed with (docker-compose.yml), configured from the environment.
SETTINGS_MODULE = "factcheck.settings.production"
DEFAULT_WORKER_CONCURRENCY = 2
TARGET_RATIO = 1.5
TARGET_SPEEDUP = 20.0
POLL_SECONDS = 0.05


def parse_options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--urls", type=int, default=200, help="sources to fetch, one url each")
    parser.add_argument("--delay", type=float, default=1.0, help="seconds the local server waits before answering")
    # The deployed fetch worker (README, docker-compose.yml): --pool threads --concurrency 32.
    parser.add_argument("--concurrency", type=int, default=32, help="threads of the fetch worker")
    parser.add_argument(
        "--sequential", type=int, default=10, help="urls fetched one at a time for the baseline (extrapolated)"
    )
    parser.add_argument(
        "--warmup", type=int, default=None, help="sources fetched before the clock starts (default: --concurrency)"
    )
    parser.add_argument("--timeout", type=float, default=120.0, help="give up waiting for the fetches after this")
    parser.add_argument("--keep-db", action="store_true", help=f"keep the {BENCH_DATABASE} database afterwards")
    options = parser.parse_args()
    assert options.urls >= 1 and options.delay >= 0 and options.concurrency >= 1
    assert options.sequential >= 1
    options.sequential = min(options.sequential, options.urls)
    if options.warmup is None:
        options.warmup = options.concurrency
    assert options.warmup >= 0
    return options


def reproduce_command(options: argparse.Namespace) -> str:
    arguments = [
        ".venv/bin/python",
        "bench/fetch_throughput.py",
        f"--urls={options.urls}",
        f"--delay={options.delay:g}",
        f"--concurrency={options.concurrency}",
        f"--sequential={options.sequential}",
        f"--warmup={options.warmup}",
    ]
    return shlex.join(arguments + (["--keep-db"] if options.keep_db else []))


# --- The database and the broker ---------------------------------------------------------------


def flush_redis(url: str) -> int:
    """Empty the bench's Redis database; returns how many keys it held."""
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        keys = int(client.dbsize())
        client.flushdb()
        return keys
    finally:
        client.close()


# --- The local server that plays the web ---------------------------------------------------------

PAGE_PATH = re.compile(r"^/page/(\d+)$")


def figure(n: int) -> str:
    """The number page n and its claim carry: distinct for every n."""
    return f"{1_000 + 37 * n:,}"


def claim_sentence(n: int) -> str:
    return f"The port of Lindenhaven handled {figure(n)} container ships in 2023."


def page_html(n: int) -> bytes:
    """A short news article with the claim's number, distinct for every n."""
    return f"""<!doctype html>
<html lang="en"><head>
<title>Harbour figures, report {n}</title>
<meta name="author" content="Harbour Desk">
<meta property="og:site_name" content="Lindenhaven Statistics Office">
<meta name="date" content="2024-03-0{1 + n % 9}">
</head><body>
<nav>Home · Reports · Contact</nav>
<article>
<h1>Harbour figures, report {n}</h1>
<p>The statistics office published its yearly harbour report on a rainy Tuesday morning.</p>
<p>The port of Lindenhaven handled {figure(n)} container ships in 2023, according to the office.</p>
<p>Traffic on the northern quays grew faster than on the southern ones for the third year running.</p>
<p>The office said the figures were checked against the records of the pilots and the customs service.</p>
</article>
<footer>Lindenhaven Statistics Office</footer>
</body></html>
""".encode()


@dataclass
class ServerStats:
    """What the server saw, on this process's perf_counter clock."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    in_flight: int = 0
    peak: int = 0
    arrived: list[float] = field(default_factory=list)
    answered: list[float] = field(default_factory=list)

    def reset(self) -> None:
        with self.lock:
            self.in_flight = self.peak = 0
            self.arrived, self.answered = [], []


@dataclass
class SlowServer:
    port: int
    delay: float
    stats: ServerStats

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, n: int) -> str:
        return f"{self.origin}/page/{n}"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # The default backlog of 5 would drop connections when a whole wave of fetches connects at
    # once, and a dropped SYN is retried only after a second: the bench would measure the kernel.
    request_queue_size = 1024


def _handler(server: SlowServer) -> type[BaseHTTPRequestHandler]:
    stats = server.stats

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            with stats.lock:
                stats.arrived.append(time.perf_counter())
                stats.in_flight += 1
                stats.peak = max(stats.peak, stats.in_flight)
            try:
                time.sleep(server.delay)
                match = PAGE_PATH.match(self.path)
                status, body, kind = (
                    (200, page_html(int(match.group(1))), "text/html; charset=utf-8")
                    if match
                    else (404, b"not found", "text/plain")
                )
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body)
            finally:
                with stats.lock:
                    stats.in_flight -= 1
                    stats.answered.append(time.perf_counter())

    return Handler


@contextmanager
def slow_server(delay: float) -> Iterator[SlowServer]:
    """A threaded HTTP server on 127.0.0.1 that answers every /page/<n> after `delay` seconds."""
    state = SlowServer(port=0, delay=delay, stats=ServerStats())
    httpd = _Server(("127.0.0.1", 0), _handler(state))
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


# --- Workers -------------------------------------------------------------------------------------


@dataclass
class Worker:
    name: str
    arguments: list[str]  # after `celery`
    log: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def command(self) -> str:
        return shlex.join(["celery", *self.arguments])

    def log_tail(self, characters: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-characters:] if self.log.exists() else ""


def worker_commands(options: argparse.Namespace, scratch: Path) -> list[Worker]:
    """The two workers as deployed (README "Background work"), each with a node name and a log file of its own."""
    common = ["-A", "factcheck", "worker"]

    def node(queue: str) -> list[str]:
        return ["-n", f"fetchbench-{queue}@127.0.0.1", "-l", "info"]

    return [
        Worker(
            "fetch",
            [*common, "-Q", "fetch", "--pool", "threads", "--concurrency", str(options.concurrency), *node("fetch")],
            scratch / "worker-fetch.log",
        ),
        Worker(
            "default",
            [*common, "-Q", "default", "--concurrency", str(DEFAULT_WORKER_CONCURRENCY), *node("default")],
            scratch / "worker-default.log",
        ),
    ]


@contextmanager
def running_workers(workers: list[Worker], env: dict[str, str]) -> Iterator[list[Worker]]:
    """Start the workers, wait until each logs "ready.", and stop them (warm shutdown, then kill) on the way out."""
    try:
        for worker in workers:
            with worker.log.open("wb") as output:
                # A session of its own: Ctrl-C reaches this script, which then stops the workers in order.
                worker.process = subprocess.Popen(
                    [sys.executable, "-m", "celery", *worker.arguments],
                    cwd=ROOT,
                    env=env,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
        deadline = time.monotonic() + 60
        for worker in workers:
            assert worker.process is not None
            while "ready." not in worker.log_tail(100_000):
                if worker.process.poll() is not None:
                    raise SystemExit(
                        f"the {worker.name} worker exited with {worker.process.returncode}:\n{worker.log_tail()}"
                    )
                if time.monotonic() > deadline:
                    raise SystemExit(f"the {worker.name} worker was not ready within 60 s:\n{worker.log_tail()}")
                time.sleep(0.1)
        yield workers
    finally:
        stop_workers(workers)


def stop_workers(workers: list[Worker]) -> None:
    for worker in workers:
        if worker.process is not None and worker.process.poll() is None:
            worker.process.send_signal(signal.SIGTERM)
    for worker in workers:
        if worker.process is None:
            continue
        try:
            worker.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.process.pid, signal.SIGKILL)
            worker.process.wait()


def check_workers_alive(workers: list[Worker]) -> None:
    for worker in workers:
        if worker.process is not None and worker.process.poll() is not None:
            raise SystemExit(
                f"the {worker.name} worker exited with {worker.process.returncode} during the run:\n{worker.log_tail()}"
            )


# --- CPU accounting (Linux /proc) ----------------------------------------------------------------

TICKS = os.sysconf("SC_CLK_TCK")


def _process_ticks(pid: int, *, children: bool = False) -> int:
    """utime + stime of a process, with `children` also those of its children that have exited and been reaped."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0
    own = int(fields[11]) + int(fields[12])
    return own + (int(fields[13]) + int(fields[14]) if children else 0)


def _tree_ticks(pid: int) -> int:
    """CPU clock ticks of a process and its live children (a prefork worker's pool processes)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except FileNotFoundError:
        children = []
    return _process_ticks(pid) + sum(_process_ticks(int(child)) for child in children)


def _ticks_of(command: str) -> int:
    """CPU clock ticks of every process named `command`, with their reaped children (closed PostgreSQL sessions)."""
    total = 0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if (proc / "comm").read_text().strip() != command:
                continue
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += _process_ticks(int(proc.name), children=True)
    return total


def _machine_ticks() -> tuple[int, int]:
    """(busy, total) clock ticks of all cores since boot."""
    user, nice, system, idle, iowait, irq, softirq, steal = map(int, Path("/proc/stat").read_text().split()[1:9])
    busy = user + nice + system + irq + softirq + steal
    return busy, busy + idle + iowait


@dataclass(frozen=True)
class Cores:
    """Cores used over a stretch of time, by part."""

    workers: list[float]  # each worker with its pool processes
    own: float  # this process: the HTTP server's threads and the polling
    postgres: float
    redis: float
    other: float  # the rest of the machine: the kernel's share, and other people's work


@dataclass(frozen=True)
class CpuClock:
    """CPU time used so far by the workers, this process, PostgreSQL, Redis and the whole machine."""

    at: float
    workers: tuple[int, ...]
    own: float
    postgres: int
    redis: int
    machine: tuple[int, int]

    @classmethod
    def read(cls, workers: list[Worker]) -> CpuClock:
        pids = [worker.process.pid for worker in workers if worker.process is not None]
        return cls(
            at=time.monotonic(),
            workers=tuple(_tree_ticks(pid) for pid in pids),
            own=time.process_time(),
            postgres=_ticks_of("postgres"),
            redis=_ticks_of("redis-server"),
            machine=_machine_ticks(),
        )

    def cores_since(self, start: CpuClock) -> Cores:
        seconds = self.at - start.at
        workers = [(now - then) / TICKS / seconds for now, then in zip(self.workers, start.workers, strict=True)]
        own = (self.own - start.own) / seconds
        postgres = (self.postgres - start.postgres) / TICKS / seconds
        redis_cores = (self.redis - start.redis) / TICKS / seconds
        busy = (self.machine[0] - start.machine[0]) / max(self.machine[1] - start.machine[1], 1)
        machine = busy * len(os.sched_getaffinity(0))
        other = max(machine - sum(workers) - own - postgres - redis_cores, 0.0)
        return Cores(workers, own, postgres, redis_cores, other)


def busy_cores(seconds: float) -> float:
    """Cores busy on the machine over the next `seconds`: other work there skews every figure."""
    busy, total = _machine_ticks()
    time.sleep(seconds)
    now_busy, now_total = _machine_ticks()
    return (now_busy - busy) / max(now_total - total, 1) * len(os.sched_getaffinity(0))


# --- Seeding, in-process, through the services ---------------------------------------------------


def seed_claims(pages: range) -> dict[int, int]:
    """An article with one claim for each page n, the claim's number the page's; returns {n: claim id}."""
    from accounts.models import User
    from annotations import services

    editor, _ = User.objects.get_or_create(username="fetchbench-editor")
    claim_ids = {}
    for n in pages:
        sentence = claim_sentence(n)
        article = services.article_create(
            title=f"Harbour record claimed ({n})",
            body=f"The mayor spoke at the harbour festival on Saturday.\n\n"
            f"{sentence} She called it the best year since the war.",
            url=f"https://news.example.com/2024/harbour-{n}",
            created_by=editor,
        )
        claim = services.claim_create(
            article=article, exact=sentence, claim_text=sentence, claimant="The mayor", created_by=editor
        )
        claim_ids[n] = claim.pk
    return claim_ids


@dataclass(frozen=True)
class Outcome:
    committed: float  # perf_counter when the transaction committed (the clock starts here)
    enqueued: float  # seconds after commit until the last fetch was sent to the broker
    seconds: float | None  # commit to every source fetched or failed; None when the run timed out
    states: Counter[str]
    errors: Counter[str]
    # Seconds after commit at which the number of finished sources passed each tenth of the total.
    progress: list[tuple[int, float]]
    cores: Cores  # from commit to done
    # PostgreSQL sessions opened on the bench database from commit to done.
    sessions: int


def add_sources_and_wait(
    claim_ids: dict[int, int], server: SlowServer, workers: list[Worker], *, timeout: float
) -> Outcome:
    """Add one source a claim in one transaction (the fetches are enqueued on commit), then poll until all are done."""
    from django.db import transaction
    from django.db.models import Count

    from accounts.models import User
    from annotations import services
    from annotations.models import Claim, FetchState, Source, Stance

    editor = User.objects.get(username="fetchbench-editor")
    claims = Claim.objects.in_bulk(list(claim_ids.values()))
    started: list[float] = []
    clocks: list[CpuClock] = []
    sessions_before = database_sessions()

    def commit_hook() -> None:
        started.append(time.perf_counter())
        clocks.append(CpuClock.read(workers))

    with transaction.atomic():
        # Registered first, so it runs first among the commit hooks: before any fetch is sent.
        transaction.on_commit(commit_hook)
        for n, claim_id in claim_ids.items():
            services.source_add(claim=claims[claim_id], url=server.url(n), stance=Stance.SUPPORTS, added_by=editor)
    committed = started[0]
    enqueued = time.perf_counter() - committed

    total = len(claim_ids)
    done_states = (FetchState.FETCHED, FetchState.FAILED)
    progress: list[tuple[int, float]] = []
    next_mark = 1
    seconds = None
    states: Counter[str] = Counter()
    sources = Source.objects.filter(claim_id__in=claim_ids.values())
    while True:
        now = time.perf_counter()
        states = Counter(
            {row["fetch_state"]: row["n"] for row in sources.values("fetch_state").annotate(n=Count("id")).order_by()}
        )
        done = sum(states[state] for state in done_states)
        while next_mark <= 10 and done >= math.ceil(total * next_mark / 10):
            progress.append((next_mark * 10, now - committed))
            next_mark += 1
        if done >= total:
            seconds = now - committed
            break
        if now - committed > timeout:
            break
        check_workers_alive(workers)
        time.sleep(POLL_SECONDS)
    cores = CpuClock.read(workers).cores_since(clocks[0])
    sessions = database_sessions() - sessions_before
    errors = Counter(sources.exclude(fetch_error="").values_list("fetch_error", flat=True).order_by("fetch_error"))
    return Outcome(committed, enqueued, seconds, states, errors, progress, cores, sessions)


def database_sessions() -> int:
    """Sessions PostgreSQL has opened on the current database so far (pg_stat_database, PostgreSQL 14+)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT sessions FROM pg_stat_database WHERE datname = current_database()")
        row = cursor.fetchone()
    return int(row[0]) if row else 0


# --- One at a time -------------------------------------------------------------------------------


def fetch_one_at_a_time(server: SlowServer, count: int) -> float:
    """Seconds to download `count` of the urls one after the other, in-process, through the same safe client."""
    from annotations import fetching

    began = time.perf_counter()
    for n in range(1, count + 1):
        fetching.download(server.url(n))
    return time.perf_counter() - began


# --- Report --------------------------------------------------------------------------------------


def _verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def versions() -> str:
    import celery
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        row = cursor.fetchone()
    postgres = str(row[0]).split()[0] if row else "?"
    return (
        f"Python {platform.python_version()}, Django {django.get_version()}, Celery {celery.__version__}, "
        f"PostgreSQL {postgres}"
    )


def report(
    options: argparse.Namespace,
    *,
    server: SlowServer,
    workers: list[Worker],
    database_url: str,
    redis_url: str,
    seed_seconds: float,
    outcome: Outcome,
    answered_after: float | None,
    first_request_after: float | None,
    peak: int,
    in_flight: float,
    requests: int,
    sequential: float,
    software: str,
    background: float,
    warmup: Outcome | None,
) -> bool:
    from django.conf import settings

    cores = len(os.sched_getaffinity(0))
    ideal = options.urls * options.delay / options.concurrency
    waves = math.ceil(options.urls / options.concurrency) * options.delay
    per_url = sequential / options.sequential
    one_at_a_time = per_url * options.urls
    extrapolated = options.sequential < options.urls
    print(
        f"factcheck fetch throughput: {options.urls} sources on a local server that answers each after "
        f"{options.delay:g} s"
    )
    print(
        f"machine    {cores} cores (nproc), {platform.machine()}, Linux {platform.release()}; "
        f"{background:.2f} cores busy in the second before the run (workers idle)"
    )
    print(f"software   {software}")
    print(
        f"settings   {SETTINGS_MODULE} (as deployed), DEBUG off, CONN_MAX_AGE "
        f"{settings.DATABASES['default']['CONN_MAX_AGE']} s, prefetch multiplier "
        f"{settings.CELERY_WORKER_PREFETCH_MULTIPLIER}, acks_late; tasks not eager"
    )
    print(f"           database {without_password(database_url)}, broker {redis_url} (flushed before and after)")
    print(
        f"server     {server.origin}/page/<n>: ThreadingHTTPServer, a thread a request, each answered after "
        f"{options.delay:g} s with a {len(page_html(1)):,}-byte HTML article"
    )
    for worker in workers:
        print(f"worker     {worker.command}")
    print(f"seed       {options.urls + options.warmup} claims (an article each) in {seed_seconds:.1f} s")
    if warmup is not None:
        print(
            f"warm-up    {options.warmup} other sources fetched through the workers first, in "
            f"{warmup.seconds or math.nan:.2f} s (not counted: a fresh worker's first tasks pay one-off costs)"
        )
    print(
        f"measured   {options.urls} source_add() in one transaction; the clock starts at its commit, the fetches "
        f"are enqueued on commit (in {outcome.enqueued:.2f} s), polling every {POLL_SECONDS:g} s"
    )
    print()
    states = ", ".join(f"{state} {n}" for state, n in sorted(outcome.states.items()))
    if outcome.seconds is None:
        print(f"TIMED OUT after {options.timeout:g} s: {states}")
    print(f"{'first request at the server':<36} {first_request_after or math.nan:>7.2f} s after commit")
    print(
        f"{'all downloads answered':<36} {answered_after or math.nan:>7.2f} s "
        f"({requests} requests, at most {peak} at once, {in_flight:.1f} on average)"
    )
    print(f"{'all sources fetched (extracted)':<36} {outcome.seconds or math.nan:>7.2f} s   <- wall time")
    print("  progress (% done at s): " + ", ".join(f"{pct}% {at:.1f}" for pct, at in outcome.progress))
    print(
        f"{'ideal: urls x delay / concurrency':<36} {ideal:>7.2f} s   ({options.urls} x {options.delay:g} s / "
        f"{options.concurrency}; whole waves of {options.concurrency} take {waves:g} s)"
    )
    ratio = (outcome.seconds or math.inf) / ideal if ideal else math.nan
    print(f"{'ratio to ideal':<36} {ratio:>7.2f}     target <= {TARGET_RATIO:g}: {_verdict(ratio <= TARGET_RATIO)}")
    used = outcome.cores
    fetch_cores, default_cores = used.workers
    print(
        f"{'cores used, commit to done':<36} fetch worker {fetch_cores:.2f}, default worker {default_cores:.2f}, "
        f"PostgreSQL {used.postgres:.2f}, Redis {used.redis:.2f}, this process (server, polling) {used.own:.2f}, "
        f"other {used.other:.2f}; of {cores}"
    )
    print(
        f"{'PostgreSQL sessions opened':<36} {outcome.sessions:>7}     for {2 * options.urls} tasks (fetch and extract)"
    )
    reuse = getattr(settings, "CELERY_DB_REUSE_MAX", None)
    print(
        f"           (CELERY_DB_REUSE_MAX {reuse}: "
        + (
            "Celery's Django fixup closes the connection before and after every task, whatever CONN_MAX_AGE says)"
            if not reuse
            else f"a worker thread keeps its connection for about {reuse} tasks)"
        )
    )
    failed = outcome.states.get("failed", 0)
    print(f"{'failed':<36} {failed:>7}")
    for message, n in outcome.errors.most_common(5):
        print(f"  {n} x {message}")
    how = (
        f"{options.sequential} measured: {sequential:.2f} s, x {options.urls / options.sequential:g} (extrapolated)"
        if extrapolated
        else "all measured"
    )
    print(f"{'one at a time (download() in-process)':<36} {one_at_a_time:>7.1f} s   ({how})")
    speedup = one_at_a_time / (outcome.seconds or math.inf)
    print(
        f"{'speedup: one at a time / workers':<36} {speedup:>7.1f} x   target >= {TARGET_SPEEDUP:g} x: "
        f"{_verdict(speedup >= TARGET_SPEEDUP)}"
    )
    print("           (one at a time only downloads; the workers also extract, rank and store every source)")
    print(f"reproduce  {reproduce_command(options)}")
    # The verdicts are printed; the exit status says only whether every source was fetched in time.
    return outcome.seconds is not None and failed == 0


def main() -> None:
    options = parse_options()
    database_url = bench_database_url(BENCH_DATABASE)
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    with tempfile.TemporaryDirectory(prefix="fetchbench-") as scratch, slow_server(options.delay) as server:
        os.environ.update(
            DJANGO_SETTINGS_MODULE=SETTINGS_MODULE,
            DATABASE_URL=database_url,
            REDIS_URL=redis_url,
            CELERY_TASK_ALWAYS_EAGER="false",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(32),
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            DJANGO_DEBUG="false",
            # Stored copies go to a scratch directory, not the checkout's var/.
            FACTCHECK_DATA_DIR=scratch,
            FETCH_ALLOWED_HOSTS=f"127.0.0.1:{server.port}",
            PYTHONPATH=str(ROOT),
            PYTHONWARNINGS="ignore:No directory at:UserWarning",
        )
        warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
        worker_env = {**os.environ, "LOG_LEVEL": "INFO"}
        os.environ["LOG_LEVEL"] = "WARNING"

        import django
        from django.db import connections

        recreate_database(database_url)
        flush_redis(redis_url)
        workers = worker_commands(options, Path(scratch))
        complete = False
        try:
            django.setup()
            from django.core.management import call_command

            began = time.perf_counter()
            call_command("migrate", verbosity=0)
            claim_ids = seed_claims(range(1, options.urls + 1))
            warmup_ids = seed_claims(range(options.urls + 1, options.urls + options.warmup + 1))
            seed_seconds = time.perf_counter() - began
            software = versions()
            with running_workers(workers, worker_env):
                warmup = None
                if warmup_ids:
                    warmup = add_sources_and_wait(warmup_ids, server, workers, timeout=options.timeout)
                background = busy_cores(1.0)
                server.stats.reset()
                outcome = add_sources_and_wait(claim_ids, server, workers, timeout=options.timeout)
            with server.stats.lock:
                stats = server.stats
                first = min(stats.arrived) - outcome.committed if stats.arrived else None
                answered = max(stats.answered) - outcome.committed if stats.answered else None
                peak, requests = stats.peak, len(stats.arrived)
                # Request-seconds the server spent over the span from the first arrival to the last answer.
                busy = sum(stats.answered) - sum(stats.arrived) if len(stats.answered) == requests else math.nan
                in_flight = busy / (max(stats.answered) - min(stats.arrived)) if requests else math.nan
            sequential = fetch_one_at_a_time(server, options.sequential)
            complete = report(
                options,
                server=server,
                workers=workers,
                database_url=database_url,
                redis_url=redis_url,
                seed_seconds=seed_seconds,
                outcome=outcome,
                answered_after=answered,
                first_request_after=first,
                peak=peak,
                in_flight=in_flight,
                requests=requests,
                sequential=sequential,
                software=software,
                background=background,
                warmup=warmup,
            )
        finally:
            stop_workers(workers)
            connections.close_all()
            flush_redis(redis_url)
            if options.keep_db:
                print(f"kept the database {without_password(database_url)}")
            else:
                drop_database(database_url)
    sys.exit(0 if complete else 1)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:  # the workers are stopped, the database dropped and Redis flushed on the way out
        sys.exit(130)
