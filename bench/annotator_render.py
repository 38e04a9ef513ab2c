"""Open the annotator page of a 50,000-word article with 2,000 claims in headless Chromium; print how long it takes.

The clock runs from navigation start (the browser's performance.timeOrigin, so the server's answer is included)
to the front end's `factcheck:highlights-drawn` mark, taken once data-highlights on <html> equals the claim count.
gunicorn serves the page with production settings (bench.ui_settings) from a PostgreSQL database of its own.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import secrets
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from bisect import bisect_right
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import BrowserContext, Page, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError

# Run as `python bench/annotator_render.py` from a checkout: the project root holds the packages.
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.api_throughput import busy_cores, free_port, gunicorn, wait_until_up  # noqa: E402
from bench.benchdb import bench_database_url, drop_database, recreate_database, without_password  # noqa: E402

SEED = 20240611
BENCH_DATABASE = "factcheck_uibench"
SETTINGS_MODULE = "bench.ui_settings"
CHROMIUM = Path("/usr/bin/chromium")
FRONTEND = ROOT / "frontend"
MANIFEST = FRONTEND / "dist" / "manifest.json"
DRAWN_MARK = "factcheck:highlights-drawn"
TARGET_SECONDS = 1.0
SLOW_SEEDING_SECONDS = 60.0
USERNAME = "bench-annotator"

# Filler vocabulary of the generated article: plain words; figures are added as tokens of their own.
FILLER = (
    "the council said that its harbour plan would cut waiting times for ferry passengers across the bay while "
    "critics argued the budget had grown faster than any estimate presented to residents at the spring hearing "
    "officials told reporters a new depot was already under construction and that drivers trained last winter "
    "were ready to start as soon as the contract is signed by both parties after months of talks between the "
    "regional authority and the operator over fares timetables staff numbers safety checks maintenance costs "
    "and who should pay when services are cancelled because of storms strikes or shortages of spare parts"
)
WORDS = FILLER.split()
CLAIMANTS = ("The harbour master", "The transport minister", "The opposition leader", "A union spokesperson")


# --- Options and the front-end build -------------------------------------------------------------


def parse_options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="measured page loads, a fresh page each")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured page loads in the browser before the runs")
    parser.add_argument("--words", type=int, default=50_000, help="words of the article")
    parser.add_argument("--claims", type=int, default=2_000, help="claims on the article, evenly spread")
    parser.add_argument(
        "--overlap", type=float, default=0.10, help="share of the claims that overlap a neighbouring claim"
    )
    # The deployed configuration (Dockerfile, docker-compose.yml): 3 sync workers.
    parser.add_argument("--workers", type=int, default=3, help="gunicorn (sync) worker processes")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds a page load may take before failing")
    parser.add_argument("--keep-db", action="store_true", help=f"keep the {BENCH_DATABASE} database afterwards")
    options = parser.parse_args()
    assert options.runs >= 1 and options.warmup >= 0 and options.workers >= 1
    assert options.claims >= 2 and options.words >= 1_000 and 0 <= options.overlap <= 1
    return options


def reproduce_command(options: argparse.Namespace) -> str:
    arguments = [
        ".venv/bin/python",
        "bench/annotator_render.py",
        f"--runs={options.runs}",
        f"--warmup={options.warmup}",
        f"--words={options.words}",
        f"--claims={options.claims}",
        f"--overlap={options.overlap:g}",
        f"--workers={options.workers}",
    ]
    return shlex.join(arguments + (["--keep-db"] if options.keep_db else []))


def ensure_frontend_build() -> None:
    """The page loads the Vite build; build it once if frontend/dist has no manifest."""
    if MANIFEST.exists():
        return
    npm = shutil.which("npm")
    if npm is None or not (FRONTEND / "node_modules").is_dir():
        raise SystemExit(
            f"{MANIFEST.relative_to(ROOT)} is missing and cannot be built here (needs npm and frontend/node_modules):"
            " run `npm ci && npm run build` in frontend/ first."
        )
    print("frontend/dist/manifest.json is missing: running `npm run build` in frontend/ ...", flush=True)
    built = subprocess.run([npm, "run", "build"], cwd=FRONTEND, capture_output=True, text=True)
    if built.returncode != 0 or not MANIFEST.exists():
        raise SystemExit(f"`npm run build` failed ({built.returncode}):\n{(built.stdout + built.stderr)[-3000:]}")


# --- The article and its claims ------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    body: str
    paragraphs: int
    # (start, end, paragraph number) of every sentence, offsets in code points (the body is ASCII).
    sentences: list[tuple[int, int, int]]


def _figure(rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        return f"{rng.randint(1_000, 99_999):,}"
    if kind == 1:
        return f"{rng.randint(1, 99)}.{rng.randint(0, 9)}%"
    if kind == 2:
        return str(rng.randint(1990, 2026))
    return f"{rng.randint(2, 900)}m"  # ASCII, as all the text: code point offsets are string indices


def article_text(words: int, rng: random.Random) -> Text:
    """`words` words of filler in paragraphs of 80-150 words and sentences of 6-22, about one token in 12 a figure."""
    paragraphs: list[str] = []
    sentences: list[tuple[int, int, int]] = []
    offset = 0
    left = words
    while left > 0:
        size = min(rng.randint(80, 150), left)
        tokens = [_figure(rng) if rng.random() < 1 / 12 else rng.choice(WORDS) for _ in range(size)]
        left -= size
        pieces: list[str] = []
        at = 0
        while at < size:
            length = min(rng.randint(6, 22), size - at)
            if size - at - length < 4:  # no stub of a sentence at the end of a paragraph
                length = size - at
            sentence = " ".join(tokens[at : at + length])
            sentence = sentence[0].upper() + sentence[1:] + "."
            start = offset + sum(len(p) + 1 for p in pieces)
            sentences.append((start, start + len(sentence), len(paragraphs)))
            pieces.append(sentence)
            at += length
        paragraph = " ".join(pieces)
        paragraphs.append(paragraph)
        offset += len(paragraph) + 2  # "\n\n"
    body = "\n\n".join(paragraphs)
    assert len(body.split()) == words and body.isascii()
    return Text(body=body, paragraphs=len(paragraphs), sentences=sentences)


def claim_spans(text: Text, count: int, overlap: float) -> list[tuple[int, int]]:
    """One sentence a claim at evenly spaced points of the text; some claims run on into the next claim.

    A claim that runs on overlaps its neighbour, so `overlap` x `count` claims overlap (in pairs) when the
    next claim is in the same paragraph often enough, which it is at 2,000 claims in 50,000 words.
    """
    starts = [start for start, _, _ in text.sentences]
    chosen: list[int] = []
    for index in range(count):
        point = index * len(text.body) // count
        sentence = max(bisect_right(starts, point) - 1, chosen[-1] + 1 if chosen else 0)
        assert sentence < len(text.sentences), "too many claims for the sentences of the article"
        chosen.append(sentence)
    spans = [(text.sentences[s][0], text.sentences[s][1]) for s in chosen]
    # Pairs of neighbours in one paragraph, not sharing a claim with another pair, spread over the text.
    candidates = [i for i in range(0, count - 1, 2) if text.sentences[chosen[i]][2] == text.sentences[chosen[i + 1]][2]]
    pairs = round(count * overlap / 2)
    assert pairs <= len(candidates), f"only {len(candidates)} neighbouring claims share a paragraph"
    for k in range(pairs):
        i = candidates[k * len(candidates) // pairs]
        next_start, next_end = spans[i + 1]
        spans[i] = (spans[i][0], next_start + max((next_end - next_start) // 3, 1))
    return spans


def overlapping(spans: list[tuple[int, int]]) -> int:
    """How many of the spans overlap at least one other."""
    ordered = sorted(range(len(spans)), key=lambda i: spans[i])
    hit: set[int] = set()
    reach, holder = -1, -1
    for i in ordered:
        start, end = spans[i]
        if start < reach:
            hit.update((i, holder))
        if end > reach:
            reach, holder = end, i
    return len(hit)


@dataclass(frozen=True)
class Seeded:
    article_id: int
    claims: int
    overlapping: int
    words: int
    characters: int
    paragraphs: int
    with_figures: int
    password: str
    article_seconds: float
    claim_seconds: float
    postgres_version: str


def seed(options: argparse.Namespace) -> Seeded:
    """Migrate, then an annotator, the article and its claims, all through the services."""
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import User
    from annotations import services
    from annotations.models import Role

    call_command("migrate", verbosity=0)
    rng = random.Random(SEED)
    password = secrets.token_urlsafe(16)
    annotator = User.objects.create_user(username=USERNAME, password=password)
    annotator.groups.add(Group.objects.get(name=Role.ANNOTATOR.value))

    text = article_text(options.words, rng)
    began = time.perf_counter()
    article = services.article_create(
        title="Harbour plan: the council's ferry figures, line by line",
        body=text.body,
        url="https://news.example.com/2026/harbour-plan",
        publisher="Lindenport Evening Post",
        author="Bench Desk",
        created_by=annotator,
    )
    article_seconds = time.perf_counter() - began
    assert article.current_revision is not None and article.current_revision.body == text.body

    spans = claim_spans(text, options.claims, options.overlap)
    began = time.perf_counter()
    for start, end in spans:
        quote = text.body[start:end]
        services.claim_create(
            article=article,
            start=start,
            end=end,
            claim_text=" ".join(quote.split()),
            claimant=rng.choice(CLAIMANTS),
            created_by=None,
        )
    claim_seconds = time.perf_counter() - began
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        row = cursor.fetchone()
    return Seeded(
        article_id=article.pk,
        claims=len(spans),
        overlapping=overlapping(spans),
        words=len(text.body.split()),
        characters=len(text.body),
        paragraphs=text.paragraphs,
        with_figures=sum(any(c.isdigit() for c in text.body[s:e]) for s, e in spans),
        password=password,
        article_seconds=article_seconds,
        claim_seconds=claim_seconds,
        postgres_version=str(row[0]).split()[0] if row else "?",
    )


# --- The browser ---------------------------------------------------------------------------------

# Navigation timing and the mark, all in ms since navigation start (performance.timeOrigin).
TIMINGS_JS = """(markName) => {
    const nav = performance.getEntriesByType("navigation")[0];
    const drawn = performance.getEntriesByName(markName, "mark");
    const assets = performance.getEntriesByType("resource")
        .filter((r) => new URL(r.name).pathname.startsWith("/static/"))
        .map((r) => ({path: new URL(r.name).pathname, bytes: r.decodedBodySize, transfer: r.transferSize,
                      end: r.responseEnd}));
    return {
        responseStart: nav.responseStart,
        responseEnd: nav.responseEnd,
        domInteractive: nav.domInteractive,
        domContentLoaded: nav.domContentLoadedEventEnd,
        drawn: drawn.length > 0 ? drawn[0].startTime : null,
        marks: drawn.length,
        htmlBytes: nav.decodedBodySize,
        bootChars: (document.getElementById("boot")?.textContent ?? "").length,
        assets,
    };
}"""

# Every claim id that has a <mark> in the article: the highlights really are on the page.
DRAWN_IDS_JS = """() => {
    const ids = new Set();
    for (const mark of document.querySelectorAll(".article-body mark[data-claims]")) {
        for (const id of mark.dataset.claims.split(" ")) ids.add(id);
    }
    return {ids: ids.size, marks: document.querySelectorAll(".article-body mark").length};
}"""


@dataclass(frozen=True)
class Load:
    """One page load, in ms since navigation start."""

    ttfb: float
    html_received: float
    dom_interactive: float
    dom_content_loaded: float
    drawn: float
    # The module script can run once the document is parsed and main.js has arrived.
    script_start: float
    html_bytes: int
    boot_chars: int
    asset_bytes: dict[str, int]
    assets_cached: bool

    @property
    def draw(self) -> float:
        return self.drawn - self.script_start


def log_in(page: Page, base_url: str, password: str) -> None:
    page.goto(f"{base_url}/login/")
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()


def load_page(context: BrowserContext, url: str, claims: int, *, timeout: float, check_dom: bool = False) -> Load:
    """Open `url` in a fresh page and wait until the front end says every claim is highlighted."""
    page = context.new_page()
    # What went wrong, if the highlights never come: script errors and failed requests.
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    try:
        page.goto(url, wait_until="commit")
        try:
            page.wait_for_function(
                "(n) => document.documentElement.dataset.highlights === n", arg=str(claims), timeout=timeout * 1000
            )
        except PlaywrightError as error:
            drawn = page.evaluate("() => document.documentElement.dataset.highlights ?? null")
            raise SystemExit(
                f"{page.url}: highlights not drawn within {timeout:g} s (data-highlights={drawn!r})\n"
                + "\n".join(problems[:20])
            ) from error
        found: dict[str, Any] = page.evaluate(TIMINGS_JS, DRAWN_MARK)
        if check_dom:
            dom: dict[str, int] = page.evaluate(DRAWN_IDS_JS)
            assert dom["ids"] == claims, f"{dom['ids']} claims have a <mark> in the article, not {claims}"
    finally:
        page.close()
    assert found["drawn"] is not None, f"no {DRAWN_MARK} mark on the page"
    assets: list[dict[str, Any]] = found["assets"]
    script_loaded = max((a["end"] for a in assets if a["path"].endswith(".js")), default=0.0)
    return Load(
        ttfb=found["responseStart"],
        html_received=found["responseEnd"],
        dom_interactive=found["domInteractive"],
        dom_content_loaded=found["domContentLoaded"],
        drawn=found["drawn"],
        script_start=max(found["domInteractive"], script_loaded),
        html_bytes=found["htmlBytes"],
        boot_chars=found["bootChars"],
        asset_bytes={Path(a["path"]).name: a["bytes"] for a in assets},
        assets_cached=bool(assets) and all(a["transfer"] == 0 for a in assets),
    )


def warm_workers(base_url: str, path: str, context: BrowserContext, workers: int) -> None:
    """Serve the page a few times at once, so that every gunicorn worker has imported and compiled what it needs."""
    cookies = {c["name"]: c["value"] for c in context.cookies(base_url) if "name" in c and "value" in c}

    def get(_: int) -> int:
        return httpx.get(base_url + path, cookies=cookies, timeout=60).status_code

    with ThreadPoolExecutor(max_workers=2 * workers) as pool:
        statuses = list(pool.map(get, range(4 * workers)))
    assert set(statuses) == {200}, f"warming the workers answered {statuses}"


def measure(options: argparse.Namespace, seeded: Seeded, host: str, env: dict[str, str]) -> list[Load]:
    """Start gunicorn and Chromium, log in, warm up, then load the annotator page `options.runs` times."""
    base_url = f"http://{host}"
    path = f"/articles/{seeded.article_id}/"
    port = int(host.rsplit(":", 1)[1])
    with tempfile.TemporaryDirectory() as scratch:
        log = Path(scratch) / "gunicorn.log"
        with gunicorn(port, workers=options.workers, threads=1, env=env, log=log) as process:
            wait_until_up(process, base_url, log)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=["--no-sandbox"], headless=True
                )
                try:
                    context = browser.new_context()
                    login_page = context.new_page()
                    log_in(login_page, base_url, seeded.password)
                    login_page.close()
                    warm_workers(base_url, path, context, options.workers)
                    for index in range(options.warmup):
                        load_page(
                            context, base_url + path, seeded.claims, timeout=options.timeout, check_dom=index == 0
                        )
                    loads = [
                        load_page(
                            context,
                            base_url + path,
                            seeded.claims,
                            timeout=options.timeout,
                            check_dom=options.warmup == 0 and run == 0,
                        )
                        for run in range(options.runs)
                    ]
                    print(f"browser    Chromium {browser.version}, headless, {CHROMIUM}")
                finally:
                    browser.close()
            if process.poll() is not None:
                raise SystemExit(f"gunicorn exited during the run:\n{log.read_text()[-3000:]}")
    return loads


# --- Report --------------------------------------------------------------------------------------


def report_setup(options: argparse.Namespace, *, host: str, url: str, seeded: Seeded, busy: float) -> None:
    import django

    cores = len(os.sched_getaffinity(0))
    per_claim_ms = seeded.claim_seconds / seeded.claims * 1000
    print("factcheck annotator page: navigation to all claim highlights drawn, headless Chromium")
    print(
        f"machine    {cores} cores (nproc), {platform.machine()}, Linux {platform.release()}; "
        f"{busy:.2f} cores busy with other work in the second before the runs"
    )
    print(
        f"software   Python {platform.python_version()}, Django {django.get_version()}, "
        f"PostgreSQL {seeded.postgres_version}"
    )
    print(
        f"server     gunicorn on {host}: {options.workers} sync workers, no access log; {SETTINGS_MODULE} = "
        "production settings, DEBUG off, Vite build served by WhiteNoise from the finders"
    )
    print(
        f"data       {without_password(url)}: one article of {seeded.words:,} words ({seeded.characters:,} characters, "
        f"{seeded.paragraphs:,} paragraphs), {seeded.claims:,} claims spread evenly, {seeded.overlapping:,} of them "
        f"({seeded.overlapping / seeded.claims:.0%}) overlapping a neighbour, {seeded.with_figures:,} quoting a figure"
    )
    print(
        f"seeding    article_create {seeded.article_seconds:.2f} s; {seeded.claims:,} claim_create calls "
        f"{seeded.claim_seconds:.1f} s ({per_claim_ms:.1f} ms a claim)"
        + (f"  -- slower than {SLOW_SEEDING_SECONDS:g} s" if seeded.claim_seconds > SLOW_SEEDING_SECONDS else "")
    )
    print(
        f"method     logged in through /login/, then {options.warmup} unmeasured load(s) and {options.runs} measured, "
        "each in a fresh page of the same browser context; clock = performance.timeOrigin to the first "
        f"'{DRAWN_MARK}' mark, read once data-highlights = {seeded.claims:,}"
    )


def report_results(options: argparse.Namespace, seeded: Seeded, loads: list[Load]) -> None:
    print()
    columns = ("TTFB", "HTML done", "domInteractive", "DOMContentLoaded", "script start", "draw", "highlights drawn")
    print(f"{'run':>4} " + " ".join(f"{c:>{max(len(c), 8)}}" for c in columns) + "   (ms since navigation start)")
    for number, load in enumerate(loads, 1):
        values = (
            load.ttfb,
            load.html_received,
            load.dom_interactive,
            load.dom_content_loaded,
            load.script_start,
            load.draw,
            load.drawn,
        )
        cached = "  assets from the browser cache" if load.assets_cached else ""
        print(
            f"{number:>4} "
            + " ".join(f"{v:>{max(len(c), 8)}.0f}" for c, v in zip(columns, values, strict=True))
            + cached
        )

    def figure(name: str, values: list[float]) -> None:
        print(f"{name:<34} median {statistics.median(values):>7.0f} ms   max {max(values):>7.0f} ms")

    print()
    figure("server, time to first byte", [load.ttfb for load in loads])
    figure("DOMContentLoaded", [load.dom_content_loaded for load in loads])
    figure("draw (mark - script start)", [load.draw for load in loads])
    figure("navigation to highlights drawn", [load.drawn for load in loads])
    first = loads[0]
    assets = ", ".join(f"{name} {size / 1024:.1f} KB" for name, size in sorted(first.asset_bytes.items()))
    print(
        f"page size                          HTML {first.html_bytes / 1024:,.0f} KB (boot JSON "
        f"{first.boot_chars / 1024:,.0f} KB, uncompressed); {assets}"
    )
    median = statistics.median(load.drawn for load in loads) / 1000
    verdict = "met" if median < TARGET_SECONDS else "NOT met"
    print(f"target < {TARGET_SECONDS:g} s: {verdict} (median {median:.3f} s over {len(loads)} runs)")
    print(f"reproduce                          {reproduce_command(options)}")


def main() -> None:
    options = parse_options()
    if not CHROMIUM.exists():
        raise SystemExit(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    ensure_frontend_build()
    url = bench_database_url(BENCH_DATABASE)
    host = f"127.0.0.1:{free_port()}"
    os.environ.update(
        DJANGO_SETTINGS_MODULE=SETTINGS_MODULE,
        DATABASE_URL=url,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(32),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        PYTHONPATH=str(ROOT),
        # Nothing is collected into STATIC_ROOT: WhiteNoise serves the build from the finders.
        PYTHONWARNINGS="ignore:No directory at:UserWarning",
    )
    # No broker: seeding enqueues nothing and the page needs none.
    os.environ.pop("REDIS_URL", None)
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

    import django
    from django.db import connections

    recreate_database(url)
    try:
        django.setup()
        seeded = seed(options)
        connections.close_all()
        report_setup(options, host=host, url=url, seeded=seeded, busy=busy_cores(1.0))
        loads = measure(options, seeded, host, dict(os.environ))
        report_results(options, seeded, loads)
    finally:
        connections.close_all()
        if options.keep_db:
            print(f"kept the database {without_password(url)}")
        else:
            drop_database(url)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:  # gunicorn and Chromium are stopped and the database dropped on the way out
        sys.exit(130)
