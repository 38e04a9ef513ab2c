"""Whether two claims say the same thing: shared content words plus agreement of their numbers (no DB)."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

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
# A bound ("more than 14,000") restated keeps its figure within this ratio; further apart, two claims.
BOUND_SPREAD = 1.25
# Figures on both sides that bear on different things (a rate and a year): likely two claims.
UNRELATED_FACTOR = 0.6
# The same figures in both, on top of the shared words.
AGREE_BONUS = 0.25
# ...given in full from this much shared wording (cosine of the word sets), in proportion below it.
FULL_BONUS_LEXICAL = 0.4

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


# Verbs of change, as stems: a claim that something rose and one that it fell are two claims.
_RISE_STEMS = frozenset({"rise", "grow", "grew", "grown", "climb", "jump", "soar", "surg", "doubl", "higher"})
_FALL_STEMS = frozenset({"fall", "declin", "shrank", "shrunk", "plung", "slump", "lower", "halv"})


@dataclass(frozen=True, slots=True)
class ClaimProfile:
    """What matching compares of a claim: its content words (normalised) and the quantities it states."""

    words: frozenset[str]
    quantities: tuple[Quantity, ...]
    direction: int = 0  # +1 the claim says something rose, -1 fell, 0 neither or both


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
    tokens = _WORD_RE.findall(" ".join(pieces).casefold())
    words = {_stem(word) for word in tokens if word not in _STOP_WORDS and not word.isdigit()}
    rises, falls = bool(words & _RISE_STEMS), bool(words & _FALL_STEMS)
    return ClaimProfile(frozenset(words), quantities, int(rises) - int(falls))


def _far_apart(a: Quantity, b: Quantity) -> bool:
    if a.kind in ("year", "date") or b.kind in ("year", "date"):
        return False
    low, high = sorted((abs(a.value), abs(b.value)))
    return high > BOUND_SPREAD * low


def _relation(a: Quantity, b: Quantity) -> str:
    """How two figures relate; the same kind counted under other names ("ships", "vessels") compares by value."""
    relation = compare(a, b)
    if relation == "agree" and _far_apart(a, b):
        return "differ"  # "over 14,000" allows 52,000, but a restatement keeps about the same figure
    if relation == "unrelated" and a.kind == b.kind and a.kind in ("count", "ordinal"):
        loose = compare(replace(a, unit=None), replace(b, unit=None))
        if loose == "agree":
            return "differ" if _far_apart(a, b) else "loose"
        return loose
    return relation


def _numbers_factor(a: Sequence[Quantity], b: Sequence[Quantity]) -> tuple[float, float]:
    """(factor, bonus) from how the two claims' figures relate."""
    if not a and not b:
        return 1.0, 0.0
    if not a or not b:
        return ONE_SIDED_FACTOR, 0.0
    agree = loose = differ = 0
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    for quantity in shorter:
        relations = {_relation(quantity, other) for other in longer}
        if "agree" in relations:
            agree += 1
        elif "loose" in relations:
            loose += 1
        elif "differ" in relations:
            differ += 1
    if differ:
        return DIFFER_FACTOR, 0.0
    if agree + loose == len(shorter):
        # the same figure of differently named things ("ships", "vessels") is weaker evidence
        return 1.0, AGREE_BONUS * (agree + loose / 2) / len(shorter)
    agree += loose
    return (ONE_SIDED_FACTOR if agree else UNRELATED_FACTOR), 0.0


def similarity(a: ClaimProfile, b: ClaimProfile) -> float:
    """0..1: the cosine of the two word sets, scaled by how their figures relate."""
    shared = len(a.words & b.words)
    lexical = shared / math.sqrt(len(a.words) * len(b.words)) if shared else 0.0
    factor, bonus = _numbers_factor(a.quantities, b.quantities)
    if a.direction * b.direction < 0:
        factor, bonus = min(factor, DIFFER_FACTOR), 0.0  # "rose by 12%" is not "fell by 12%"
    # The bonus for agreeing figures grows with the shared wording: the same "12%" about rents and burglaries
    # is a coincidence, not a restatement.
    return round(min(1.0, lexical * factor + bonus * min(1.0, lexical / FULL_BONUS_LEXICAL)), 4)


def rank(
    query: ClaimProfile, candidates: Iterable[tuple[int, ClaimProfile]], *, threshold: float = MATCH_THRESHOLD
) -> list[Scored]:
    """Candidates scoring at least `threshold`, best first (ties by key)."""
    scored = [Scored(key, similarity(query, other)) for key, other in candidates]
    return sorted((s for s in scored if s.score >= threshold), key=lambda s: (-s.score, s.key))
