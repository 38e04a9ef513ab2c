"""Train the pair model of claim matching (suggestions/pair_model.py) on bench/corpus, and choose its weight.

For every new claim of the seen matching sets, the rules rank the earlier claims of its set; the model learns, from
the best three and the one it restates, whether each pair is one claim; and that a claim is itself. It adapts all-MiniLM-L6-v2's encoder with
low-rank matrices in every layer (LoRA, rank 8) and a linear head on the mean of the token vectors, reading each
pair both ways round.

    .venv/bin/pip install torch==2.13.0          # a CPU build is enough; it is not a project dependency
    .venv/bin/python bench/train_pair_model.py --cross-validate 5    # choose the weight and threshold
    .venv/bin/python bench/train_pair_model.py                       # write suggestions/pair_model.npz

--cross-validate trains once per fold of seen sets on the other folds and scores the fold's claims, so that every
seen claim is scored by a model that never saw its set; then it prints precision@1 and recall of the matcher for
each weight of the model and threshold, and the pair the README's rule picks. About five minutes a fold on two
cores; training on every seen set takes as long.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

try:
    import numpy as np
    import torch
    from torch import nn
except ImportError:  # pragma: no cover - an optional bench
    sys.exit("needs PyTorch: .venv/bin/pip install torch==2.13.0 (see this script's docstring)")

from bench.suggestions_eval import SEEN_SETS, load_matching
from suggestions import matching, pair_model

RANK, EPOCHS, BATCH, LEARNING_RATE, SEED = 8, 3, 32, 1e-3, 0
TRAIN_CANDIDATES = 3  # the rules' best few: the hard negatives
WEIGHTS = (0.25, 0.4, 0.5, 0.6, 0.75)
# The rule (README, "Choosing the weight and threshold"): the highest precision@1 with recall at least this.
MIN_RECALL = 0.85
THRESHOLDS = tuple(round(0.4 + 0.05 * i, 2) for i in range(9))  # 0.40 ... 0.80

Query = tuple[str, str | None, list[tuple[str, str, float]]]  # text, the id it restates, (id, text, rules) best first


def queries(names: tuple[str, ...]) -> list[Query]:
    found = []
    for name in names:
        ids, pool, claims = load_matching(name)
        for query, expected in claims:
            ranked = matching.rank_by_rules(query, pool)[: matching.MAX_MATCHES]
            found.append((query.text, expected, [(ids[s.key], pool[s.key][1].text, s.score) for s in ranked]))
    return found


class PairNet(nn.Module):
    """pair_model.PairModel in PyTorch, with the low-rank matrices and the head as the only trained weights."""

    def __init__(self, base: dict[str, torch.Tensor]) -> None:
        super().__init__()
        self.base = base
        self.lora = nn.ParameterDict()
        for layer in range(pair_model.LAYERS):
            for name in pair_model.ADAPTED:
                out_size, in_size = base[f"encoder.layer.{layer}.{name}.weight"].shape
                key = _key(layer, name)
                self.lora[key + "_a"] = nn.Parameter(torch.randn(RANK, in_size) / math.sqrt(in_size))
                self.lora[key + "_b"] = nn.Parameter(torch.zeros(out_size, RANK))  # starts as the base model
        self.head = nn.Linear(pair_model.HIDDEN, 1)

    def _linear(self, x: torch.Tensor, layer: int, name: str) -> torch.Tensor:
        prefix = f"encoder.layer.{layer}.{name}"
        y = x @ self.base[prefix + ".weight"].T + self.base[prefix + ".bias"]
        if name in pair_model.ADAPTED:
            key = _key(layer, name)
            y = y + (x @ self.lora[key + "_a"].T) @ self.lora[key + "_b"].T
        return y

    def _norm(self, x: torch.Tensor, name: str) -> torch.Tensor:
        w = self.base
        return nn.functional.layer_norm(x, (pair_model.HIDDEN,), w[name + ".weight"], w[name + ".bias"], 1e-12)

    def forward(self, tokens: torch.Tensor, segments: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        w, (batch, n) = self.base, tokens.shape
        x = w["embeddings.word_embeddings.weight"][tokens] + w["embeddings.position_embeddings.weight"][:n]
        x = self._norm(x + w["embeddings.token_type_embeddings.weight"][segments], "embeddings.LayerNorm")
        heads, size = pair_model.HEADS, pair_model.HIDDEN // pair_model.HEADS
        padding = (1.0 - mask[:, None, None, :]) * -1e4
        for layer in range(pair_model.LAYERS):
            q, k, v = (
                self._linear(x, layer, f"attention.self.{name}").view(batch, n, heads, size).transpose(1, 2)
                for name in ("query", "key", "value")
            )
            attention = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(size) + padding, -1)
            context = (attention @ v).transpose(1, 2).reshape(batch, n, pair_model.HIDDEN)
            p = f"encoder.layer.{layer}."
            x = self._norm(self._linear(context, layer, "attention.output.dense") + x, p + "attention.output.LayerNorm")
            hidden = nn.functional.gelu(self._linear(x, layer, "intermediate.dense"))
            x = self._norm(self._linear(hidden, layer, "output.dense") + x, p + "output.LayerNorm")
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
        logits: torch.Tensor = self.head(pooled).squeeze(-1)
        return logits


def _key(layer: int, name: str) -> str:
    return f"{layer}_{name.replace('.', '_')}"


def _batch(pairs: list[tuple[list[int], list[int]]]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    n = max(len(tokens) for tokens, _ in pairs)
    tokens = torch.zeros(len(pairs), n, dtype=torch.long)
    segments = torch.zeros_like(tokens)
    mask = torch.zeros(len(pairs), n)
    for i, (ids, types) in enumerate(pairs):
        tokens[i, : len(ids)] = torch.tensor(ids)
        segments[i, : len(types)] = torch.tensor(types)
        mask[i, : len(ids)] = 1
    return tokens, segments, mask


def train(data: list[Query]) -> PairNet:
    torch.manual_seed(SEED)
    shuffle = random.Random(SEED).shuffle
    encoder = pair_model.base_encoder()
    net = PairNet({name: torch.from_numpy(array.copy()) for name, array in encoder.weights.items()})
    examples = []
    for text, expected, ranked in data:
        shown = ranked[:TRAIN_CANDIDATES] + [c for c in ranked[TRAIN_CANDIDATES:] if c[0] == expected]
        for other_id, other, _ in shown:
            label = float(other_id == expected)
            examples += [(encoder.pair(text, other), label), (encoder.pair(other, text), label)]
    # Each earlier claim with itself: the near misses are mostly a word or two away from their earlier claim and
    # the restatements far, so without these the model learns that a claim seen again word for word is another.
    earlier = {other for _, _, ranked in data for _, other, _ in ranked}
    examples += [(encoder.pair(text, text), 1.0) for text in sorted(earlier)]
    optimiser = torch.optim.AdamW(net.parameters(), lr=LEARNING_RATE, weight_decay=0.01)
    steps = EPOCHS * math.ceil(len(examples) / BATCH)
    # warm up over the first tenth, then down to zero
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda s: min(1.0, s / (0.1 * steps)) * (1 - s / steps))
    for epoch in range(EPOCHS):
        shuffle(examples)
        started, total = time.perf_counter(), 0.0
        for start in range(0, len(examples), BATCH):
            chunk = examples[start : start + BATCH]
            labels = torch.tensor([label for _, label in chunk])
            loss = nn.functional.binary_cross_entropy_with_logits(net(*_batch([p for p, _ in chunk])), labels)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += loss.item() * len(chunk)
        print(f"  epoch {epoch + 1}: loss {total / len(examples):.4f}, {time.perf_counter() - started:.0f} s")
    return net


@torch.no_grad()
def probabilities(net: PairNet, pairs: list[tuple[str, str]]) -> list[float]:
    """Both ways round, averaged, as pair_model.PairModel.same_claim reads them."""
    encoder, found = pair_model.base_encoder(), []
    for start in range(0, len(pairs), 64):
        chunk = pairs[start : start + 64]
        forward = torch.sigmoid(net(*_batch([encoder.pair(a, b) for a, b in chunk])))
        backward = torch.sigmoid(net(*_batch([encoder.pair(b, a) for a, b in chunk])))
        found += ((forward + backward) / 2).tolist()
    return found


def cross_validate(folds: int) -> None:
    groups = [SEEN_SETS[i::folds] for i in range(folds)]
    scored: list[tuple[str | None, list[tuple[str, float, float]]]] = []  # expected, (id, rules, model) ranked
    for group in groups:
        print(f"fold: {', '.join(group)}")
        net = train(queries(tuple(name for name in SEEN_SETS if name not in group)))
        held = queries(group)
        read = iter(probabilities(net, [(text, other) for text, _, ranked in held for _, other, _ in ranked]))
        scored += [(expected, [(i, rules, next(read)) for i, _, rules in ranked]) for _, expected, ranked in held]
    restating = sum(expected is not None for expected, _ in scored)
    print("\nSeen sets, each claim scored by a model trained without its set\n")
    print("| model weight | threshold | precision@1 | recall |\n| --- | --- | --- | --- |")
    results: dict[tuple[float, float], tuple[float, float]] = {}
    for weight in (0.0, *WEIGHTS):
        for threshold in THRESHOLDS:
            answered = right = 0
            for expected, ranked in scored:
                blended = [(i, (1 - weight) * rules + weight * model) for i, rules, model in ranked]
                top = max(blended, key=lambda c: c[1], default=None)
                if top is not None and top[1] >= threshold:
                    answered += 1
                    right += top[0] == expected
            precision, recall = right / answered if answered else 0.0, right / restating
            results[weight, threshold] = precision, recall
            print(f"| {weight:.2f} | {threshold:.2f} | {precision:.3f} ({right}/{answered}) | "
                  f"{recall:.3f} ({right}/{restating}) |")  # fmt: skip
    allowed = [key for key in sorted(results) if key[0] and results[key][1] >= MIN_RECALL]
    chosen = max(allowed, key=lambda key: (results[key][0], -key[1]))
    print(f"\nRule (max precision@1 with recall >= {MIN_RECALL}): weight {chosen[0]}, threshold {chosen[1]}; "
          f"matching.py has {matching.PAIR_MODEL_WEIGHT}, {matching.MATCH_THRESHOLD}")  # fmt: skip


def write(path: Path) -> None:
    net = train(queries(SEEN_SETS))
    arrays: dict[str, Any] = {}
    for layer in range(pair_model.LAYERS):
        for name in pair_model.ADAPTED:
            key = f"encoder.layer.{layer}.{name}"
            arrays[key + ".lora_a"] = net.lora[_key(layer, name) + "_a"].detach().numpy().astype(np.float16)
            arrays[key + ".lora_b"] = net.lora[_key(layer, name) + "_b"].detach().numpy().astype(np.float16)
    arrays["head.weight"] = net.head.weight.detach().numpy()
    arrays["head.bias"] = net.head.bias.detach().numpy()
    np.savez_compressed(path, **arrays)
    print(f"Wrote {path} ({path.stat().st_size // 1024} KB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cross-validate", type=int, metavar="FOLDS", help="choose the weight; write nothing")
    parser.add_argument("--output", type=Path, default=pair_model.ADAPTER)
    args = parser.parse_args()
    torch.set_num_threads(2)
    if args.cross_validate:
        cross_validate(args.cross_validate)
    else:
        write(args.output)


if __name__ == "__main__":
    main()
