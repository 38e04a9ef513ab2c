"""Check-worthy spans of an article's text, found by rules over its figures, comparisons and attributions (no DB)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from annotations.numbers import Quantity, find_quantities, quantity_to_dict
from annotations.passages import split_sentences

__all__ = ["SUGGESTION_TYPES", "Candidate", "SuggestionType", "detect", "normalise_quote"]

SuggestionType = Literal["count", "percent", "money", "date", "duration", "comparison", "attribution"]
SUGGESTION_TYPES: tuple[SuggestionType, ...] = (
    "count",
    "percent",
    "money",
    "date",
    "duration",
    "comparison",
    "attribution",
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A proposed claim: a span of the text (code points, end exclusive), its type, score in [0, 1], and why.

    `numbers` are the quantities stated inside the span, offsets relative to the span's start.
    """

    start: int
    end: int
    type: SuggestionType
    score: float
    reason: str
    numbers: tuple[dict[str, object], ...] = ()


# --- Scores ----------------------------------------------------------------------------------------
# Fact-checkers rank figures that can be looked up (money, shares, counts of named things) above dates,
# which are usually context rather than the claim; these weights order the list, they are no probability.
_BASE_SCORE: dict[SuggestionType, float] = {
    "money": 0.8,
    "percent": 0.8,
    "count": 0.65,
    "comparison": 0.65,
    "attribution": 0.55,
    "duration": 0.5,
    "date": 0.45,
}

_KIND_TO_TYPE: dict[str, SuggestionType] = {
    "count": "count",
    "percent": "percent",
    "money": "money",
    "year": "date",
    "date": "date",
    "duration": "duration",
}

# Fewer words than this between quotation marks is a phrase or a scare quote, not a statement.
MIN_QUOTE_WORDS = 4

_WORD_RE = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
_SEASON_WORDS = {"spring", "summer", "autumn", "fall", "winter", "early", "late", "mid"}


def detect(text: str) -> list[Candidate]:
    """Every check-worthy span of `text`, best first (ties in text order); spans of one type never overlap."""
    quantities = find_quantities(text, shares=True)
    candidates = [
        *_figures(text, quantities),
        *_word_durations(text),
        *_comparisons(text, quantities),
        *_attributions(text),
    ]
    kept = _without_overlaps(candidates)
    kept = [_with_numbers(candidate, quantities) for candidate in kept]
    return sorted(kept, key=lambda c: (-c.score, c.start, c.end, c.type))


def normalise_quote(text: str) -> str:
    """The form under which a dismissed span is remembered: NFC, case-folded, one space, no edge punctuation."""
    folded = unicodedata.normalize("NFC", text).casefold()
    return " ".join(_WORD_RE.findall(folded))


# --- Figures ---------------------------------------------------------------------------------------


def _figures(text: str, quantities: list[Quantity]) -> list[Candidate]:
    found = []
    for quantity in quantities:
        kind = _KIND_TO_TYPE.get(quantity.kind)
        if kind is None:
            continue  # ranks ("the third term") state no amount
        if kind == "count" and quantity.value == 1 and quantity.qualifier == "exact":
            continue  # "one organiser": the article's grammar, not a figure
        if kind == "count" and quantity.counted == "times" and _MULTIPLE_AFTER_RE.match(text, quantity.end):
            continue  # "three times the rate": a comparison, flagged as one
        if kind == "duration" and re.match(r"[-\u2010]old\b", text[quantity.end : quantity.end + 5]):
            continue  # "a 31-year-old": an age, rarely the claim
        start, end = quantity.start, quantity.end
        if kind == "count":
            end = _counted_end(text, quantity)
        elif kind == "percent" and quantity.counted:
            # "two in five voters" names who; "23 percent of voters" stays "23 percent"
            following = re.match(rf"\s+{re.escape(quantity.counted)}\b", text[end : end + 80], re.I)
            end += following.end() if following else 0
        elif kind == "date":
            start = _season_start(text, start)
        score = _BASE_SCORE[kind]
        if quantity.qualifier != "exact":
            score += 0.05  # "more than", "about": a bound someone chose to state
        if kind == "count" and quantity.counted:
            score += 0.1
        found.append(Candidate(start, end, kind, round(min(score, 1.0), 3), _figure_reason(kind, quantity)))
    return found


_MULTIPLE_AFTER_RE = re.compile(r"\s+times\s+(?:the|as|more|higher|larger|bigger|faster)\b", re.I)
# Lengths of time without a figure: "over a decade", "the past decade", "more than a century".
_WORD_DURATION_RE = re.compile(
    r"\b(?:(?:(?:more|less) than|over|under|nearly|almost|about|within)\s+(?:a|one|a full)"
    r"|(?:the|its) (?:past|last|previous))\s+(?:year|decade|century|month|week|fortnight)\b",
    re.I,
)


def _word_durations(text: str) -> list[Candidate]:
    return [
        Candidate(match.start(), match.end(), "duration", _BASE_SCORE["duration"], "states a length of time")
        for match in _WORD_DURATION_RE.finditer(text)
    ]


def _figure_reason(kind: SuggestionType, quantity: Quantity) -> str:
    if kind == "count":
        what = f" of {quantity.counted}" if quantity.counted else ""
        return f"states a count{what}"
    return {
        "percent": "states a percentage or share",
        "money": "states an amount of money",
        "date": "states a date or year",
        "duration": "states a length of time",
    }[kind]


_OF_GROUP_RE = re.compile(r"\s+of\s+(?:them|(?:the|its|their|his|her|our)\s+(?:[^\W\d_]+\s+){0,2}?[^\W\d_]+s)\b")


def _counted_end(text: str, quantity: Quantity) -> int:
    """Where the phrase naming what a count counts ends ("four additional NATO ships"), or the count's end."""
    end = quantity.end
    if quantity.counted:
        window = text[end : end + 80]
        match = re.match(rf"(?:[-\u2010]|\s+)(?:[^\W\d_]+\s+){{0,3}}?{re.escape(quantity.counted)}\b", window, re.I)
        if match:
            return end + match.end()
        return end
    match = _OF_GROUP_RE.match(text, end)
    return match.end() if match else end


def _season_start(text: str, start: int) -> int:
    match = re.search(r"([^\W\d_]+)[\s-]+$", text[max(0, start - 12) : start])
    if match and match.group(1).lower() in _SEASON_WORDS:
        return start - len(match.group(0))
    return start


# --- Comparisons -----------------------------------------------------------------------------------

_SUPERLATIVES = re.findall(
    r"\S+",
    "largest biggest highest lowest longest shortest smallest fastest slowest oldest youngest worst best greatest "
    "deepest richest poorest strongest weakest busiest cheapest costliest deadliest hottest coldest wettest driest "
    "safest warmest heaviest tallest widest fewest most least",
)
_COMPARATIVES = re.findall(
    r"\S+",
    "more less fewer higher lower faster slower bigger larger smaller better worse cheaper safer greater longer "
    "shorter older younger richer poorer stronger weaker busier costlier deadlier hotter colder warmer heavier",
)
_SUPERLATIVE_RE = re.compile(
    r"\b(?:the|its|their|our|his|her|[^\W\d_]+['\u2019]s)\s+(?:(?:single|very|second|third)\s+)?"
    rf"(?P<word>{'|'.join(_SUPERLATIVES)})\b"
    r"|\b(?:the|its|their)\s+(?P<first>first)\b(?=[^.,;]*\bsince\b)",
    re.I,
)
_COMPARATIVE_RE = re.compile(
    rf"\b(?P<word>{'|'.join(_COMPARATIVES)})\b(?P<between>(?:\s+[^\W\d_][\w'\u2019-]*){{0,5}}?)\s+than\s+(?P<what>\S+)",
    re.I,
)
_MULTIPLE_RE = re.compile(
    r"\b(?:(?:almost|nearly|about|more\s+than|over)\s+)?(?:twice|(?:two|three|four|five|six|ten|\d+)\s+times)\s+"
    r"(?:as\s+\w+\s+as|the|higher|more|larger|bigger|faster)\b",
    re.I,
)
# Also " and promised ...": a second verb starts another clause.
_CLAUSE_END_RE = re.compile(r"[,;:.!?\"\u201c\u201d()]|\s[-\u2013\u2014]\s|\n|\s+and\s+(?=[^\W\d_]+[^\We]ed\b)")
_NUMBERISH_RE = re.compile(r"^[€$£¥]?\d|^(?:" + "|".join(["one", "two", "three", "four", "five", "six", "seven",
                                                           "eight", "nine", "ten", "a", "an", "half", "twice"]) + r")$",
                           re.I)  # fmt: skip


def _clause_end(text: str, start: int) -> int:
    match = _CLAUSE_END_RE.search(text, start)
    end = match.start() if match else len(text)
    # a decimal point or a thousands separator does not end the clause ("11.5 percent", "40,000")
    while (
        match and match.group() in ".," and end + 1 < len(text) and text[end + 1].isdigit() and text[end - 1].isdigit()
    ):
        match = _CLAUSE_END_RE.search(text, end + 1)
        end = match.start() if match else len(text)
    return len(text[:end].rstrip()) if end > start else start


def _comparisons(text: str, quantities: list[Quantity]) -> list[Candidate]:
    ends = {quantity.end for quantity in quantities}
    starts = {quantity.start for quantity in quantities}
    found = []
    for match in _SUPERLATIVE_RE.finditer(text):
        end = _clause_end(text, match.end())
        word = (match.group("word") or match.group("first")).lower()
        found.append(Candidate(match.start(), end, "comparison", 0.75, f"superlative \u201c{word}\u201d"))
    for match in _COMPARATIVE_RE.finditer(text):
        start = match.start()
        if start in starts or _NUMBERISH_RE.match(match.group("what").strip('\u201c"(')):
            continue  # "more than 40,000", "fewer than half": a bound on a figure, flagged as the figure
        before = text[:start].rstrip()
        if len(before) + 1 == start and before and (len(before) in ends):
            continue  # "15 percent more than planned": the figure is the claim
        if any(mark in match.group("between") for mark in ",;"):
            continue
        end = _clause_end(text, match.end("what") - len(match.group("what")))
        found.append(Candidate(start, max(end, match.end("word")), "comparison", 0.65,
                               f"comparison \u201c{match.group('word').lower()} \u2026 than\u201d"))  # fmt: skip
    for match in _MULTIPLE_RE.finditer(text):
        end = _clause_end(text, match.end())
        found.append(Candidate(match.start(), end, "comparison", 0.65, "comparison by a multiple"))
    return found


# --- Attributions ----------------------------------------------------------------------------------

_QUOTE_RE = re.compile(r"\u201c(?P<curly>[^\u201c\u201d]+)\u201d|\"(?P<straight>[^\"\n]+)\"")
_SAY = r"(?P<verb>said|says|told|stated|claimed|argued|insisted|warned|added|estimates|estimate|reported|reports)"
_SAY_NEEDS_THAT = {"told", "reported", "reports"}
# "X said (that) CLAUSE", "X told reporters that CLAUSE"
_REPORTED_AFTER_RE = re.compile(
    rf"\b{_SAY}\b(?P<to>(?:\s+[^\W\d_]+){{1,3}}?\s+that\b|\s+that\b)?(?:\s+(?=[^\s\"\u201c])|(?=[.!?]*$))",
    re.I,
)
# ", the statistics office" before "said": the comma ending the statement and a short subject after it.
_SUBJECT_RE = re.compile(r",\s*(?:[\w'\u2019.-]+\s+){0,5}[\w'\u2019.-]+$")
# "said on 12 November.", "said yesterday.": nothing after the verb but when it was said
_SAID_TAIL_RE = re.compile(r"\s*(?:on|in|at|late|earlier|yesterday|today|this|last)\b[^,;]{0,40}$", re.I)
# Where a reported statement stops short of the sentence's end: ", with ...", " and promised ...", or an
# appositive comparison (", the highest since ...", ", more than in ..."), which is a claim of its own.
_STATEMENT_CUT_RE = re.compile(
    r",\s+(?:with|while|whereas)\s|\s+and\s+(?=[^\W\d_]+[^\We]ed\b)"
    rf"|,\s+(?=(?:the|its|their)\s+(?:[^\W\d_]+\s+)?(?:{'|'.join(_SUPERLATIVES)})\b)"
    rf"|,\s+(?=(?:{'|'.join(_COMPARATIVES)})\b[^,.]*\bthan\b)",
    re.I,
)
_ACCORDING_RE = re.compile(r"\baccording to\b", re.I)
_AND_THAT_RE = re.compile(r",?\s+and\s+that\s+")


def _attributions(text: str) -> list[Candidate]:
    found: list[Candidate] = []
    quoted: list[tuple[int, int]] = []
    for match in _QUOTE_RE.finditer(text):
        group = "curly" if match.group("curly") is not None else "straight"
        start, end = match.span(group)
        inner = text[start:end]
        trimmed = inner.rstrip(" ,.;:")
        if len(_WORD_RE.findall(inner)) < MIN_QUOTE_WORDS:
            continue
        quoted.append(match.span())
        found.append(Candidate(start, start + len(trimmed), "attribution", 0.6, "direct quote"))
    for sentence in split_sentences(text):
        found.extend(_reported(text, sentence.start, sentence.end, quoted))
    return found


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _reported(text: str, start: int, end: int, quoted: list[tuple[int, int]]) -> list[Candidate]:
    """Reported statements in one sentence: after "X said (that)", before ", X said", around "according to"."""
    sentence = text[start:end]
    body_end = start + len(sentence.rstrip(' .!?"\u201d'))
    found = []
    for match in _REPORTED_AFTER_RE.finditer(sentence):
        verb_at = start + match.start()
        if _inside(verb_at, quoted):
            continue
        before = sentence[: match.start()].rstrip()
        clause_start = start + match.end()
        after = text[clause_start:body_end]
        closing = not after.strip() or _SAID_TAIL_RE.match(after) is not None
        subject = _SUBJECT_RE.search(before)
        if closing or (subject is not None and re.match(r"\s*,", after)) or before.endswith(("\u201d", '"')):
            # "..., the police said." closes the sentence: the statement is what came before the comma;
            # "a table that, officials said, had been built" is a parenthesis, and a quote speaks for itself.
            if subject is None or re.match(r"\s*,", after):
                continue
            statement = before[: subject.start()].rstrip()
            if statement and not statement.endswith(("\u201d", '"')):
                found.append(
                    _reported_candidate(text, start, start + len(statement), "statement before \u201csaid\u201d")
                )
            continue
        if not after or text[clause_start] in '\u201c"' or not re.match(r"\w", after):
            continue
        verb = match.group("verb").lower()
        if match.group("to") is None and verb in _SAY_NEEDS_THAT:
            continue  # "told the board", "reported thefts": an audience or an adjective, not a statement
        if match.group("to") is None and re.match(r"[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)*\s*(?:[,.]|$)", after):
            continue  # "said one organiser, Jonas Keller": the speaker, not the statement
        if re.match(r"(?:the|a|an)\s+[^\W\d_]+\s+at\b", after, re.I):
            continue  # "estimated the crowd at 3,000": a figure, flagged as such
        piece = _AND_THAT_RE.split(after)
        offset = clause_start
        for part in piece:
            part_start = text.index(part, offset)
            found.append(_reported_candidate(text, part_start, part_start + len(part.rstrip(" ,")), "reported speech"))
            offset = part_start + len(part)
    for match in _ACCORDING_RE.finditer(sentence):
        at = start + match.start()
        if _inside(at, quoted):
            continue
        before = sentence[: match.start()].rstrip()
        after_comma = re.match(r"[^,]*,\s*", text[start + match.end() : body_end])
        rest = text[start + match.end() + after_comma.end() : body_end] if after_comma else ""
        # ", while phone thefts rose": a second clause joined on, not what the source said
        clause_after = bool(rest) and not re.match(r"(?:while|whereas|and|but|as|though|although)\b", rest, re.I)
        if before.endswith(",") and len(before) > 1 and not clause_after:
            found.append(
                _reported_candidate(text, start, start + len(before) - 1, "statement \u201caccording to\u201d")
            )
        elif after_comma:
            clause_start = start + match.end() + after_comma.end()
            if clause_start < body_end:
                found.append(_reported_candidate(text, clause_start, body_end, "statement \u201caccording to\u201d"))
    return found


def _reported_candidate(text: str, start: int, end: int, reason: str) -> Candidate:
    while start < end and text[start] in " ,":
        start += 1
    cut = _STATEMENT_CUT_RE.search(text, start, end)
    if cut is not None and cut.start() > start:
        end = cut.start()
    return Candidate(start, max(end, start + 1), "attribution", 0.55, reason)


# --- Assembly --------------------------------------------------------------------------------------


def _without_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """Within a type, the first found of overlapping spans wins; empty spans are dropped."""
    kept: list[Candidate] = []
    taken: dict[str, list[tuple[int, int]]] = {}
    for candidate in candidates:
        if candidate.end <= candidate.start:
            continue
        spans = taken.setdefault(candidate.type, [])
        if any(candidate.start < end and start < candidate.end for start, end in spans):
            continue
        spans.append((candidate.start, candidate.end))
        kept.append(candidate)
    return kept


def _with_numbers(candidate: Candidate, quantities: list[Quantity]) -> Candidate:
    inside = tuple(
        quantity_to_dict(quantity, offset=candidate.start)
        for quantity in quantities
        if candidate.start <= quantity.start and quantity.end <= candidate.end and quantity.kind != "ordinal"
    )
    score = candidate.score
    if candidate.type in ("attribution", "comparison") and inside:
        score = min(1.0, score + 0.15)  # a statement with a figure in it can be checked against a source
    return Candidate(candidate.start, candidate.end, candidate.type, round(score, 3), candidate.reason, inside)
