"""Numeric claim parsing: the counts, percentages, money, durations, years and dates stated in English text."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Literal, NamedTuple

__all__ = [
    "DURATIONS",
    "NUMBER_WORDS",
    "UNIT_SPELLINGS",
    "Kind",
    "Qualifier",
    "Quantity",
    "Relation",
    "compare",
    "find_quantities",
    "parse_number_words",
    "quantity_to_dict",
    "unit_key",
]

Kind = Literal["count", "percent", "money", "duration", "year", "date", "ordinal"]
Qualifier = Literal["exact", "over", "at_least", "under", "at_most", "about", "range"]
Relation = Literal["agree", "differ", "unrelated"]

# A rounded figure ("40,000") may stand for anything within half a unit of its last stated digit, but never
# for more than this share of it away: "40,000" for 42,000 passes, "40,000" for 44,000 does not.
ROUNDING_CAP = 0.05
# How far an "about" / "nearly" / "around" figure may be from the true one.
ABOUT_TOLERANCE = 0.10
# Longer digit runs are identifiers (phone numbers, ids), not quantities.
MAX_DIGITS = 15


@dataclass(frozen=True, slots=True)
class Quantity:
    """A quantity one text states; start/end are code point offsets of `text` in it, end exclusive.

    `value` is the number after scales and conversions ("1.2 million" -> 1200000, "two decades" -> 20 years);
    the low end of a range; for a date yyyymmdd with unknown parts as 0. `low`/`high` bound it when
    it is qualified ("over 40,000": low 40000) or a range. `unit` is "percent" or "percentage points", an ISO
    currency code, a time unit ("years", "months", ...), or for counts and ordinals what is counted
    ("ships"). `precision` is half a unit in the last stated digit (0.05e6 for "1.2 million").
    """

    value: float
    unit: str | None
    kind: Kind
    qualifier: Qualifier
    low: float | None
    high: float | None
    start: int
    end: int
    text: str
    counted: str | None
    month: int | None = None
    day: int | None = None
    year: int | None = None
    precision: float = 0.0


# --- Vocabulary ------------------------------------------------------------------------------------

_UNITS = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_TENS = {
    word: 10 * (i + 2)
    for i, word in enumerate(["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"])
}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SCALE_ABBREVIATIONS = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12}
# "5m" and "5b" are money, or millions and billions of something plural ("3.4m viewers"); else a "5m wall"
# is metres and the b anything at all.
_MONEY_ONLY_ABBREVIATIONS = {"m", "b"}
_ORDINAL_UNITS = {
    word: value + 1
    for value, word in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
        ]
    )
}
_ORDINAL_TENS = {
    word: 10 * (i + 2)
    for i, word in enumerate(
        ["twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth"]
    )
}
_ORDINAL_SCALES = {"hundredth": 100.0, "thousandth": 1e3, "millionth": 1e6, "billionth": 1e9}
_ORDINAL_SUFFIXES = {"st", "nd", "rd", "th"}
_NUMBER_WORDS = (
    set(_UNITS) | set(_TENS) | set(_SCALES) | set(_ORDINAL_UNITS) | set(_ORDINAL_TENS) | set(_ORDINAL_SCALES)
) | {"hundred", "dozen"}
NUMBER_WORDS = frozenset(_NUMBER_WORDS)  # lower case; a text without digits or one of these states no quantity
# "two-thirds", "a quarter": shares of a whole, which this module does not model; never read as counts or ordinals.
_FRACTION_WORDS = {
    "half",
    "halves",
    "thirds",
    "quarter",
    "quarters",
    "fourths",
    "fifths",
    "sixths",
    "sevenths",
    "eighths",
    "ninths",
    "tenths",
}

_MONTHS = {
    name: i + 1
    for i, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
} | {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10}
_MONTHS |= {"nov": 11, "dec": 12}
_MONTH_ABBREVIATIONS = {name for name in _MONTHS if len(name) <= 4 and name not in ("may", "june", "july")}

_CURRENCY_SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY"}
_CURRENCY_CODES = {"EUR", "USD", "GBP", "JPY", "CHF", "CAD", "AUD"}
_CURRENCY_WORDS = {"euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD", "yen": "JPY"}
# Pounds are weight as often as money: money only when scaled ("5 million pounds") or "sterling".
_POUNDS = {"pound", "pounds"}

DURATIONS: dict[str, tuple[str, float]] = {
    "second": ("seconds", 1),
    "seconds": ("seconds", 1),
    "minute": ("minutes", 1),
    "minutes": ("minutes", 1),
    "hour": ("hours", 1),
    "hours": ("hours", 1),
    "day": ("days", 1),
    "days": ("days", 1),
    "week": ("weeks", 1),
    "weeks": ("weeks", 1),
    "month": ("months", 1),
    "months": ("months", 1),
    "year": ("years", 1),
    "years": ("years", 1),
    "decade": ("years", 10),
    "decades": ("years", 10),
    "century": ("years", 100),
    "centuries": ("years", 100),
}
# Durations in seconds, so that "24 months" and "two years" can be compared.
_SECONDS = {
    "seconds": 1.0,
    "minutes": 60.0,
    "hours": 3600.0,
    "days": 86400.0,
    "weeks": 7 * 86400.0,
    "months": 30.436875 * 86400.0,
    "years": 365.2425 * 86400.0,
}

_QUALIFIER_PHRASES: list[tuple[tuple[str, ...], Qualifier]] = [
    (("in", "excess", "of"), "over"),
    (("upwards", "of"), "over"),
    (("more", "than"), "over"),
    (("greater", "than"), "over"),
    (("higher", "than"), "over"),
    (("just", "over"), "over"),
    (("well", "over"), "over"),
    (("over",), "over"),
    (("above",), "over"),
    (("exceeding",), "over"),
    (("no", "fewer", "than"), "at_least"),
    (("no", "less", "than"), "at_least"),
    (("not", "less", "than"), "at_least"),
    (("at", "least"), "at_least"),
    (("a", "minimum", "of"), "at_least"),
    (("fewer", "than"), "under"),
    (("less", "than"), "under"),
    (("lower", "than"), "under"),
    (("just", "under"), "under"),
    (("under",), "under"),
    (("below",), "under"),
    (("no", "more", "than"), "at_most"),
    (("not", "more", "than"), "at_most"),
    (("up", "to"), "at_most"),
    (("at", "most"), "at_most"),
    (("a", "maximum", "of"), "at_most"),
    (("as", "many", "as"), "at_most"),
    (("as", "much", "as"), "at_most"),
    (("about",), "about"),
    (("around",), "about"),
    (("roughly",), "about"),
    (("approximately",), "about"),
    (("approx",), "about"),
    (("nearly",), "about"),
    (("almost",), "about"),
    (("some",), "about"),
    (("close", "to"), "about"),
    (("an", "estimated"), "about"),
    (("estimated",), "about"),
    (("circa",), "about"),
]
_QUALIFIERS_BY_FIRST: dict[str, list[tuple[tuple[str, ...], Qualifier]]] = {}
for _phrase, _qualifier in sorted(_QUALIFIER_PHRASES, key=lambda item: -len(item[0])):
    _QUALIFIERS_BY_FIRST.setdefault(_phrase[0], []).append((_phrase, _qualifier))
_QUALIFIER_SYMBOLS: dict[str, Qualifier] = {
    "~": "about",
    "≈": "about",
    ">": "over",
    "<": "under",
    "≥": "at_least",
    "≤": "at_most",
}

# A four-digit number right after one of these is a year ("in 2017", "since 2022"), whatever follows it.
_YEAR_CONTEXT = {
    "in",
    "since",
    "until",
    "till",
    "during",
    "before",
    "after",
    "year",
    "fiscal",
    "early",
    "late",
    "mid",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
}
# "the first half of 2024", "the summer of 2019": after "of" and a part of a year, a year whatever follows
_PART_OF_A_YEAR = {"months", "weeks", "days", "half", "quarter", "end", "start", "beginning", "rest", "spring"}
_PART_OF_A_YEAR |= {"summer", "autumn", "winter", "january", "february", "march", "april", "june", "july"}
_PART_OF_A_YEAR |= {"august", "september", "october", "november", "december"}
# ...and after one of these unless a plural noun follows ("the end of 2017" but "a total of 2000 votes").
_WEAK_YEAR_CONTEXT = {"of", "from", "to", "through", "by"}
# "rose from 30 to 31": two figures, a change, not a range.
_CHANGE_VERBS = {
    "rose",
    "risen",
    "rising",
    "grew",
    "grown",
    "growing",
    "increased",
    "increasing",
    "fell",
    "fallen",
    "falling",
    "dropped",
    "declined",
    "climbed",
    "jumped",
    "went",
    "gone",
    "surged",
    "soared",
    "shrank",
    "shrunk",
    "cut",
    "reduced",
    "raised",
    "slipped",
    "dipped",
    "plunged",
    "tumbled",
    "up",
    "down",
    "decreased",
    "expanded",
}
_HYPHEN_YEAR_PREFIXES = {"mid", "early", "late", "pre", "post"}
# A number right after one of these names something ("Article 5", "Flight 17", "No. 10"); it counts nothing.
_LABELS = {
    "act",
    "amendment",
    "article",
    "bus",
    "category",
    "chapter",
    "clause",
    "district",
    "episode",
    "flight",
    "gate",
    "grade",
    "item",
    "level",
    "line",
    "model",
    "number",
    "page",
    "paragraph",
    "phase",
    "platform",
    "resolution",
    "room",
    "route",
    "section",
    "stage",
    "terminal",
    "track",
    "version",
    "volume",
    "war",
    "ward",
    "zone",
}
_LABEL_ABBREVIATIONS = {"no", "nos", "art", "fig", "p", "pp", "vol", "sec"}  # followed by a dot: "No. 10"

# Words that end the phrase naming what is counted ("31 members of the alliance" stops at "of").
_PHRASE_STOPS = {
    "a",
    "about",
    "across",
    "after",
    "against",
    "ago",
    "all",
    "also",
    "among",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "between",
    "both",
    "but",
    "by",
    "came",
    "can",
    "could",
    "did",
    "do",
    "does",
    "during",
    "each",
    "even",
    "every",
    "for",
    "from",
    "get",
    "got",
    "had",
    "has",
    "have",
    "he",
    "her",
    "here",
    "his",
    "i",
    "if",
    "in",
    "including",
    "into",
    "is",
    "it",
    "its",
    "just",
    "like",
    "made",
    "make",
    "may",
    "might",
    "must",
    "my",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "on",
    "only",
    "onto",
    "or",
    "our",
    "over",
    "per",
    "remain",
    "remained",
    "said",
    "say",
    "says",
    "shall",
    "she",
    "should",
    "since",
    "so",
    "some",
    "still",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "under",
    "until",
    "up",
    "was",
    "we",
    "went",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "will",
    "with",
    "within",
    "without",
    "would",
    "you",
    "your",
}
# Words that start a time phrase after a figure rather than what it counts ("1,260 last year").
_TIME_REFERENCES = {"last", "next", "this", "each", "every", "per"}
# Words a counted phrase may hold that are never what is counted ("four additional NATO ships").
_NEVER_COUNTED = {
    "more",
    "fewer",
    "less",
    "other",
    "additional",
    "extra",
    "new",
    "further",
    "such",
    "own",
    "different",
    "separate",
    "total",
    "full",
    "whole",
}
_IRREGULAR_PLURALS = {
    "people": "person",
    "men": "man",
    "women": "woman",
    "children": "child",
    "police": "police",
    "staff": "staff",
    "personnel": "personnel",
    "cattle": "cattle",
    "sheep": "sheep",
    "aircraft": "aircraft",
    "feet": "foot",
    "teeth": "tooth",
    "mice": "mouse",
    "geese": "goose",
    "data": "data",
    "media": "media",
    "criteria": "criterion",
    "crises": "crisis",
}
# "one of", "no one", "the one": the pronoun, not the number.
_ONE_PRONOUN_NEXT = {"of", "another", "by", "or", "who", "that", "which", "thing", "way", "side", "hand"}
_ONE_PRONOUN_PREVIOUS = {"no", "any", "every", "each", "some", "the", "this", "that", "which", "only", "little"}
_ONE_PRONOUN_PREVIOUS |= {"previous", "last", "next", "other", "same", "new", "old", "latest", "right", "wrong", "such"}

# Most tokens a quantity may hold before its number: "no fewer than US$ 5" has five.
_LEAD = 6
_START_WORDS = (
    _NUMBER_WORDS
    | set(_QUALIFIERS_BY_FIRST)
    | set(_MONTHS)
    | {word.lower() for word in _CURRENCY_CODES}
    | {"a", "half", "between", "from", "us"}
)


# --- Tokens ----------------------------------------------------------------------------------------

# Typographic look-alikes spelled as escapes so that the source says which character it means.
_APOSTROPHES = "'\u2019"
_HYPHENS = "-\u2010"  # hyphen-minus, hyphen
_RANGE_DASHES = {"-", "\u2010", "\u2013"}  # ...and the en dash of "2017\u201318"

_TOKEN_RE = re.compile(
    r"(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
    rf"|(?P<word>[^\W\d_]+(?:[{_APOSTROPHES}][^\W\d_]+)*)"
    r"|(?P<sym>[^\w\s])"
)


class _Token(NamedTuple):
    """One token; a tuple because a long source text holds tens of thousands of them."""

    kind: str  # "num", "word" or "sym"
    text: str
    lower: str
    start: int
    end: int


class _Scan:
    """The tokens of one text and the small look-ups every parser below shares."""

    def __init__(self, text: str) -> None:
        self.text = text
        make = _Token._make
        self.tokens = [
            make((match.lastgroup, token, token.lower(), match.start(), match.end()))
            for match in _TOKEN_RE.finditer(text)
            for token in (match.group(),)
        ]
        self.n = len(self.tokens)

    def word(self, k: int) -> str:
        if 0 <= k < self.n and self.tokens[k].kind == "word":
            return self.tokens[k].lower
        return ""

    def sym(self, k: int) -> str:
        if 0 <= k < self.n and self.tokens[k].kind == "sym":
            return self.tokens[k].text
        return ""

    def kind(self, k: int) -> str:
        return self.tokens[k].kind if 0 <= k < self.n else ""

    def touches(self, k: int) -> bool:
        """Token k follows token k-1 with nothing between them."""
        return 0 < k < self.n and self.tokens[k].start == self.tokens[k - 1].end

    def glued_hyphen(self, k: int) -> bool:
        """Token k is a hyphen joining the tokens either side of it ("thirty-one", "31-member")."""
        return self.sym(k) in _HYPHENS and self.touches(k) and self.touches(k + 1)


# --- Numbers ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Number:
    value: float
    precision: float
    end: int  # token index after the number
    ordinal: bool = False
    digits: bool = False
    raw: str = ""  # the digits without separators, for digit numbers
    separators: bool = False  # "2,017": written as an amount, never a year
    scale: float = 1.0
    decade: bool = False  # "1990s"
    pence: bool = False  # "41p"
    words: int = 0  # number words read, for word numbers


def _place_precision(value: float) -> float:
    """Half a unit in the last non-zero digit: what rounding to that digit may hide."""
    if value == 0 or not math.isfinite(value):
        return 0.5
    if value.is_integer():
        whole, zeros = int(abs(value)), 0
        while whole % 10 == 0:
            whole //= 10
            zeros += 1
        return 0.5 * 10.0**zeros
    for decimals in range(1, 7):
        shifted = value * 10**decimals
        if abs(shifted - round(shifted)) < 1e-6:
            return 0.5 * 10.0**-decimals
    return 0.5e-6


def _year_slash(scan: _Scan, k: int) -> bool:
    """Token k is a year and a slash joins it to the next one: "2019/20", "2019/2020"."""
    first, second = scan.tokens[k].text, scan.tokens[k + 2].text if k + 2 < scan.n else ""
    if scan.sym(k + 1) != "/" or not (scan.touches(k + 1) and scan.touches(k + 2)) or scan.sym(k + 3) == "/":
        return False
    if not (len(first) == 4 and first.isdigit() and 1900 <= int(first) <= 2100 and second.isdigit()):
        return False
    following = int(first) + 1
    return second == str(following) or second == f"{following % 100:02d}"


def _digits(scan: _Scan, k: int, *, money: bool) -> _Number | None:
    """A number written in digits at token k, with a glued suffix ("32nd", "1990s", "3bn") or a scale word."""
    if scan.kind(k) != "num":
        return None
    written = scan.tokens[k].text
    raw = written.replace(",", "")
    if len(raw) > MAX_DIGITS:
        return None
    decimals = len(raw.partition(".")[2])
    value = float(raw)
    number = _Number(value, 0.0, k + 1, digits=True, raw=raw, separators="," in written)
    if scan.touches(k + 1):
        glued = scan.tokens[k + 1]
        if glued.kind == "word":
            suffix = glued.lower
            if suffix in _ORDINAL_SUFFIXES and not decimals:
                number.ordinal = True
            elif suffix == "s" and len(raw) == 4 and not number.separators and raw.endswith("0"):
                number.decade = True
            elif suffix == "p" and not money:
                number.pence = True  # "41p a litre", "16p more": money, in pounds as _side reads it
            elif suffix in _SCALE_ABBREVIATIONS and (
                money
                or suffix not in _MONEY_ONLY_ABBREVIATIONS
                or (scan.word(k + 2) and _plural_like(scan.tokens[k + 2].text))
            ):
                number.scale = _SCALE_ABBREVIATIONS[suffix]
            else:
                return None  # "5G", "10am", "A4": a name, a time or a size, not a quantity
            number.end += 1
        elif glued.kind == "num" or (
            glued.text in "/:.," and scan.kind(k + 2) == "num" and scan.touches(k + 2) and not _year_slash(scan, k)
        ):
            return None  # "10:30", "14/03/2019", "3.5.1": a time, a date or a version
    if number.scale == 1.0 and not number.ordinal and not number.decade:
        following = scan.word(number.end)
        if following in _SCALES:
            number.scale = _SCALES[following]
            number.end += 1
        elif following in ("bn", "mn", "mln"):
            number.scale = _SCALE_ABBREVIATIONS[following]
            number.end += 1
        elif following == "hundred" and value < 100 and not decimals:
            number.scale = 100.0
            number.end += 1
    # A stated decimal is significant even when zero ("3.0%"); trailing zeros of a whole number are not.
    number.precision = (0.5 * 10.0**-decimals if decimals else _place_precision(value)) * number.scale
    number.value = value * number.scale
    return number


@dataclass(slots=True)
class _WordState:
    total: float = 0.0
    current: float = 0.0  # the part below the last scale word ("three hundred" in "two thousand three hundred")
    last_scale: float = math.inf
    previous: str = ""  # what the last word was: unit, tens, hundred, scale, and, half
    end: int = 0
    words: int = 0


def _words(scan: _Scan, k: int, limit: int | None = None) -> _Number | None:
    """A number written in words at token k: "thirty-one", "a hundred and twenty", "half a million", "third"."""
    stop = scan.n if limit is None else min(limit, scan.n)
    first = scan.word(k) if k < stop else ""
    if first == "half" and scan.word(k + 1) == "a" and k + 2 < stop:
        scale_word = scan.word(k + 2)
        multiplier = _SCALES.get(scale_word) or (12.0 if scale_word == "dozen" else None)
        if multiplier is None:
            return None
        value = 0.5 * multiplier
        return _Number(value, _place_precision(value), k + 3, words=3)
    share = _share_of_scale(scan, k, stop)
    if share is not None:
        return share
    state = _WordState(end=k)
    i = k
    if first == "a" and scan.word(k + 1) in (_SCALES.keys() | {"hundred", "dozen"}):
        state.current, state.previous, state.words = 1.0, "unit", 1
        i = k + 1
    saved: _WordState | None = None  # the state before an "and", taken back if what follows is no number part
    ordinal = False
    while i < stop:
        if state.previous == "tens" and scan.glued_hyphen(i):
            i += 1  # "thirty-one", "twenty-first"
            continue
        word = scan.word(i)
        if not word:
            break
        step = _word_step(scan, i, stop, word, state)
        if step is None:
            if saved is not None and word in _NUMBER_WORDS:
                state = saved  # "a hundred and two hundred": the "and" joins two numbers, not two parts of one
            break
        kind, advance = step
        if kind == "and":
            saved = replace(state)
            state.previous = "and"
            i += advance
            continue
        if kind == "scale":
            saved = None
        if kind == "ordinal":
            ordinal = True
        state.previous = kind
        state.words += advance
        i += advance
        state.end = i
        if ordinal:
            break
    if state.words == 0:
        return None
    value = state.total + state.current
    scale = 1.0 if state.last_scale == math.inf else state.last_scale  # "five million" is scaled, as "5 million"
    return _Number(value, _place_precision(value), state.end, ordinal=ordinal, scale=scale, words=state.words)


def _share_of_scale(scan: _Scan, k: int, stop: int) -> _Number | None:
    """ "a quarter of a million", "three-quarters of a billion": a share of a scale word is a number."""
    numerator = _SHARE_NUMERATORS.get(scan.word(k))
    j = k + 1 + (1 if scan.glued_hyphen(k + 1) else 0)
    denominator = _SHARE_DENOMINATORS.get(scan.word(j))
    if numerator is None or denominator is None or j + 3 >= stop:
        return None
    scale = _SCALES.get(scan.word(j + 3))
    if scan.word(j + 1) != "of" or scan.word(j + 2) != "a" or scale is None:
        return None
    value = numerator / denominator * scale
    return _Number(value, _place_precision(value), j + 4, words=j + 4 - k)


def _word_step(scan: _Scan, i: int, stop: int, word: str, state: _WordState) -> tuple[str, int] | None:
    """Apply one number word to the state; returns what it was and how many tokens it took, or None."""
    started = state.words > 0
    after_part = state.previous in ("hundred", "scale", "and")
    if word in _UNITS:
        value = _UNITS[word]
        if not started:
            state.current = value
        elif value and (after_part or (state.previous == "tens" and value < 10)):
            state.current += value
        else:
            return None
        return "unit", 1
    if word in _TENS:
        if started and not after_part:
            return None
        state.current += _TENS[word]
        return "tens", 1
    if word in _ORDINAL_UNITS or word in _ORDINAL_TENS:
        value = _ORDINAL_UNITS.get(word) or _ORDINAL_TENS[word]
        if not started or (after_part and state.current % 100 == 0) or (state.previous == "tens" and value < 10):
            state.current += value
            return "ordinal", 1
        return None
    if word == "hundred" or word == "hundredth":
        if not (started and 0 < state.current < 100 and state.previous in ("unit", "tens")):
            return None
        state.current *= 100
        return ("ordinal" if word == "hundredth" else "hundred"), 1
    if word == "dozen":
        if not (started and 0 < state.current < 20 and state.previous == "unit"):
            return None
        state.current *= 12
        return "hundred", 1
    scale = _SCALES.get(word) or _ORDINAL_SCALES.get(word)
    if scale is not None:
        if not started or state.current <= 0 or scale >= state.last_scale or state.previous == "and":
            return None
        state.total += state.current * scale
        state.current = 0.0
        state.last_scale = scale
        return ("ordinal" if word in _ORDINAL_SCALES else "scale"), 1
    if word == "point" and started and state.previous in ("unit", "tens") and state.current == int(state.current):
        # "twenty-one point four million": single digits after "point" are decimals
        digits = ""
        while i + 1 + len(digits) < stop and _UNITS.get(scan.word(i + 1 + len(digits)), 10) < 10:
            digits += str(_UNITS[scan.word(i + 1 + len(digits))])
        if not digits:
            return None
        state.current += float("0." + digits)
        return "unit", 1 + len(digits)
    if word == "and" and started and i + 1 < stop:
        following = scan.word(i + 1)
        if following == "a" and scan.word(i + 2) == "half" and i + 2 < stop:
            # "two and a half million": half a unit more, before any scale
            if state.previous not in ("unit", "tens") or state.current != int(state.current):
                return None
            state.current += 0.5
            return "half", 3
        if state.previous in ("hundred", "scale") and (following in _UNITS or following in _TENS):
            return "and", 1
    return None


def parse_number_words(text: str) -> float | None:
    """The number a whole text states in words or digits ("thirty-one", "a hundred and twenty", "1.2 million").

    Ordinal words give their number ("third" -> 3.0). Anything else in the text gives None.
    """
    scan = _Scan(text)
    if scan.n == 0:
        return None
    number = _digits(scan, 0, money=False) or _words(scan, 0)
    if number is None or number.end != scan.n or number.decade:
        return None
    return number.value


# --- Quantities ------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Side:
    """One number of a quantity (either end of a range) with its currency, scale and unit."""

    number: _Number
    start: int  # first token (the currency symbol if any)
    number_start: int  # first token of the number itself
    end: int  # token index after the number and its unit
    kind: Kind | None = None  # percent, money or duration when a unit says so
    unit: str | None = None
    factor: float = 1.0  # decades -> years, pence -> pounds
    currency_before: bool = False


def _side(scan: _Scan, k: int, *, words: bool = True) -> _Side | None:
    start = k
    currency: str | None = None
    symbol, word = scan.sym(k), scan.tokens[k].text if scan.kind(k) == "word" else ""
    if symbol in _CURRENCY_SYMBOLS:
        currency, k = _CURRENCY_SYMBOLS[symbol], k + 1
    elif word in _CURRENCY_CODES:
        currency, k = word, k + 1
    elif word == "US" and scan.sym(k + 1) == "$" and scan.touches(k + 1):
        currency, k = "USD", k + 2
    number = _digits(scan, k, money=currency is not None)
    if number is None and words:
        number = _words(scan, k)
    if number is None:
        return None
    side = _Side(number, start, k, number.end, currency_before=currency is not None)
    if currency is not None:
        if number.ordinal or number.decade:
            return None
        side.kind, side.unit = "money", currency
        return side
    if number.pence:
        side.kind, side.unit, side.factor = "money", "GBP", 0.01
    elif not (number.ordinal or number.decade):
        _unit_after(scan, side)
    return side


_IN_A_ROW = frozenset({"consecutive", "straight", "successive", "full", "whole"})


def _unit_after(scan: _Scan, side: _Side) -> None:
    """Read the unit after a number: percent, a currency after it, or a duration."""
    k = side.end
    word = scan.word(k)
    symbol = scan.sym(k)
    if symbol == "%" or word in ("percent", "pct"):
        side.kind, side.unit, side.end = "percent", "percent", k + 1
    elif word == "per" and scan.word(k + 1) == "cent":
        side.kind, side.unit, side.end = "percent", "percent", k + 2
    elif word == "percentage" and scan.word(k + 1) in ("point", "points"):
        side.kind, side.unit, side.end = "percent", "percentage points", k + 2
    elif symbol in _CURRENCY_SYMBOLS and scan.kind(k + 1) != "num":
        side.kind, side.unit, side.end = "money", _CURRENCY_SYMBOLS[symbol], k + 1
    elif scan.kind(k) == "word" and scan.tokens[k].text in _CURRENCY_CODES:
        side.kind, side.unit, side.end = "money", scan.tokens[k].text, k + 1
    elif word in _CURRENCY_WORDS:
        side.kind, side.unit, side.end = "money", _CURRENCY_WORDS[word], k + 1
    elif word in ("pence", "penny"):
        side.kind, side.unit, side.factor, side.end = "money", "GBP", 0.01, k + 1
    elif word in _POUNDS and (side.number.scale > 1 or scan.word(k + 1) == "sterling"):
        side.kind, side.unit = "money", "GBP"
        side.end = k + (2 if scan.word(k + 1) == "sterling" else 1)
    elif word in DURATIONS:
        side.kind, (side.unit, side.factor), side.end = "duration", DURATIONS[word], k + 1
    elif (word in _IN_A_ROW and scan.word(k + 1) in DURATIONS) or (
        scan.glued_hyphen(k) and scan.word(k + 1) in DURATIONS
    ):  # "six consecutive years"
        side.kind, (side.unit, side.factor), side.end = "duration", DURATIONS[scan.word(k + 1)], k + 2


def _glued_to_word(text: str, start: int, words_before: str) -> bool:
    """Digits that are part of a name or code ("G7", "F-35", "COVID-19", "3.5.1"), not a quantity."""
    if start == 0:
        return False
    before = text[start - 1]
    if before.isalnum() or before == "_":
        return True
    if before in _HYPHENS + ".,/:" and start >= 2 and text[start - 2].isalnum():
        return not (before in _HYPHENS and words_before in _HYPHEN_YEAR_PREFIXES)  # "mid-1990s"
    return False


def _labelled(scan: _Scan, k: int) -> bool:
    """The number at token k names a thing ("Article 5", "No. 10") rather than counting one."""
    if scan.word(k - 1) in _LABELS:
        return True
    return scan.sym(k - 1) == "." and scan.word(k - 2) in _LABEL_ABBREVIATIONS


def _qualifier_at(scan: _Scan, i: int) -> tuple[Qualifier | None, int]:
    symbol = scan.sym(i)
    if symbol in _QUALIFIER_SYMBOLS:
        return _QUALIFIER_SYMBOLS[symbol], i + 1
    for phrase, qualifier in _QUALIFIERS_BY_FIRST.get(scan.word(i), ()):
        if all(scan.word(i + offset) == part for offset, part in enumerate(phrase)):
            return qualifier, i + len(phrase)
    return None, i


def _parse_at(scan: _Scan, i: int) -> tuple[Quantity | None, int]:
    """The quantity that starts at token i, if any, and the token index to go on from."""
    date = _date_at(scan, i)
    if date is not None:
        return date
    qualifier, j = _qualifier_at(scan, i)
    opener = scan.word(j) if qualifier is None and scan.word(j) in ("between", "from") else ""
    if opener == "from" and _changed_before(scan, i):
        return None, i + 1  # "rose from 30 to 31", "raised its fine from £75 to £150": two figures, read one by one
    if opener:
        j += 1
    if j >= scan.n or (j > i and _date_at(scan, j) is not None):
        return None, i + 1  # a qualifier with nothing after it; dates take no qualifier
    first = _side(scan, j)
    if first is None:
        return None, i + 1
    number = first.number
    if j == i and number.digits and _glued_to_word(scan.text, scan.tokens[j].start, scan.word(j - 2)):
        return None, number.end
    if j == i and number.digits and first.kind is None and _labelled(scan, j):
        return None, number.end
    if _not_a_number(scan, j, first) or _time_of_day(scan, first):
        return None, max(number.end, i + 1)
    if number.ordinal and j > i:
        return None, i + 1  # "over the third" and the like: qualifiers bound amounts, not ranks
    ratio = _ratio(scan, i, qualifier, first)
    if ratio is not None:
        return ratio
    high = _range_tail(scan, first, opener, scan.word(i - 1))
    if opener and high is None:
        return None, i + 1
    tally = scan.glued_hyphen(first.end) and scan.kind(first.end + 1) == "num"
    if high is None and number.digits and first.kind is None and tally:
        return None, first.end + 2  # "68-32", "3-1": a tally or a score, not a quantity
    return _quantity(scan, i, qualifier, first, high)


def _changed_before(scan: _Scan, i: int) -> bool:
    """A verb of change stands in the clause before token i, a few words back at most."""
    for k in range(i - 1, max(i - 7, -1), -1):
        if scan.word(k) in _CHANGE_VERBS:
            return True
        if scan.sym(k) in (",", ";", ":", "."):
            return False
    return False


def _time_of_day(scan: _Scan, side: _Side) -> bool:
    """ "9 a.m.", "5pm", "10 o'clock": a time, not a quantity."""
    k = side.end
    if side.kind is not None or side.number.ordinal:
        return False
    word = scan.word(k)
    if word in ("am", "pm", "o'clock", "o\u2019clock"):
        return True
    return word in ("a", "p") and scan.sym(k + 1) == "." and scan.word(k + 2) == "m"


def _in_whole(scan: _Scan, k: int) -> _Side | None:
    """The whole after the "in" at token k of a ratio: "in five", "-in-six", "in every hundred"."""
    start = k + 1 + (1 if scan.glued_hyphen(k + 1) else 0)
    start += scan.word(start) == "every"
    if start >= scan.n or not (scan.kind(start) == "num" or scan.word(start) in NUMBER_WORDS):
        return None
    return _side(scan, start)


def _ratio(scan: _Scan, i: int, qualifier: Qualifier | None, first: _Side) -> tuple[Quantity, int] | None:
    """ "one in five", "1 in 10 households", "a one-in-six chance": a share, read as a percentage."""
    k = first.end + (1 if scan.glued_hyphen(first.end) else 0)
    if first.kind is not None or first.number.ordinal or scan.word(k) != "in":
        return None
    whole = _in_whole(scan, k)
    if whole is None or whole.kind is not None or whole.number.ordinal or whole.number.value <= first.number.value:
        return None
    if _year_like(whole.number):
        return None  # "3 in 2017"
    value = 100 * first.number.value / whole.number.value
    start, end = scan.tokens[i].start, scan.tokens[whole.end - 1].end
    final: Qualifier = qualifier or "exact"
    counted = _counted(scan, whole.end, singular=False)
    quantity = Quantity(
        value=value,
        unit="percent",
        kind="percent",
        qualifier=final,
        low=value if final in ("over", "at_least") else None,
        high=value if final in ("under", "at_most") else None,
        start=start,
        end=end,
        text=scan.text[start:end],
        counted=counted,
        precision=_place_precision(round(value, 6)),
    )
    return quantity, whole.end


def _not_a_number(scan: _Scan, k: int, side: _Side) -> bool:
    """Number words that are not a quantity here: a pronoun "one", a fraction, "at first"."""
    number = side.number
    after = number.end + (1 if scan.glued_hyphen(number.end) else 0)
    if number.digits:
        return not number.ordinal and side.kind is None and scan.word(after) in _FRACTION_WORDS
    previous, following = scan.word(k - 1), scan.word(number.end)
    if number.ordinal:
        if number.words == 1 and previous == "at" and scan.word(k) == "first":
            return True
        # "a third of the vote" is a share, "the third term" a rank
        return following == "of" and (previous in ("a", "one") or previous in _UNITS or previous in _TENS)
    if side.kind is None and scan.word(after) in _FRACTION_WORDS | {"third", "fourth", "fifth", "sixth", "tenth"}:
        return True
    if scan.word(after) == "in" and _in_whole(scan, after) is not None:
        return False  # "only one in six", "a one-in-six chance": a ratio, not the pronoun
    return (
        number.words == 1
        and number.value == 1
        and side.kind is None
        and (following in _ONE_PRONOUN_NEXT or previous in _ONE_PRONOUN_PREVIOUS or scan.glued_hyphen(number.end))
    )


def _range_tail(scan: _Scan, first: _Side, opener: str, before: str) -> _Side | None:
    """The high end of "between 10 and 20", "from 5 to 10", "10-20", "10 to 20", "2017-18"; None if none."""
    number = first.number
    if number.ordinal or number.decade:
        return None
    k = first.end
    connector = scan.word(k) or scan.sym(k)
    wanted = {"between": {"and"}, "from": {"to"}}.get(opener, _RANGE_DASHES | {"to"})
    if connector == "/" and _year_slash(scan, k - 1):
        connector = "-"  # "2019/20" is the financial year "2019-20"
    if connector not in wanted and opener == "between" and number.words:
        # "between a hundred and twenty": the first number swallowed the "and"; read it again without it
        limit = _last_and(scan, first.number_start, number.end)
        shorter = _words(scan, first.number_start, limit=limit) if limit > first.number_start else None
        if shorter is not None:
            first.number, first.end, first.kind, first.unit = shorter, shorter.end, None, None
            _unit_after(scan, first)
            return _range_tail(scan, first, opener, before)
    change = before in _CHANGE_VERBS or before in ("from", "by")
    if connector not in wanted or (connector == "to" and not opener and change):
        return None  # "rose 5% to 10%", "rose from 30 to 31", "fell by 6,200 to 48,500": two figures, not a range
    hyphen = connector in _RANGE_DASHES
    if hyphen and not number.digits:
        return None
    high = _side(scan, k + 1, words=not hyphen)
    if high is None or high.number.ordinal or high.number.decade:
        return None
    if first.kind and high.kind and (first.kind, first.unit) != (high.kind, high.unit):
        return None
    if _year_like(number) and first.kind is None and high.kind in ("money", "percent"):
        return None  # "doubled since 2021 to £5.3m": a year, then the level reached
    # "from 23 stations in 2014 to 18 by 2024": a year, then the level reached by another year
    if connector == "to" and _year_like(number) and len(high.number.raw) == 2 and _year_after(scan, high.end):
        return None
    # "2017-18": the second year keeps the first's century
    if _year_like(number) and len(high.number.raw) == 2 and high.kind is None and first.kind is None:
        high.number.value += int(number.value) // 100 * 100
        high.number.raw = str(int(high.number.value))
    # "5-10 million", "10-20%": the second number's scale and unit belong to both
    if high.number.scale > 1 and number.scale == 1 and number.value * high.number.scale <= high.number.value:
        number.value *= high.number.scale
        number.precision *= high.number.scale
        number.scale = high.number.scale
    if first.kind is None and high.kind is not None:
        first.kind, first.unit, first.factor = high.kind, high.unit, high.factor
    elif high.kind is None and first.kind is not None:
        high.kind, high.unit, high.factor = first.kind, first.unit, first.factor
    if not number.value < high.number.value:
        return None
    return high


def _year_after(scan: _Scan, k: int) -> bool:
    """ "by 2024" or "in 2024" at token k."""
    return scan.word(k) in ("by", "in") and scan.kind(k + 1) == "num" and len(scan.tokens[k + 1].text) == 4


def _last_and(scan: _Scan, start: int, end: int) -> int:
    for k in range(end - 1, start, -1):
        if scan.word(k) == "and":
            return k
    return start


def _year_like(number: _Number) -> bool:
    return (
        number.digits
        and len(number.raw) == 4
        and number.raw.isdigit()
        and not number.separators
        and number.scale == 1
        and not number.ordinal
        and 1000 <= number.value <= 2199
    )


def _quantity(
    scan: _Scan, i: int, qualifier: Qualifier | None, first: _Side, high: _Side | None
) -> tuple[Quantity, int]:
    """Build the quantity read from token i to the end of `high` (or `first`)."""
    number = first.number
    end_token = (high or first).end
    # rounded so that pence come out as written (41 * 0.01 is 0.41000000000000003)
    low_value = round(number.value * first.factor, 12)
    high_value = round(high.number.value * high.factor, 12) if high else None
    precision = round(max(number.precision, high.number.precision if high else 0.0) * first.factor, 12)
    unit = first.unit
    counted: str | None = None
    kind: Kind
    if qualifier is None and high is None and not number.ordinal:
        qualifier, end_token = _trailing_qualifier(scan, end_token)  # "40,000 or more": a bound, never a year
    if number.decade:
        kind, qualifier, high_value, precision = "year", "range", number.value + 9, 0.0
    elif first.kind is not None:
        kind = first.kind
        if kind == "percent" and scan.word(end_token) == "of":
            counted = _counted(scan, _skip_determiners(scan, end_token + 1), singular=False)
    else:
        counted = _counted(scan, end_token, singular=number.ordinal or (number.value == 1 and high is None))
        if number.ordinal:
            kind, precision = "ordinal", 0.0
        elif _is_year(scan, i, qualifier, first, high, counted):
            kind, precision, counted = "year", 0.0, None
            qualifier = None if qualifier == "over" else qualifier  # "over 2024" is during it, not after it
        else:
            kind = "count"
        unit = counted
    final: Qualifier = "range" if high_value is not None else (qualifier or "exact")
    low = low_value if final in ("over", "at_least", "range") else None
    top = high_value if final == "range" else (low_value if final in ("under", "at_most") else None)
    start, end = scan.tokens[i].start, scan.tokens[end_token - 1].end
    quantity = Quantity(
        value=low_value,
        unit=unit,
        kind=kind,
        qualifier=final,
        low=low,
        high=top,
        start=start,
        end=end,
        text=scan.text[start:end],
        counted=counted,
        year=int(low_value) if kind == "year" else None,
        precision=precision,
    )
    return quantity, end_token


def _trailing_qualifier(scan: _Scan, k: int) -> tuple[Qualifier | None, int]:
    """ "40,000 or more", "40,000-plus", "40,000+": a bound after the number, and the token after it."""
    if scan.sym(k) == "+" and scan.touches(k):
        return "at_least", k + 1
    if scan.glued_hyphen(k) and scan.word(k + 1) == "plus":
        return "at_least", k + 2
    if scan.word(k) == "or" and scan.word(k + 1) in ("more", "over", "above"):
        return "at_least", k + 2
    if scan.word(k) == "or" and scan.word(k + 1) in ("fewer", "less", "under", "below"):
        return "at_most", k + 2
    return None, k


def _skip_determiners(scan: _Scan, k: int) -> int:
    while scan.word(k) in ("the", "all", "its", "their", "those", "these", "his", "her", "our"):
        k += 1
    return k


def _is_year(
    scan: _Scan, i: int, qualifier: Qualifier | None, first: _Side, high: _Side | None, counted: str | None
) -> bool:
    """A bare four-digit number is a year when its context says so ("in 2017", "the 2017 election")."""
    if not _year_like(first.number) or (high is not None and not _year_like(high.number)):
        return False
    before = scan.word(i - 1)
    plural = counted is not None and _plural_like(counted)
    if qualifier is not None and plural:
        return False  # "in over 2000 towns": a bound on a count, whatever comes before
    if before in _YEAR_CONTEXT:
        return True
    if before == "of" and scan.word(i - 2) in _PART_OF_A_YEAR:
        return True  # "the first six months of 2024 hotels in Pellmorran collected ...": the year
    if before in _WEAK_YEAR_CONTEXT:
        return not plural
    if scan.word(i) == "over" and counted is None:
        return True  # "filled 9,400 potholes over 2024": during the year (a count would say what it counts)
    if qualifier in ("over", "under", "at_least", "at_most") or plural:
        return False  # "more than 2000 people", "2000 people"
    return 1800 <= first.number.value <= 2100


def _plural_like(word: str) -> bool:
    lower = word.lower()
    if lower in _IRREGULAR_PLURALS:
        return True
    if word.isupper() or len(lower) < 3:
        return False  # "NHS", "US": acronyms, not plurals
    return lower.endswith("s") and not lower.endswith(("ss", "us", "is", "'s", "\u2019s"))


def _verb_like(word: str) -> bool:
    return len(word) > 4 and word.endswith("ed") and not word.endswith("eed")


def _counted(scan: _Scan, k: int, *, singular: bool) -> str | None:
    """What a number counts: the head noun of the short phrase after it ("four additional NATO ships")."""
    if scan.glued_hyphen(k) and scan.word(k + 1):
        word = scan.word(k + 1)  # "a 31-member alliance": members are counted
        return None if word in DURATIONS or word in _NUMBER_WORDS else word
    phrase: list[_Token] = []
    while k < scan.n and len(phrase) < 4:
        token = scan.tokens[k]
        if token.kind != "word" or token.lower in _PHRASE_STOPS or token.lower in _NUMBER_WORDS:
            break
        if (token.lower in _MONTHS and token.text[:1].isupper()) or _verb_like(token.lower):
            break
        if token.lower in _TIME_REFERENCES and not scan.glued_hyphen(k + 1):
            break  # "1,260 last year" counts no years
        phrase.append(token)
        k += 1
    candidates = [token for token in phrase if token.lower not in _NEVER_COUNTED]
    if not singular:
        for token in candidates:
            if _plural_like(token.text):
                return token.lower
    # No plural: a singular noun, taken from the end of the phrase; capitalised words are names, not nouns.
    for token in reversed(candidates):
        if token.text[:1].islower():
            return token.lower
    return None


# --- Dates -----------------------------------------------------------------------------------------


def _day_at(scan: _Scan, k: int) -> tuple[int, int] | None:
    """A day of the month at token k ("14", "14th") and the token index after it."""
    if scan.kind(k) != "num":
        return None
    raw = scan.tokens[k].text
    if not raw.isdigit() or len(raw) > 2 or not 1 <= int(raw) <= 31:
        return None
    end = k + 1
    if scan.touches(end) and scan.kind(end) == "word":
        if scan.word(end) not in _ORDINAL_SUFFIXES:
            return None
        end += 1
    if scan.touches(end) and scan.kind(end) == "num":
        return None
    return int(raw), end


def _month_at(scan: _Scan, k: int) -> tuple[int, int] | None:
    """A capitalised month name at token k ("March", "Sept.") and the token index after it."""
    if scan.kind(k) != "word" or not scan.tokens[k].text[:1].isupper():
        return None
    month = _MONTHS.get(scan.word(k))
    if month is None:
        return None
    end = k + 1
    if scan.word(k) in _MONTH_ABBREVIATIONS and scan.sym(end) == "." and scan.touches(end):
        end += 1
    return month, end


def _year_at(scan: _Scan, k: int) -> tuple[int, int] | None:
    if scan.kind(k) != "num":
        return None
    raw = scan.tokens[k].text
    if len(raw) != 4 or not raw.isdigit() or not 1000 <= int(raw) <= 2199:
        return None
    if scan.touches(k + 1) and scan.kind(k + 1) in ("num", "word"):
        return None
    return int(raw), k + 1


def _date_at(scan: _Scan, i: int) -> tuple[Quantity, int] | None:
    """ "14 March 2019", "14th of March", "March 14, 2019", "July 11", "March 2019"."""
    day: int | None = None
    year: int | None = None
    kind = scan.kind(i)
    if kind == "num":
        found = _day_at(scan, i)
        if found is None or _glued_to_word(scan.text, scan.tokens[i].start, scan.word(i - 2)):
            return None
        day, k = found
        if scan.word(k) == "of":
            k += 1
        month_found = _month_at(scan, k)
        if month_found is None:
            return None
        month, end = month_found
        year_found = _year_at(scan, end + 1 if scan.sym(end) == "," else end)
    elif kind == "word":
        month_found = _month_at(scan, i)
        if month_found is None:
            return None
        month, end = month_found
        found = _day_at(scan, end)
        if found is not None:
            day, end = found
            year_found = _year_at(scan, end + 1 if scan.sym(end) == "," else end)
        else:
            year_found = _year_at(scan, end)
            if year_found is None:
                return None  # a month name alone ("in March") states no date
    else:
        return None
    if year_found is not None:
        year, end = year_found
    if day is not None and day > 29 + (month in (1, 3, 5, 7, 8, 10, 12)) + (month != 2):
        return None  # "31 June": not a date, and likely not meant as one
    start, stop = scan.tokens[i].start, scan.tokens[end - 1].end
    value = float((year or 0) * 10000 + month * 100 + (day or 0))
    quantity = Quantity(
        value=value,
        unit=None,
        kind="date",
        qualifier="exact",
        low=None,
        high=None,
        start=start,
        end=stop,
        text=scan.text[start:stop],
        counted=None,
        month=month,
        day=day,
        year=year,
    )
    return quantity, end


# --- Finding and comparing -------------------------------------------------------------------------


def find_quantities(text: str, *, shares: bool = False) -> list[Quantity]:
    """Every quantity the text states, in text order, never overlapping.

    With `shares`, fractions of a whole ("a third", "two-thirds", "almost half of") are read too, as
    percentages; off by default because a share names no amount to compare a source's figures with.
    """
    scan = _Scan(text)
    found = _find_quantities(scan)
    if not shares:
        return found
    # A share outranks the rank read from its denominator ("by a third" is no ordinal), nothing else.
    extra = [
        share
        for share in _find_shares(scan)
        if not any(_overlaps(share, other) and other.kind != "ordinal" for other in found)
    ]
    if not extra:
        return found
    kept = [quantity for quantity in found if not any(_overlaps(quantity, share) for share in extra)]
    return sorted(kept + extra, key=lambda quantity: quantity.start)


def _overlaps(a: Quantity, b: Quantity) -> bool:
    return a.start < b.end and b.start < a.end


def _find_quantities(scan: _Scan) -> list[Quantity]:
    tokens = scan.tokens
    # Every quantity holds a number in digits or words; the tokens that hold one, and the start of the
    # qualifier or currency that may come before it, are the only places worth parsing at.
    numbers = [k for k, token in enumerate(tokens) if token.kind == "num" or token.lower in _NUMBER_WORDS]
    found: list[Quantity] = []
    i = 0
    for number in numbers:
        i = max(i, number - _LEAD)
        while i <= number:
            token = tokens[i]
            if (token.kind == "word" and token.lower not in _START_WORDS) or (
                token.kind == "sym" and token.text not in _CURRENCY_SYMBOLS and token.text not in _QUALIFIER_SYMBOLS
            ):
                i += 1
                continue
            quantity, following = _parse_at(scan, i)
            if quantity is not None:
                found.append(quantity)
            i = max(following, i + 1)
    return found


def compare(a: Quantity, b: Quantity) -> Relation:
    """Whether two quantities agree, differ, or say nothing about each other.

    Quantities of different kinds are unrelated (a year and a date compare their years), as are different
    units unless one is None. Values agree when the ranges their qualifiers and rounding allow overlap:
    "over 40,000" and "42,000" agree, "40,000" and "28,000" differ, "31" and "thirty-one" agree.
    """
    if {a.kind, b.kind} == {"year", "date"}:
        date, year = (a, b) if a.kind == "date" else (b, a)
        if date.year is None:
            return "unrelated"
        return _overlap(_bounds(year), (date.year, date.year))
    if a.kind != b.kind:
        return "unrelated"
    if a.kind == "date":
        pairs = [(a.month, b.month), (a.day, b.day), (a.year, b.year)]
        shared = [(x, y) for x, y in pairs if x is not None and y is not None]
        return "agree" if all(x == y for x, y in shared) else "differ"
    scale_a = scale_b = 1.0
    if a.kind == "duration":
        if a.unit not in _SECONDS or b.unit not in _SECONDS:
            return "unrelated"
        scale_a, scale_b = _SECONDS[a.unit], _SECONDS[b.unit]
    elif a.unit is not None and b.unit is not None and unit_key(a.unit) != unit_key(b.unit):
        return "unrelated"
    return _overlap(_bounds(a, scale_a), _bounds(b, scale_b))


def magnitude(q: Quantity) -> float:
    """The value in a unit shared by its kind: a duration in seconds ("18 months" and "1.5 years" alike)."""
    return q.value * _SECONDS[q.unit] if q.kind == "duration" and q.unit in _SECONDS else q.value


# Units written short or in American spelling, by the name they are compared under.
UNIT_SPELLINGS = {
    **dict.fromkeys(("km", "kms", "kilometer", "kilometers"), "kilometre"),
    **dict.fromkeys(("kg", "kgs", "kilo", "kilos"), "kilogram"),
    **dict.fromkeys(("ha", "hectares"), "hectare"),
    **dict.fromkeys(("mi", "mile"), "miles"),
}


def unit_key(unit: str) -> str:
    """Units compared without case, plural or abbreviation: "ships" and "ship", "people" and "person", "km" and
    "kilometres"."""
    word = unit.lower()
    word = UNIT_SPELLINGS.get(word, word)
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    if len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _bounds(q: Quantity, scale: float = 1.0) -> tuple[float, float]:
    """The values a quantity allows, given its qualifier and how rounded it is."""
    exact_kind = q.kind in ("year", "ordinal", "date")
    value = q.value * scale
    tolerance = 0.0 if exact_kind else min(q.precision, ROUNDING_CAP * abs(q.value)) * scale
    tolerance = max(tolerance, 1e-9 * max(abs(value), 1.0))  # so that 2017 meets 2017 despite float noise
    match q.qualifier:
        case "over" | "at_least":
            return value, math.inf
        case "under" | "at_most":
            return -math.inf, value
        case "about":
            spread = 1.0 if exact_kind else ABOUT_TOLERANCE * abs(value)
            return value - max(tolerance, spread), value + max(tolerance, spread)
        case "range" if q.high is not None:
            return value - tolerance, q.high * scale + tolerance
        case _:
            return value - tolerance, value + tolerance


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> Relation:
    # Strict: "31" stands for [30.5, 31.5] and "32" for [31.5, 32.5], which only touch.
    return "agree" if a[0] < b[1] and b[0] < a[1] else "differ"


# --- Shares ----------------------------------------------------------------------------------------

_SHARE_DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4}
_SHARE_DENOMINATORS |= {"fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "eighth": 8, "eighths": 8}
_SHARE_DENOMINATORS |= {"tenth": 10, "tenths": 10}
_SHARE_NUMERATORS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "nine": 9}
# "cut by a third", "reach half", "almost half": words before a bare share that make it an amount; without one,
# "a third term" and "the third quarter" are ranks and "half" is as often a manner of speaking.
_SHARE_LEADS = {"by", "to", "reach", "than", "exactly", "just", "only"} | set(_QUALIFIERS_BY_FIRST)


def _find_shares(scan: _Scan) -> list[Quantity]:
    """ "a third", "two-thirds of members", "by a quarter", "almost half": shares of a whole, as percentages."""
    found: list[Quantity] = []
    for k in range(scan.n):
        denominator = _SHARE_DENOMINATORS.get(scan.word(k))
        if denominator is None:
            continue
        start, numerator = k, 1
        if scan.glued_hyphen(k - 1) and scan.word(k - 2) in _SHARE_NUMERATORS:
            start, numerator = k - 2, _SHARE_NUMERATORS[scan.word(k - 2)]  # "two-thirds"
        elif scan.word(k - 1) in _SHARE_NUMERATORS:
            start, numerator = k - 1, _SHARE_NUMERATORS[scan.word(k - 1)]
        elif denominator != 2:
            continue  # "the third quarter": a rank
        if numerator >= denominator:
            continue
        qualifier: Qualifier | None = None
        for length in (3, 2, 1):
            found_qualifier, after = _qualifier_at(scan, start - length)
            if found_qualifier is not None and after == start:
                qualifier, start = found_qualifier, start - length
                break
        plural_form = scan.word(k).endswith("s")
        if not (plural_form or qualifier or scan.word(k + 1) == "of" or scan.word(start - 1) in _SHARE_LEADS):
            continue
        if scan.word(k + 1) in ("a", "an") or scan.word(k + 1) in _SCALES:
            continue  # "half a million" is a number, read elsewhere
        value = 100.0 * numerator / denominator
        end = k + 1
        counted = _counted(scan, _skip_determiners(scan, end + 1), singular=False) if scan.word(end) == "of" else None
        first, last = scan.tokens[start].start, scan.tokens[end - 1].end
        final: Qualifier = qualifier or "exact"
        found.append(
            Quantity(
                value=value,
                unit="percent",
                kind="percent",
                qualifier=final,
                low=value if final in ("over", "at_least") else None,
                high=value if final in ("under", "at_most") else None,
                start=first,
                end=last,
                text=scan.text[first:last],
                counted=counted,
                precision=0.5,
            )
        )
    return found


def quantity_to_dict(quantity: Quantity, *, offset: int = 0) -> dict[str, object]:
    """A quantity as JSON-ready data, its offsets shifted by `offset` (to make them relative to a span)."""
    return {
        "text": quantity.text,
        "start": quantity.start - offset,
        "end": quantity.end - offset,
        "kind": quantity.kind,
        "value": quantity.value,
        "unit": quantity.unit,
        "counted": quantity.counted,
        "qualifier": quantity.qualifier,
        "low": quantity.low,
        "high": quantity.high,
    }
