"""Re-anchor 2,000 claims of a ~200 KB article after 50 scattered edits, on one core, and print the figures."""

from __future__ import annotations

import os
import random
import re
import sys
import time
from bisect import bisect_left
from collections import Counter
from pathlib import Path

# Run as `python bench/reanchor.py` from a checkout: the project root holds the package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotations import anchoring

SEED = 20231104
TARGET_SIZE = 200_000  # code points
CLAIMS = 2_000
EDITS = 50
EDITS_INSIDE_CLAIMS = 15
REPEATS = 3

VOCABULARY = (
    "the minister said alliance members ships patrol Baltic budget percent spending defence summit "
    "leaders agreed treaty report official government parliament vote voters election poll survey "
    "economy inflation rate bank growth quarter exports imports tariffs migrants border police court "
    "ruling judge appeal hospital patients doctors nurses schools teachers pupils housing prices rents "
    "energy gas electricity wind solar coal emissions climate target year month week since before after "
    "more fewer than about nearly over under record highest lowest new old first last additional four"
)
WORDS = VOCABULARY.split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
    for _ in range(rng.randint(1, 3)):  # the checkable parts of a claim are its figures
        words.insert(rng.randrange(len(words)), f"{rng.randint(1, 99_999):,}")
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def article(rng: random.Random) -> str:
    paragraphs: list[str] = []
    size = 0
    while size < TARGET_SIZE:
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(3, 7)))
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(paragraphs)


def claims(rng: random.Random, text: str, words: list[tuple[int, int]]) -> list[anchoring.Selectors]:
    """Spans of 3 to 12 whole words starting at random words."""
    selectors = []
    for _ in range(CLAIMS):
        first = rng.randrange(len(words) - 12)
        last = first + rng.randint(3, 12) - 1
        selectors.append(anchoring.selectors_from_position(text, words[first][0], words[last][1]))
    return selectors


def edited(
    rng: random.Random, text: str, words: list[tuple[int, int]], spans: list[anchoring.Selectors]
) -> tuple[str, list[tuple[int, int, str]]]:
    """The text after EDITS non-overlapping inserts, deletes and replacements, some inside claims."""
    word_starts = [start for start, _ in words]
    targets: set[int] = set()
    for selectors in rng.sample(spans, EDITS_INSIDE_CLAIMS):
        targets.add(bisect_left(word_starts, selectors.position.start) + 1)  # a claim's second word
    while len(targets) < EDITS:
        targets.add(rng.randrange(len(words) - 4))
    edits: list[tuple[int, int, str]] = []
    for index in sorted(targets):
        start, end = words[index]
        kind = rng.choice(("insert", "delete", "replace"))
        if kind == "insert":
            edits.append((start, start, sentence(rng) + " "))
        elif kind == "delete":
            edits.append((start, words[index + rng.randint(0, 3)][1] + 1, ""))
        else:
            edits.append((start, end, f"{rng.randint(1, 99_999):,}" if rng.random() < 0.5 else rng.choice(WORDS)))
    kept: list[tuple[int, int, str]] = []
    for edit in edits:  # a delete may reach the next target: keep edits apart
        if not kept or kept[-1][1] < edit[0]:
            kept.append(edit)
    for start, end, replacement in reversed(kept):
        text = text[:start] + replacement + text[end:]
    return text, kept


def expected_start(selectors: anchoring.Selectors, edits: list[tuple[int, int, str]]) -> int | None:
    """Where an untouched claim must land, or None when an edit reaches into it."""
    start, end = selectors.position.start, selectors.position.end
    shift = 0
    for edit_start, edit_end, replacement in edits:
        if edit_end <= start:
            shift += len(replacement) - (edit_end - edit_start)
        elif edit_start < end:
            return None
    return start + shift


def main() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    rng = random.Random(SEED)
    old = anchoring.canonicalize(article(rng))
    words = [match.span() for match in re.finditer(r"\S+", old)]
    spans = claims(rng, old, words)
    new, edits = edited(rng, old, words, spans)
    inside = sum(any(c.position.start < start < c.position.end for c in spans) for start, _, _ in edits)
    timings = []
    for _ in range(REPEATS):
        began = time.perf_counter()
        results = anchoring.reanchor_many(old, new, spans)
        timings.append(time.perf_counter() - began)
    seconds = min(timings)
    states = Counter(result.state for result in results)
    print(f"text size       {len(old):,} code points ({len(old.encode()) / 1000:.0f} KB), {len(new):,} after edits")
    print(f"claims          {len(spans):,}")
    print(f"edits           {len(edits)} ({inside} inside a claim's span)")
    print(f"seconds         {seconds:.3f} (best of {REPEATS}: {', '.join(f'{t:.3f}' for t in timings)})")
    print(f"claims/second   {len(spans) / seconds:,.0f}")
    for state in ("anchored", "moved", "fuzzy", "orphaned"):
        print(f"{state:<15} {states[state]:,}")
    untouched = [(r, expected_start(c, edits)) for r, c in zip(results, spans, strict=True)]
    untouched = [(r, at) for r, at in untouched if at is not None]
    right = sum(r.selectors is not None and r.selectors.position.start == at for r, at in untouched)
    print(f"untouched       {right:,} of {len(untouched):,} claims no edit reached are at their exact new place")
    print(f"flagged         {sum(result.quote_changed for result in results):,} (quote changed)")


if __name__ == "__main__":
    main()
