"""Reference discovery on the labelled corpus: recall@5 of the library provider, and the time from a claim's
creation to its first suggestions with the local providers (library and earlier fact-checks).

The corpus (bench/corpus/discovery/) holds source documents, loaded into the library as fetched
sources, and claims each labelled with the document that supports it. Every claim is created on an
article of its own, so the library is all the other claims' sources. Timing runs real Celery
workers on Redis as deployed (or with --in-process, tasks inside the commit as in the embedded default).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

# Run as `python bench/discovery_recall.py` from a checkout: the project root holds the packages.
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.benchdb import bench_database_url, drop_database, recreate_database, without_password  # noqa: E402
from bench.fetch_throughput import Worker, check_workers_alive, flush_redis, running_workers  # noqa: E402

CORPUS = ROOT / "bench" / "corpus" / "discovery"
BENCH_DATABASE = "factcheck_discoverybench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/10"
SETTINGS_MODULE = "factcheck.settings.production"
TARGET_RECALL = 0.9
POLL_SECONDS = 0.005


def parse_options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--k", type=int, default=5, help="recall at this many suggestions")
    parser.add_argument("--in-process", action="store_true", help="run tasks inside the commit, no workers")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for one claim's suggestions")
    parser.add_argument("--keep-db", action="store_true", help=f"keep the {BENCH_DATABASE} database afterwards")
    return parser.parse_args()


def load_corpus() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    documents = json.loads((CORPUS / "documents.json").read_text())
    claims = json.loads((CORPUS / "claims.json").read_text())
    ids = {document["id"] for document in documents}
    unknown = [claim["source"] for claim in claims if claim["source"] not in ids]
    assert not unknown, f"claims.json names documents that documents.json lacks: {unknown}"
    return documents, claims


def seed_library(documents: list[dict[str, str]]) -> None:
    """Each document becomes a fetched source of a claim on an article of its own, as if an editor had added it."""
    import hashlib

    from annotations import services

    for document in documents:
        article = services.article_create(title=document["title"], body=document["title"], created_by=None)
        claim = services.claim_create(article=article, exact=document["title"], created_by=None)
        source = services.source_add(claim=claim, url=document["url"], stance="supports", added_by=None)
        services.source_record_fetched(
            source=source,
            document=services.FetchedDocument(
                final_url=document["url"],
                http_status=200,
                content_sha256=hashlib.sha256(document["text"].encode()).hexdigest(),
                extracted_text=document["text"],
                title=document["title"],
                publisher="Discovery bench corpus",
            ),
        )


def new_claim(sentence: str) -> Any:
    from annotations import services

    article = services.article_create(title="Claim under check", body=sentence, created_by=None)
    return services.claim_create(article=article, exact=sentence, claim_text=sentence, created_by=None)


def measure_recall(claims: list[dict[str, str]], urls: dict[str, str], k: int) -> tuple[float, float, list[str]]:
    """recall@k and mean reciprocal rank of the library provider, called directly; and the misses, in words."""
    from discovery.providers import ClaimQuery, provider_named

    library = provider_named("library")
    library.max_results = max(k, 10)
    hits, reciprocal, misses = 0, 0.0, []
    for labelled in claims:
        claim = new_claim(labelled["claim"])
        query = ClaimQuery(claim_id=claim.pk, article_id=claim.article_id, text=claim.claim_text, language="en")
        ranked = [found.url for found in library.search(query)]
        wanted = urls[labelled["source"]]
        rank = ranked.index(wanted) + 1 if wanted in ranked else None
        if rank is not None:
            reciprocal += 1 / rank
        if rank is not None and rank <= k:
            hits += 1
        else:
            misses.append(f"{labelled['claim']!r}: {labelled['source']} at rank {rank or 'none'}")
    return hits / len(claims), reciprocal / len(claims), misses


def measure_latency(
    claims: list[dict[str, str]], workers: list[Worker], timeout: float
) -> tuple[list[float], list[float], int]:
    """Seconds from each claim's commit to its first suggestion, and to every local search finished."""
    from django.db import transaction

    from discovery.models import OPEN_SEARCH_STATES, ReferenceSearch, ReferenceSuggestion

    first, done, timed_out = [], [], 0
    for labelled in claims:
        committed: list[float] = []
        with transaction.atomic():
            # Registered first, so it runs before the commit hook that enqueues (or runs) the searches.
            transaction.on_commit(lambda clock=committed: clock.append(time.perf_counter()))  # type: ignore[misc]
            claim = new_claim(labelled["claim"])
        seen_first = None
        while True:
            now = time.perf_counter()
            if seen_first is None and ReferenceSuggestion.objects.filter(claim=claim).exists():
                seen_first = now - committed[0]
                first.append(seen_first)
            if not ReferenceSearch.objects.filter(claim=claim, state__in=OPEN_SEARCH_STATES).exists():
                done.append(now - committed[0])
                if seen_first is None and ReferenceSuggestion.objects.filter(claim=claim).exists():
                    first.append(now - committed[0])  # the last search brought the first suggestions
                break
            if now - committed[0] > timeout:
                timed_out += 1
                break
            check_workers_alive(workers)
            time.sleep(POLL_SECONDS)
    return first, done, timed_out


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def main() -> None:
    options = parse_options()
    documents, claims = load_corpus()
    urls = {document["id"]: document["url"] for document in documents}
    database_url = bench_database_url(BENCH_DATABASE)
    redis_url = "" if options.in_process else os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    with tempfile.TemporaryDirectory(prefix="discoverybench-") as scratch:
        os.environ.update(
            DJANGO_SETTINGS_MODULE=SETTINGS_MODULE,
            DATABASE_URL=database_url,
            REDIS_URL=redis_url,
            CELERY_TASK_ALWAYS_EAGER="true" if options.in_process else "false",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(32),
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            DJANGO_DEBUG="false",
            FACTCHECK_DATA_DIR=scratch,
            DISCOVERY_PROVIDERS="library,fact_checks",
            PYTHONPATH=str(ROOT),
            PYTHONWARNINGS="ignore:No directory at:UserWarning",
        )
        warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
        worker_env = {**os.environ, "LOG_LEVEL": "INFO"}
        os.environ["LOG_LEVEL"] = "WARNING"

        import django
        from django.db import connections

        recreate_database(database_url)
        if redis_url:
            flush_redis(redis_url)
        workers: list[Worker] = []
        if not options.in_process:
            common = ["-A", "factcheck", "worker", "-l", "info"]
            workers = [
                Worker(
                    "fetch",
                    [
                        *common,
                        "-Q",
                        "fetch",
                        "--pool",
                        "threads",
                        "--concurrency",
                        "8",
                        "-n",
                        "discobench-fetch@127.0.0.1",
                    ],
                    Path(scratch) / "worker-fetch.log",
                ),
                Worker(
                    "default",
                    [*common, "-Q", "default", "--concurrency", "1", "-n", "discobench-default@127.0.0.1"],
                    Path(scratch) / "worker-default.log",
                ),
            ]
        try:
            django.setup()
            from django.core.management import call_command

            call_command("migrate", verbosity=0)
            began = time.perf_counter()
            seed_library(documents)
            seeded = time.perf_counter() - began
            began = time.perf_counter()
            recall, mrr, misses = measure_recall(claims, urls, options.k)
            recall_seconds = time.perf_counter() - began
            if redis_url:
                flush_redis(redis_url)  # the seeding's own searches and fetches: not part of the measure
            if workers:
                with running_workers(workers, worker_env):
                    measure_latency(claims[:3], workers, options.timeout)  # a fresh worker's one-off costs
                    first, done, timed_out = measure_latency(claims, workers, options.timeout)
            else:
                first, done, timed_out = measure_latency(claims, workers, options.timeout)
            report(options, documents, claims, recall, mrr, misses, recall_seconds, seeded, first, done, timed_out)
        finally:
            connections.close_all()
            if redis_url:
                flush_redis(redis_url)
            if options.keep_db:
                print(f"kept the database {without_password(database_url)}")
            else:
                drop_database(database_url)


def report(
    options: argparse.Namespace,
    documents: list[dict[str, str]],
    claims: list[dict[str, str]],
    recall: float,
    mrr: float,
    misses: list[str],
    recall_seconds: float,
    seeded: float,
    first: list[float],
    done: list[float],
    timed_out: int,
) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        row = cursor.fetchone()
    postgres = str(row[0]).split()[0] if row else "?"
    mode = (
        "in-process (tasks run in the commit)" if options.in_process else "Celery workers on Redis (fetch: threads x 8)"
    )
    print(f"factcheck reference discovery: {len(claims)} labelled claims, {len(documents)} library documents")
    print(f"machine    {len(os.sched_getaffinity(0))} cores, Python {platform.python_version()}, PostgreSQL {postgres}")
    print(f"seeding    {seeded:.2f} s; library searches for the recall took {recall_seconds:.2f} s in all")
    verdict = "met" if recall >= TARGET_RECALL else "MISSED"
    print(
        f"recall@{options.k}   {recall:.3f}  ({round(recall * len(claims))}/{len(claims)}), "
        f"target >= {TARGET_RECALL}: {verdict}"
    )
    print(f"MRR        {mrr:.3f}")
    for miss in misses:
        print(f"  missed   {miss}")
    print(f"timing     {mode}; the clock starts at the claim's commit")
    print(
        f"first suggestion  median {statistics.median(first) * 1000:.0f} ms, p90 {percentile(first, 0.9) * 1000:.0f} ms"
        f" ({len(first)} of {len(claims)} claims got suggestions)"
        if first
        else "first suggestion  none"
    )
    if done:
        print(
            f"all local searches done  median {statistics.median(done) * 1000:.0f} ms, "
            f"p90 {percentile(done, 0.9) * 1000:.0f} ms"
        )
    if timed_out:
        print(f"timed out  {timed_out} claims waited more than {options.timeout:g} s")


if __name__ == "__main__":
    main()
