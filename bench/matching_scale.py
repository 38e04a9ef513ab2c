"""Matching a new claim against a desk's worth of earlier claims on PostgreSQL: seconds per claim and claims read.

Seeds `--claims` earlier claims (the matching corpus's sentences with other figures and place names, spread over
articles), then matches held-out claims against them as the worker does (`claim_matches_refresh`), twice: with the
full-text pick of candidates (at most MATCH_CANDIDATES, those sharing most words) and with no cap (every claim
sharing a word), and says whether the two found the same best match. Needs PostgreSQL (DATABASE_URL, else the local
default); the bench database is made and dropped.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.benchdb import bench_database_url, drop_database, recreate_database, without_password  # noqa: E402

SEED = 20261130
BENCH_DATABASE = "factcheck_matchbench"
CORPUS = ROOT / "bench" / "corpus"
CLAIMS_PER_ARTICLE = 200
PLACES = [
    *("Ardmore", "Belcaster", "Corrin", "Dunwell", "Eskdale", "Fallowmere", "Glenrow", "Harcombe", "Ivybridge"),
    *("Kilbride", "Lanfear", "Marrow", "Newholt", "Oakridge", "Penrose", "Quarley", "Rathmore", "Stanwick"),
]
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
_NAME_RE = re.compile(r"(?<=\s)[A-Z][a-z]{3,}")


def corpus_sentences() -> tuple[list[str], list[str]]:
    """(every claim of every matching set, to be varied into the earlier claims; held-out 14's new claims, which
    are matched against them)."""
    files = sorted(CORPUS.glob("matching*.json"))
    earlier: list[str] = []
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        earlier += [item["text"] for item in data["pool"]] + [query["text"] for query in data["queries"]]
    last = json.loads((CORPUS / "matching_heldout14.json").read_text(encoding="utf-8"))
    return earlier, [query["text"] for query in last["queries"]]


def varied(sentence: str, rng: random.Random) -> str:
    """The sentence with other figures and another place: as alike in wording as a desk's claims are."""
    sentence = _NUMBER_RE.sub(lambda m: str(rng.randint(2, 9999)), sentence)
    return _NAME_RE.sub(lambda m: rng.choice(PLACES), sentence, count=1)


def seed(count: int, sentences: list[str]) -> None:
    from annotations import services
    from annotations.models import Claim

    rng = random.Random(SEED)
    for first in range(0, count, CLAIMS_PER_ARTICLE):
        article = services.article_create(title=f"Bench {first}", body="Bench article text.", created_by=None)
        texts = [varied(rng.choice(sentences), rng) for _ in range(min(CLAIMS_PER_ARTICLE, count - first))]
        Claim.objects.bulk_create(
            Claim(
                article=article,
                revision=article.current_revision,
                position_start=0,
                position_end=5,
                quote_exact=text[:40],
                claim_text=text,
            )
            for text in texts
        )


def new_claims(texts: list[str]) -> list[int]:
    """The new claims, in one article (claims of the same article are never matched with each other)."""
    from annotations import services

    article = services.article_create(title="New claims", body="\n\n".join(texts), created_by=None)
    return [services.claim_create(article=article, exact=text, claim_text=text, created_by=None).pk for text in texts]


def match_all(
    claim_ids: list[int], *, cap: int, every: bool = False
) -> tuple[list[float], list[int], list[int | None]]:
    """Seconds per claim, candidates read, and best match of each new claim, matched with at most `cap` candidates
    (`every`: every earlier claim, sharing a word or not, as before the full-text pick)."""
    from annotations.models import Claim
    from suggestions import queries
    from suggestions.models import ClaimMatch, MatchRun
    from suggestions.services import claim_matches_refresh

    pick = (lambda claims, text: claims.order_by("pk")) if every else queries.claims_sharing_words
    seconds, read, best = [], [], []
    with mock.patch.object(queries, "MATCH_CANDIDATES", cap), mock.patch.object(queries, "claims_sharing_words", pick):
        for claim_id in claim_ids:
            MatchRun.objects.filter(claim_id=claim_id).delete()
            started = time.perf_counter()
            claim_matches_refresh(claim_id=claim_id)
            seconds.append(time.perf_counter() - started)
            claim = Claim.objects.get(pk=claim_id)
            read.append(sum(1 for _ in queries.match_candidates(claim=claim, text=claim.claim_text)))
            top = ClaimMatch.objects.filter(claim_id=claim_id).order_by("-score", "matched_id").first()
            best.append(None if top is None else top.matched_id)
    return seconds, read, best


def restatements_sharing_words() -> tuple[int, int]:
    """Of the corpus's restating claims the matcher finds, how many the full-text pick would offer it: their earlier
    claim matches the new claim's full-text query (the pick's own, by PostgreSQL)."""
    from django.db import connection

    from bench.suggestions_eval import SEEN_SETS, UNSEEN_SETS, load_matching
    from discovery import querytext
    from suggestions import matching
    from suggestions.queries import FULLTEXT_CONFIG

    offered = found = 0
    with connection.cursor() as cursor:
        for name in (*SEEN_SETS, *UNSEEN_SETS):
            match_set = load_matching(name)
            pool_texts = dict(zip(match_set.ids, match_set.texts, strict=True))
            for (query, expected), text in zip(match_set.queries, match_set.query_texts, strict=True):
                ranked = matching.rank(query, match_set.pool)
                if expected is None or not ranked or match_set.ids[ranked[0].key] != expected:
                    continue
                found += 1
                cursor.execute(
                    "SELECT to_tsvector(%s::regconfig, %s) @@ to_tsquery(%s::regconfig, %s)",
                    [FULLTEXT_CONFIG, pool_texts[expected], FULLTEXT_CONFIG, querytext.tsquery(text) or "''"],
                )
                offered += bool(cursor.fetchone()[0])
    return offered, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=20_000, help="earlier claims to seed")
    parser.add_argument("--new", type=int, default=20, help="new claims to match")
    options = parser.parse_args()
    database_url = bench_database_url(BENCH_DATABASE)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=database_url,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(32),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
    )
    import django

    recreate_database(database_url)
    try:
        django.setup()
        from django.core.management import call_command
        from django.db import connections

        from suggestions.queries import MATCH_CANDIDATES

        call_command("migrate", verbosity=0)
        earlier, new = corpus_sentences()
        started = time.perf_counter()
        seed(options.claims, earlier)
        print(f"Seeded {options.claims:,} earlier claims in {time.perf_counter() - started:.0f} s "
              f"({without_password(database_url)})\n")  # fmt: skip
        claim_ids = new_claims(new[: options.new])
        match_all(claim_ids[:1], cap=MATCH_CANDIDATES)  # read the word lists first
        runs = {
            f"at most {MATCH_CANDIDATES:,} sharing most words": match_all(claim_ids, cap=MATCH_CANDIDATES),
            "every claim sharing a word": match_all(claim_ids, cap=10**9),
            "every earlier claim (before the full-text pick)": match_all(claim_ids, cap=10**9, every=True),
        }
        print("| candidates | claims read (median) | seconds per new claim, median | p95 |")
        print("| --- | --- | --- | --- |")
        for label, (seconds, read, _) in runs.items():
            p95 = statistics.quantiles(seconds, n=20)[-1]
            print(f"| {label} | {statistics.median(read):,.0f} | {statistics.median(seconds):.2f} | {p95:.2f} |")
        bests = [best for _, _, best in runs.values()]
        same = sum(len(set(found)) == 1 for found in zip(*bests, strict=True))
        print(f"\nSame best match (or none) all three ways: {same} of {len(claim_ids)} new claims")
        offered, found = restatements_sharing_words()
        print(f"Restatements in bench/corpus the matcher finds whose earlier claim shares a word: {offered} of {found}")
        connections.close_all()
    finally:
        drop_database(database_url)


if __name__ == "__main__":
    main()
