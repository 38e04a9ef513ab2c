"""Whether two claims say the same thing: shared content words plus agreement of their numbers (no DB)."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace

from annotations.numbers import Quantity, compare, find_quantities

__all__ = ["MATCH_THRESHOLD", "MAX_MATCHES", "ClaimProfile", "Scored", "profile", "rank", "similarity"]

# Scores at or above this are shown as "checked before"; chosen on bench/corpus/matching.json (see the README).
MATCH_THRESHOLD = 0.5
# Matches kept per claim: the panel shows a handful, never a list to scroll.
MAX_MATCHES = 10
# The same words with a different figure are a different claim ("31 members" is not "32 members").
DIFFER_FACTOR = 0.35
# The same figure of two different things ("14 hospitals" / "14 schools", "€1.2m a day on consultants" / "on
# defence"): two claims, as much as another figure of the same thing.
OTHER_THING_FACTOR = DIFFER_FACTOR
# A figure on one side only is something the other claim does not say, as much as figures about different things
# (was 0.85: the other might state it in words; number words are read as figures, so that is rare).
ONE_SIDED_FACTOR = 0.6
# A bound ("more than 14,000") restated keeps its figure within this ratio; further apart, two claims.
BOUND_SPREAD = 1.25
# Figures on both sides that bear on different things (a rate and a year): likely two claims.
UNRELATED_FACTOR = 0.6
# The same figures in both, on top of the shared words.
AGREE_BONUS = 0.25
# ...given in full from this much shared wording (cosine of the word sets), in proportion below it.
FULL_BONUS_LEXICAL = 0.4
# What a figure counts or is of ("hospitals", "on defence") weighs this much in the cosine, other words 1: it is
# what the claim is about, where the rest is often filler ("the region's", "says", "now").
THING_WEIGHT = 2.0

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
_POSSESSIVE_RE = re.compile(r"['\u2019]s?$")
# After a money figure or a share, "of"/"on"/"for" and a noun name what it is of or spent on ("€1.2m a day on
# consultants", "31% of the electricity"); words of time between are skipped ("a day", "every year").
_THING_PREPOSITIONS = frozenset({"of", "on", "for"})
_THING_LOOKAHEAD = 6  # words after the figure
_TIME_WORDS = frozenset({"a", "an", "the", "every", "each", "per", "day", "days", "week", "weeks", "month"})
_TIME_WORDS |= {"months", "year", "years", "annually", "daily", "weekly", "monthly", "yearly", "alone"}
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
    # Per quantity, the stem of what it counts or is of ("14 hospitals", "€1.2m on consultants"), else None.
    things: tuple[str | None, ...] = ()
    norm: float = 0.0  # length of the weighted word vector (things weigh THING_WEIGHT, other words 1)


@dataclass(frozen=True, slots=True)
class Scored:
    key: int
    score: float


def _stem(word: str) -> str:
    word = _POSSESSIVE_RE.sub("", word)  # "Calder's" is "Calder"
    word = _SAME.get(word, word)
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    return word[:7]  # a crude stem: "electricity"/"electric", "reduction"/"reduced" meet


def _content(word: str) -> bool:
    return word not in _STOP_WORDS and not word.isdigit()


def _thing(quantity: Quantity, after: str) -> str | None:
    """The stem of what a figure counts (numbers.py's `counted`) or, for money and shares, what it is of or on."""
    if quantity.kind == "count":
        counted = _WORD_RE.findall((quantity.counted or "").casefold())
        return _stem(counted[-1]) if counted else None
    if quantity.kind not in ("money", "percent"):
        return None
    tokens = _WORD_RE.findall(after.casefold())[:_THING_LOOKAHEAD]
    for i, token in enumerate(tokens):
        if token in _THING_PREPOSITIONS:
            rest = [t for t in tokens[i + 1 :] if t not in _TIME_WORDS]
            return _stem(rest[0]) if rest and _content(rest[0]) else None
        if token not in _TIME_WORDS:
            return None
    return None


def profile(text: str) -> ClaimProfile:
    """Content words outside the quantities, the quantities (shares read as percentages) and what they count."""
    folded = unicodedata.normalize("NFC", text)
    quantities = tuple(q for q in find_quantities(folded, shares=True) if q.kind != "ordinal")
    pieces, last = [], 0
    things: list[str | None] = []
    for i, quantity in enumerate(quantities):
        pieces.append(folded[last : quantity.start])
        last = quantity.end
        following = folded[quantity.end : quantities[i + 1].start if i + 1 < len(quantities) else len(folded)]
        things.append(_thing(quantity, following))
    pieces.append(folded[last:])
    tokens = _WORD_RE.findall(" ".join(pieces).casefold())
    words = frozenset(_stem(word) for word in tokens if _content(word))
    rises, falls = bool(words & _RISE_STEMS), bool(words & _FALL_STEMS)
    heavy = words.intersection(things)
    norm = math.sqrt(len(words) - len(heavy) + THING_WEIGHT**2 * len(heavy))
    return ClaimProfile(words, quantities, int(rises) - int(falls), tuple(things), norm)


def _far_apart(a: Quantity, b: Quantity) -> bool:
    if a.kind in ("year", "date") or b.kind in ("year", "date"):
        return False
    low, high = sorted((abs(a.value), abs(b.value)))
    return high > BOUND_SPREAD * low


def _things(thing_a: str | None, thing_b: str | None, a: ClaimProfile, b: ClaimProfile) -> str:
    """ "same", "loose" (each named by the other claim: "200 police officers" / "200 officers"), or "other"."""
    if thing_a is None or thing_b is None or thing_a == thing_b:
        return "same"
    if thing_a in b.words or thing_b in a.words:
        return "loose"
    return "other"  # "14 hospitals" / "14 schools": what is counted differs, whatever the figures


def _relation(a: Quantity, b: Quantity, things: str) -> str:
    """How two figures relate, given how what they count relates (see _things)."""
    if things == "other" and a.kind == b.kind:
        return "other"
    relation = compare(a, b)
    if relation == "agree" and _far_apart(a, b):
        return "differ"  # "over 14,000" allows 52,000, but a restatement keeps about the same figure
    if relation == "unrelated" and a.kind == b.kind and a.kind in ("count", "ordinal"):
        # the same thing under another name ("ships", "vessels"; "member states", "members") compares by value
        loose = compare(replace(a, unit=None), replace(b, unit=None))
        if loose == "agree":
            return "differ" if _far_apart(a, b) else ("agree" if things == "same" else "loose")
        return loose
    if relation == "agree" and things == "loose":
        return "loose"
    return relation


def _numbers_factor(a: ClaimProfile, b: ClaimProfile) -> tuple[float, float]:
    """(factor, bonus) from how the two claims' figures, and what they count, relate."""
    if not a.quantities and not b.quantities:
        return 1.0, 0.0
    if not a.quantities or not b.quantities:
        return ONE_SIDED_FACTOR, 0.0
    agree = loose = differ = other = 0
    shorter, longer = (a, b) if len(a.quantities) <= len(b.quantities) else (b, a)
    for quantity, thing in zip(shorter.quantities, shorter.things, strict=True):
        relations = {
            _relation(quantity, q, _things(thing, t, shorter, longer))
            for q, t in zip(longer.quantities, longer.things, strict=True)
        }
        if "agree" in relations:
            agree += 1
        elif "loose" in relations:
            loose += 1
        elif "differ" in relations:
            differ += 1
        elif "other" in relations:
            other += 1
    if differ:
        return DIFFER_FACTOR, 0.0
    if other:
        return OTHER_THING_FACTOR, 0.0
    shorter_count = len(shorter.quantities)
    if agree + loose == shorter_count:
        # the same figure of things the two claims name differently is weaker evidence
        return 1.0, AGREE_BONUS * (agree + loose / 2) / shorter_count
    agree += loose
    return (ONE_SIDED_FACTOR if agree else UNRELATED_FACTOR), 0.0


def _weight(word: str, claim: ClaimProfile) -> float:
    return THING_WEIGHT if word in claim.things else 1.0


def similarity(a: ClaimProfile, b: ClaimProfile) -> float:
    """0..1: the cosine of the two word sets (what figures count weighs more), scaled by how their figures relate."""
    shared = a.words & b.words
    lexical = 0.0
    if shared:
        dot = sum(_weight(word, a) * _weight(word, b) for word in shared)
        lexical = min(1.0, dot / (a.norm * b.norm))
    factor, bonus = _numbers_factor(a, b)
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
