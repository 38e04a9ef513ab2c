"""Whether two claims say the same thing: shared content words plus agreement of their numbers (no DB)."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotations.numbers import Quantity, compare, find_quantities

__all__ = ["MATCH_THRESHOLD", "MAX_MATCHES", "ClaimProfile", "Scored", "profile", "rank", "similarity"]

# Scores at or above this are shown as "checked before"; chosen on bench/corpus/matching.json (see the README).
MATCH_THRESHOLD = 0.5
# Matches kept per claim: the panel shows a handful, never a list to scroll.
MAX_MATCHES = 10
# The same words with a different figure are a different claim ("31 members" is not "32 members").
DIFFER_FACTOR = 0.35
# Figures on one side only: the other may state the same thing in words, or not.
ONE_SIDED_FACTOR = 0.85
# The same figures in both, on top of the shared words.
AGREE_BONUS = 0.25

_WORD_RE = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_STOP_WORDS = frozenset(
    re.findall(
        r"\S+",
        """a an the of to in on at by for from with and or but as is are was were be been being has have had it its
    this that these those there their they them he she his her we our you your i my me will would can could
    should may might must do does did not no than then so such into over under about after before since per
    each every all any some more most less least very just only also new now last next year years""",
    )
)
_SUFFIXES = ("ing", "ed", "es", "s", "ly")
# Words that name the same thing in claims, mapped to one form (kept short: a list, not a thesaurus).
_SAME = {
    "households": "home",
    "household": "home",
    "homes": "home",
    "jobless": "unemployment",
    "unemployed": "unemployment",
    "shut": "close",
    "closed": "close",
    "lacks": "short",
    "lack": "short",
    "nation": "country",
    "nation's": "country",
    "country's": "country",
    "power": "electricity",
    "vessels": "ship",
    "vessel": "ship",
    "ships": "ship",
    "drop": "fall",
    "dropped": "fall",
    "fell": "fall",
    "fallen": "fall",
    "rose": "rise",
    "risen": "rise",
    "increase": "rise",
    "increased": "rise",
    "up": "rise",
    "went": "rise",
    "reduced": "cut",
    "reduce": "cut",
    "began": "open",
    "opened": "open",
    "patients": "people",
    "smaller": "lower",
    "classes": "class",
    "member": "member",
    "members": "member",
    "states": "member",
}


@dataclass(frozen=True, slots=True)
class ClaimProfile:
    """What matching compares of a claim: its content words (normalised) and the quantities it states."""

    words: frozenset[str]
    quantities: tuple[Quantity, ...]


@dataclass(frozen=True, slots=True)
class Scored:
    key: int
    score: float


def _stem(word: str) -> str:
    word = _SAME.get(word, word)
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    return word[:7]  # a crude stem: "electricity"/"electric", "reduction"/"reduced" meet


def profile(text: str) -> ClaimProfile:
    """Content words outside the quantities, and the quantities (shares read as percentages)."""
    folded = unicodedata.normalize("NFC", text)
    quantities = tuple(q for q in find_quantities(folded, shares=True) if q.kind != "ordinal")
    pieces, last = [], 0
    for quantity in quantities:
        pieces.append(folded[last : quantity.start])
        last = quantity.end
    pieces.append(folded[last:])
    words = {
        _stem(word)
        for word in _WORD_RE.findall(" ".join(pieces).casefold())
        if word not in _STOP_WORDS and not word.isdigit()
    }
    return ClaimProfile(frozenset(words), quantities)


def _numbers_factor(a: Sequence[Quantity], b: Sequence[Quantity]) -> tuple[float, float]:
    """(factor, bonus) from how the two claims' figures relate."""
    if not a and not b:
        return 1.0, 0.0
    if not a or not b:
        return ONE_SIDED_FACTOR, 0.0
    agree = differ = 0
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    for quantity in shorter:
        relations = {compare(quantity, other) for other in longer}
        if "agree" in relations:
            agree += 1
        elif "differ" in relations:
            differ += 1
    if differ:
        return DIFFER_FACTOR, 0.0
    if agree == len(shorter):
        return 1.0, AGREE_BONUS
    return ONE_SIDED_FACTOR, 0.0


def similarity(a: ClaimProfile, b: ClaimProfile) -> float:
    """0..1: the cosine of the two word sets, scaled by how their figures relate."""
    shared = len(a.words & b.words)
    lexical = shared / math.sqrt(len(a.words) * len(b.words)) if shared else 0.0
    factor, bonus = _numbers_factor(a.quantities, b.quantities)
    return round(min(1.0, lexical * factor + (bonus if lexical >= 0.2 else 0.0)), 4)


def rank(
    query: ClaimProfile, candidates: Iterable[tuple[int, ClaimProfile]], *, threshold: float = MATCH_THRESHOLD
) -> list[Scored]:
    """Candidates scoring at least `threshold`, best first (ties by key)."""
    scored = [Scored(key, similarity(query, other)) for key, other in candidates]
    return sorted((s for s in scored if s.score >= threshold), key=lambda s: (-s.score, s.key))
