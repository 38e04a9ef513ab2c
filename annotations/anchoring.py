"""Pure anchoring over canonical text: canonicalize, build and validate W3C selectors, re-anchor claims."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from math import isqrt
from typing import Any, Literal

from rapidfuzz.distance import Indel
from rapidfuzz.fuzz import partial_ratio_alignment

CONTEXT_LENGTH = 32  # code points of prefix/suffix

# Re-anchoring thresholds (similarities are rapidfuzz Indel similarities in [0, 1]).
FUZZY_THRESHOLD = 0.75  # a changed quote must keep at least this similarity to the old one
STRONG_CONTEXT = 0.75  # mean of prefix and suffix similarity for an exact match far from the claim
STRONG_CONTEXT_SIDE = 0.5  # ...and neither side below this
ADJACENT_CONTEXT = CONTEXT_LENGTH // 2  # unchanged code points next to a quote whose old place lost it

ErrorCode = Literal["out_of_range", "empty", "reversed", "not_found", "ambiguous", "invalid"]
AnchorState = Literal["anchored", "moved", "fuzzy", "orphaned"]


def canonicalize(text: str) -> str:
    """Unicode NFC with every line end as "\\n"; idempotent."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


@dataclass(frozen=True)
class TextPosition:
    """W3C TextPositionSelector: code point offsets, end exclusive."""

    start: int
    end: int


@dataclass(frozen=True)
class TextQuote:
    """W3C TextQuoteSelector: the quoted text and up to CONTEXT_LENGTH code points either side."""

    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Selectors:
    """Both selectors of one span, always consistent with the text they were built from."""

    position: TextPosition
    quote: TextQuote

    def to_w3c(self) -> list[dict[str, Any]]:
        return [
            {"type": "TextPositionSelector", "start": self.position.start, "end": self.position.end},
            {
                "type": "TextQuoteSelector",
                "exact": self.quote.exact,
                "prefix": self.quote.prefix,
                "suffix": self.quote.suffix,
            },
        ]

    @classmethod
    def from_w3c(cls, selectors: Iterable[Mapping[str, Any]]) -> Selectors:
        """Parse the pair `to_w3c` writes; checks shape and agreement, not the text."""
        by_type = {item.get("type"): item for item in selectors}
        position, quote = by_type.get("TextPositionSelector"), by_type.get("TextQuoteSelector")
        if position is None or quote is None:
            raise AnchoringError("invalid", "both a TextPositionSelector and a TextQuoteSelector are needed")
        start, end = _offset("start", position.get("start")), _offset("end", position.get("end"))
        exact, prefix, suffix = (_string(name, quote.get(name, "")) for name in ("exact", "prefix", "suffix"))
        if end - start != len(exact):
            raise AnchoringError(
                "invalid",
                f"the position selector spans {end - start} code points but the quote has {len(exact)}",
            )
        return cls(TextPosition(start, end), TextQuote(exact, prefix, suffix))


class AnchoringError(ValueError):
    """A selector that cannot be used: `code` is stable for machines, `message` is a sentence for people."""

    def __init__(self, code: ErrorCode, message: str, *, match_count: int | None = None) -> None:
        super().__init__(message)
        self.code: ErrorCode = code
        self.message = message
        self.match_count = match_count


@dataclass(frozen=True)
class AnchorResult:
    """Where a claim landed in the new text; `quote_changed` means editors must review it."""

    state: AnchorState
    selectors: Selectors | None  # None when orphaned
    quote_changed: bool


# --- Building selectors ----------------------------------------------------------------------


def selectors_from_position(text: str, start: int, end: int) -> Selectors:
    """Selectors for text[start:end] of canonical `text`, refusing spans that cannot be a claim."""
    start, end = _offset("start", start), _offset("end", end)
    length = len(text)
    for name, value in (("start", start), ("end", end)):
        if value < 0:
            raise AnchoringError("out_of_range", f"{name} ({value}) is negative")
        if value > length:
            raise AnchoringError("out_of_range", f"{name} ({value}) is past the end of the text ({length} code points)")
    if start == end:
        raise AnchoringError("empty", f"start and end are both {start}; a claim needs at least one character")
    if start > end:
        raise AnchoringError("reversed", f"start ({start}) is after end ({end})")
    if text[start:end].isspace():
        raise AnchoringError("empty", f"the span [{start}, {end}) holds only whitespace")
    return _selectors_at(text, start, end)


def selectors_from_quote(text: str, exact: str, prefix: str = "", suffix: str = "") -> Selectors:
    """Selectors for the one place in canonical `text` holding `exact` between `prefix` and `suffix`."""
    exact, prefix, suffix = (
        canonicalize(_string(n, v)) for n, v in (("exact", exact), ("prefix", prefix), ("suffix", suffix))
    )
    if not exact:
        raise AnchoringError("empty", "the quote is empty")
    if exact.isspace():
        raise AnchoringError("empty", "the quote holds only whitespace")
    occurrences = _occurrences(text, exact)
    if not occurrences:
        raise AnchoringError("not_found", "the quote does not occur in the text")
    matches = [s for s in occurrences if text.endswith(prefix, 0, s) and text.startswith(suffix, s + len(exact))]
    if not matches:
        raise AnchoringError(
            "not_found",
            f"the quote occurs {_times(len(occurrences))} but never with the given prefix and suffix",
            match_count=0,
        )
    if len(matches) > 1:
        advice = "lengthen the prefix or suffix" if prefix or suffix else "add a prefix or suffix"
        context = " with the given prefix and suffix" if prefix or suffix else ""
        raise AnchoringError(
            "ambiguous",
            f"the quote occurs {_times(len(matches))}{context}; {advice} to choose one",
            match_count=len(matches),
        )
    return _selectors_at(text, matches[0], matches[0] + len(exact))


def _selectors_at(text: str, start: int, end: int) -> Selectors:
    return Selectors(
        TextPosition(start, end),
        TextQuote(text[start:end], text[max(0, start - CONTEXT_LENGTH) : start], text[end : end + CONTEXT_LENGTH]),
    )


def _offset(name: str, value: object) -> int:
    # bool is an int subclass; True as an offset is always a client bug.
    if isinstance(value, bool) or not isinstance(value, int):
        raise AnchoringError("invalid", f"{name} must be an integer, not {type(value).__name__}")
    return value


def _string(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise AnchoringError("invalid", f"{name} must be a string, not {type(value).__name__}")
    return value


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _occurrences(text: str, exact: str) -> list[int]:
    """Start of every occurrence, overlapping ones included."""
    found: list[int] = []
    at = text.find(exact)
    while at != -1:
        found.append(at)
        at = text.find(exact, at + 1)
    return found


# --- Re-anchoring ----------------------------------------------------------------------------


def reanchor(old_text: str, new_text: str, selectors: Selectors) -> AnchorResult:
    """Where the claim `selectors` made on `old_text` lies in `new_text` (both canonical)."""
    return reanchor_many(old_text, new_text, [selectors])[0]


def reanchor_many(old_text: str, new_text: str, selectors: Sequence[Selectors]) -> list[AnchorResult]:
    """`reanchor` for many claims of one revision, diffing the two texts once.

    For each claim, in order:
    1. map start and end through the diff; if the whole span lies in one unchanged block,
       it is "anchored" (same offsets) or "moved" (shifted). Minimal diffs tie, so when the
       context there changed, a nearby occurrence with closer context is taken instead if
       keeping the claim untouched there is as cheap as the diff (see below);
    2. else look for the exact quote in the new text. An occurrence that the diff shows as
       unchanged text from elsewhere in the old text is another passage and never taken.
       Of the rest, one is taken ("moved", or "anchored" at the same offsets) if
       a. keeping the claim untouched there explains the edits around it with no more
          inserted and deleted code points than the diff does (the diff chose one of
          several equally cheap stories: "cheap"), or
       b. it holds nothing the diff carries over from the claim's old span (else it is the
          claim's own remains around an edit) and either its prefix and suffix resemble the
          claim's, both sides >= STRONG_CONTEXT_SIDE and their mean >= STRONG_CONTEXT
          ("strong"; random text scores about 0.3, rarely 0.6), or, when the place the diff
          maps the claim to holds nothing like its quote any more (a passage moved away),
          at least ADJACENT_CONTEXT code points of the old context touch it unchanged.
       The best is the strong one, then the cheap one, then the closer context, then the
       one nearer the mapped place; a tie between the best two takes neither;
    3. else the best approximate match (Indel similarity >= FUZZY_THRESHOLD) of the place the
       diff maps the claim to, or of a window around it: "fuzzy", flagged with quote_changed;
    4. else "orphaned".
    A claim whose own text was edited therefore ends fuzzy or orphaned unless the quote also
    stands elsewhere with the claim's context; it is never moved onto an unchanged copy.
    """
    offsets = _OffsetMap(old_text, new_text)
    return [_reanchor_one(offsets, old_text, new_text, one) for one in selectors]


def _reanchor_one(offsets: _OffsetMap, old_text: str, new_text: str, selectors: Selectors) -> AnchorResult:
    start, end = selectors.position.start, selectors.position.end
    exact = selectors.quote.exact
    if not (0 <= start < end <= len(old_text)) or old_text[start:end] != exact:
        raise AnchoringError("invalid", f"the claim's selectors do not match the old text at [{start}, {end})")
    mapped_start, mapped_end, intact = offsets.map_span(start, end)
    if intact:
        at = _best_of_equally_cheap(offsets, old_text, new_text, selectors, mapped_start)
        state: AnchorState = "anchored" if at == start else "moved"
        return AnchorResult(state, _selectors_at(new_text, at, at + len(exact)), quote_changed=False)

    # A mapped place much longer than the quote cannot resemble it (it would need to be at
    # most 5/3 as long); then search only where the claim lies if the change was even.
    reach = 2 * len(exact) + CONTEXT_LENGTH
    if mapped_end - mapped_start <= reach:
        near_start, near_end = mapped_start, mapped_end
        in_place = _fuzzy_span(new_text, exact, mapped_start, mapped_end)
    else:
        centre = offsets.estimate((start + end) // 2)
        near_start, near_end = max(mapped_start, centre - reach // 2), min(mapped_end, centre + reach // 2)
        in_place = None
    in_place_score = _similarity(exact, new_text, in_place) if in_place else 0.0
    found = _exact_elsewhere(
        offsets,
        old_text,
        new_text,
        selectors,
        mapped_start,
        claim_still_here=in_place_score >= FUZZY_THRESHOLD,
    )
    if found is not None:
        state = "anchored" if found == start else "moved"
        return AnchorResult(state, _selectors_at(new_text, found, found + len(exact)), quote_changed=False)

    best: tuple[float, int, int] | None = None
    candidates = [in_place, _window_alignment(new_text, exact, near_start, near_end)]
    for candidate in candidates:
        if candidate is None or offsets.is_copy_from_elsewhere(*candidate, start, end):
            continue
        score = _similarity(exact, new_text, candidate)
        if score >= FUZZY_THRESHOLD and (best is None or score > best[0]):
            best = (score, *candidate)
    if best is None:
        return AnchorResult("orphaned", None, quote_changed=False)
    return AnchorResult("fuzzy", _selectors_at(new_text, best[1], best[2]), quote_changed=True)


def _best_of_equally_cheap(
    offsets: _OffsetMap, old_text: str, new_text: str, selectors: Selectors, mapped_start: int
) -> int:
    """Where the diff put an intact claim, unless an equally cheap story keeps its context better.

    Minimal diffs tie: an inserted sentence holding the claim's words can take the claim
    as well as leave it be. Only such ties are looked at, so only nearby occurrences.
    """
    quote = selectors.quote
    best_score = _context_score(quote, new_text, mapped_start)
    if best_score == 1.0:
        return mapped_start
    best_start, length = mapped_start, len(quote.exact)
    start, end = selectors.position.start, selectors.position.end
    low = max(0, mapped_start - _LOCAL_STORY_MAX_LENGTH)
    for at in _occurrences(new_text[low : mapped_start + length + _LOCAL_STORY_MAX_LENGTH], quote.exact):
        at += low
        if (
            at != mapped_start
            and not offsets.is_copy_from_elsewhere(at, at + length, start, end)
            and _context_score(quote, new_text, at) > best_score
            and offsets.untouched_is_as_cheap(old_text, new_text, start, end, at, at + length)
        ):
            best_start, best_score = at, _context_score(quote, new_text, at)
    return best_start


def _context_score(quote: TextQuote, new_text: str, at: int) -> float:
    """Mean similarity of the quote's prefix and suffix to the text around new_text[at:]."""
    before, after = _context_similarity(quote, new_text, at)
    return (before + after) / 2


def _context_similarity(quote: TextQuote, new_text: str, at: int) -> tuple[float, float]:
    end = at + len(quote.exact)
    return (
        float(Indel.normalized_similarity(quote.prefix, new_text[max(0, at - CONTEXT_LENGTH) : at])),
        float(Indel.normalized_similarity(quote.suffix, new_text[end : end + CONTEXT_LENGTH])),
    )


def _adjacent_context(quote: TextQuote, new_text: str, at: int) -> int:
    """How many code points of the old prefix and suffix still touch new_text[at:] unchanged."""
    end = at + len(quote.exact)
    before = new_text[max(0, at - len(quote.prefix)) : at]
    after = new_text[end : end + len(quote.suffix)]
    touching = 0
    while touching < len(before) and before[-1 - touching] == quote.prefix[-1 - touching]:
        touching += 1
    following = 0
    while following < len(after) and after[following] == quote.suffix[following]:
        following += 1
    return touching + following


def _exact_elsewhere(
    offsets: _OffsetMap,
    old_text: str,
    new_text: str,
    selectors: Selectors,
    mapped_start: int,
    *,
    claim_still_here: bool,
) -> int | None:
    """Start of the one acceptable exact occurrence (rule 2 of `reanchor_many`), or None."""
    quote = selectors.quote
    start, end, length = selectors.position.start, selectors.position.end, len(quote.exact)
    best_key: tuple[bool, bool, float, int] | None = None
    best_start: int | None = None
    tied = False
    for at in _occurrences(new_text, quote.exact):
        if offsets.is_copy_from_elsewhere(at, at + length, start, end):
            continue
        cheap = offsets.untouched_is_as_cheap(old_text, new_text, start, end, at, at + length)
        if not cheap and offsets.shares_text(at, at + length, start, end):
            continue  # the claim's own remains around an edit: a fuzzy match, not a move
        before, after = _context_similarity(quote, new_text, at)
        mean = (before + after) / 2
        strong = min(before, after) >= STRONG_CONTEXT_SIDE and mean >= STRONG_CONTEXT
        moved_away = not claim_still_here and _adjacent_context(quote, new_text, at) >= ADJACENT_CONTEXT
        if not (cheap or strong or moved_away):
            continue
        key = (strong, cheap, mean, -abs(at - mapped_start))
        if best_key is None or key > best_key:
            best_key, best_start, tied = key, at, False
        elif key == best_key:
            tied = True
    return None if tied else best_start


def _fuzzy_span(new_text: str, exact: str, start: int, end: int) -> tuple[int, int] | None:
    """The span trimmed of edge whitespace the quote did not have, or None when no text is left."""
    if not exact[0].isspace():
        while start < end and new_text[start].isspace():
            start += 1
    if not exact[-1].isspace():
        while end > start and new_text[end - 1].isspace():
            end -= 1
    return (start, end) if start < end and not new_text[start:end].isspace() else None


def _window_alignment(new_text: str, exact: str, start: int, end: int) -> tuple[int, int] | None:
    """Best alignment of the quote in a window of one quote length around the mapped span."""
    window_start = max(0, start - len(exact))
    window = new_text[window_start : end + len(exact)]
    if not window:
        return None
    alignment = partial_ratio_alignment(exact, window)
    if alignment is None:
        return None
    return _fuzzy_span(new_text, exact, window_start + alignment.dest_start, window_start + alignment.dest_end)


def _similarity(exact: str, new_text: str, span: tuple[int, int]) -> float:
    return float(Indel.normalized_similarity(exact, new_text[span[0] : span[1]]))


# --- Diff and offset map ---------------------------------------------------------------------

Block = tuple[int, int, int]  # (old start, new start, length) of text equal in both

_LINES, _WORDS, _CHARACTERS = 0, 1, 2
_WORD_TOKENS = re.compile(r"\w+|\s+|[^\w\s]+")
# Myers is exact but O((n + m) * d) in pure Python: only for short ranges with few changes.
_MYERS_MAX_LENGTH = 4_000
_MYERS_MAX_COST = 400
_MYERS_BUDGET = 1_000_000  # diagonal steps for one whole diff
# Comparing a claim's untouched story with the diff is only done over this many code points.
_LOCAL_STORY_MAX_LENGTH = 4_000
_LOCAL_STORY_MARGIN = 2 * CONTEXT_LENGTH


class _OffsetMap:
    """Equal blocks between two texts, searchable from either side in O(log n)."""

    def __init__(self, old_text: str, new_text: str) -> None:
        self.blocks = _diff_blocks(old_text, new_text)
        self.old_starts = [block[0] for block in self.blocks]
        self.new_starts = [block[1] for block in self.blocks]
        self.old_ends = [block[0] + block[2] for block in self.blocks]
        self.new_ends = [block[1] + block[2] for block in self.blocks]
        self.old_length, self.new_length = len(old_text), len(new_text)

    def map_span(self, start: int, end: int) -> tuple[int, int, bool]:
        """New (start, end) of an old span, and whether the span is one unchanged block.

        Start follows old_text[start] and end follows old_text[end - 1], so text inserted at
        either edge stays outside; an edge inside a change widens to cover its replacement.
        """
        first = bisect_right(self.old_starts, start) - 1
        if first >= 0 and start < self.blocks[first][0] + self.blocks[first][2]:
            new_start = self.blocks[first][1] + start - self.blocks[first][0]
            start_block = first
        else:
            new_start = self.blocks[first][1] + self.blocks[first][2] if first >= 0 else 0
            start_block = -1
        last = bisect_right(self.old_starts, end - 1) - 1
        if last >= 0 and end - 1 < self.blocks[last][0] + self.blocks[last][2]:
            new_end = self.blocks[last][1] + end - self.blocks[last][0]
            end_block = last
        else:
            new_end = self.new_starts[last + 1] if last + 1 < len(self.blocks) else self.new_length
            end_block = -2
        return new_start, new_end, start_block == end_block

    def estimate(self, old_position: int) -> int:
        """The new position of an old one: exact in an equal block, proportional inside a change."""
        index = bisect_right(self.old_starts, old_position) - 1
        if index >= 0:
            block_old, block_new, length = self.blocks[index]
            if old_position < block_old + length:
                return block_new + old_position - block_old
            gap_old, gap_new = block_old + length, block_new + length
        else:
            gap_old = gap_new = 0
        following = index + 1 < len(self.blocks)
        gap_old_end = self.old_starts[index + 1] if following else self.old_length
        gap_new_end = self.new_starts[index + 1] if following else self.new_length
        return gap_new + (old_position - gap_old) * (gap_new_end - gap_new) // max(gap_old_end - gap_old, 1)

    def is_copy_from_elsewhere(self, new_start: int, new_end: int, old_start: int, old_end: int) -> bool:
        """Whether new[new_start:new_end] is unchanged old text lying outside old[old_start:old_end]."""
        index = bisect_right(self.new_starts, new_start) - 1
        if index < 0:
            return False
        old_block, new_block, length = self.blocks[index]
        if new_end > new_block + length:
            return False
        shift = old_block - new_block
        return new_end + shift <= old_start or new_start + shift >= old_end

    def shares_text(self, new_start: int, new_end: int, old_start: int, old_end: int) -> bool:
        """Whether the diff carries any code point of old[old_start:old_end] into new[new_start:new_end]."""
        index = max(bisect_right(self.new_starts, new_start) - 1, 0)
        while index < len(self.blocks) and self.blocks[index][1] < new_end:
            block_old, block_new, length = self.blocks[index]
            low, high = max(block_new, new_start), min(block_new + length, new_end)
            shift = block_old - block_new
            if low < high and low + shift < old_end and high + shift > old_start:
                return True
            index += 1
        return False

    def untouched_is_as_cheap(
        self, old_text: str, new_text: str, old_start: int, old_end: int, new_start: int, new_end: int
    ) -> bool:
        """Whether old[old_start:old_end] left unchanged at new[new_start:new_end] costs no more than the diff.

        Both stories are compared between points on the diff's path a margin away on either
        side; the text beyond is explained alike by both. Forcing the untouched story through
        those points can only overstate its cost, so a "yes" is never wrong.
        """
        before_old, before_new = old_start - _LOCAL_STORY_MARGIN, new_start - _LOCAL_STORY_MARGIN
        low = min(bisect_right(self.old_starts, before_old), bisect_right(self.new_starts, before_new)) - 1
        if low < 0:
            low_old = low_new = 0
        else:
            block_old, block_new, length = self.blocks[low]
            step = min(before_old - block_old, before_new - block_new, length)
            low_old, low_new = block_old + step, block_new + step
        after_old, after_new = old_end + _LOCAL_STORY_MARGIN, new_end + _LOCAL_STORY_MARGIN
        high = max(bisect_left(self.old_ends, after_old), bisect_left(self.new_ends, after_new))
        if high == len(self.blocks):
            high_old, high_new = self.old_length, self.new_length
        else:
            block_old, block_new, _ = self.blocks[high]
            step = max(after_old - block_old, after_new - block_new, 0)
            high_old, high_new = block_old + step, block_new + step
        if (high_old - low_old) + (high_new - low_new) > _LOCAL_STORY_MAX_LENGTH:
            return False
        equal = sum(
            max(0, min(block_old + length, high_old) - max(block_old, low_old))
            for block_old, _, length in self.blocks[max(low, 0) : high + 1]
        )
        diff_cost = (high_old - low_old) + (high_new - low_new) - 2 * equal
        untouched_cost = Indel.distance(old_text[low_old:old_start], new_text[low_new:new_start]) + Indel.distance(
            old_text[old_end:high_old], new_text[new_end:high_new]
        )
        return bool(untouched_cost <= diff_cost)


def _diff_blocks(old: str, new: str) -> list[Block]:
    """Equal blocks of a diff that is minimal for small changes and fast for long texts.

    Common prefix and suffix are cut first; what remains is diffed with Myers when it is
    short, else anchored on lines (then words) that occur exactly once on each side
    (patience diff), which never pairs up repeated passages, and refined between anchors.
    A range still too costly is left unaligned: a claim in it is searched for, not mapped.
    """
    diff = _Diff(old, new)
    diff.range(0, len(old), 0, len(new), _LINES)
    merged: list[Block] = []
    for block in diff.blocks:
        if merged and merged[-1][0] + merged[-1][2] == block[0] and merged[-1][1] + merged[-1][2] == block[1]:
            merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + block[2])
        else:
            merged.append(block)
    return merged


class _Diff:
    """Equal blocks of old and new, appended in order, with Myers work bounded for the whole diff."""

    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new
        self.blocks: list[Block] = []
        # Many failed attempts on very different texts must not add up to seconds.
        self.myers_budget = _MYERS_BUDGET

    def range(self, a0: int, a1: int, b0: int, b1: int, level: int) -> None:
        head = _common_prefix_length(self.old, a0, a1, self.new, b0, b1)
        if head:
            self.blocks.append((a0, b0, head))
            a0, b0 = a0 + head, b0 + head
        tail = _common_suffix_length(self.old, a0, a1, self.new, b0, b1)
        a1, b1 = a1 - tail, b1 - tail
        if a0 < a1 and b0 < b1:
            self.middle(a0, a1, b0, b1, level)
        if tail:
            self.blocks.append((a1, b1, tail))

    def middle(self, a0: int, a1: int, b0: int, b1: int, level: int) -> None:
        if (a1 - a0) + (b1 - b0) <= _MYERS_MAX_LENGTH and self.myers(a0, a1, b0, b1):
            return
        if level == _CHARACTERS:
            return
        old_tokens, new_tokens = _tokens(self.old[a0:a1], level), _tokens(self.new[b0:b1], level)
        anchors = _unique_anchors(old_tokens, new_tokens)
        if not anchors:
            self.range(a0, a1, b0, b1, level + 1)
            return
        old_offsets, new_offsets = _token_offsets(old_tokens, a0), _token_offsets(new_tokens, b0)
        gap_a, gap_b = a0, b0
        for i, j in anchors:
            self.range(gap_a, old_offsets[i], gap_b, new_offsets[j], level + 1)
            length = len(old_tokens[i])
            self.blocks.append((old_offsets[i], new_offsets[j], length))
            gap_a, gap_b = old_offsets[i] + length, new_offsets[j] + length
        self.range(gap_a, a1, gap_b, b1, level + 1)

    def myers(self, a0: int, a1: int, b0: int, b1: int) -> bool:
        # Steps for a cost d are about d * d / 2: cap d so one attempt fits the budget left.
        max_cost = min(_MYERS_MAX_COST, isqrt(2 * max(self.myers_budget, 0)))
        if abs((a1 - a0) - (b1 - b0)) > max_cost:
            return False
        runs, steps = _myers(self.old[a0:a1], self.new[b0:b1], max_cost)
        self.myers_budget -= steps
        if runs is None:
            return False
        self.blocks.extend((a0 + x, b0 + y, length) for x, y, length in runs)
        return True


def _tokens(text: str, level: int) -> list[str]:
    return text.splitlines(keepends=True) if level == _LINES else _WORD_TOKENS.findall(text)


def _token_offsets(tokens: list[str], base: int) -> list[int]:
    offsets = []
    for token in tokens:
        offsets.append(base)
        base += len(token)
    return offsets


def _unique_anchors(old_tokens: list[str], new_tokens: list[str]) -> list[tuple[int, int]]:
    """Index pairs of tokens unique on both sides, longest run in the same order on both."""
    old_counts, new_counts = Counter(old_tokens), Counter(new_tokens)
    new_index = {token: j for j, token in enumerate(new_tokens) if new_counts[token] == 1}
    pairs = [(i, new_index[t]) for i, t in enumerate(old_tokens) if old_counts[t] == 1 and t in new_index]
    # Longest increasing subsequence of the new indices (patience sorting).
    tails: list[int] = []
    tail_pairs: list[int] = []
    previous = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        place = bisect_left(tails, j)
        if place == len(tails):
            tails.append(j)
            tail_pairs.append(index)
        else:
            tails[place] = j
            tail_pairs[place] = index
        previous[index] = tail_pairs[place - 1] if place else -1
    chain: list[tuple[int, int]] = []
    index = tail_pairs[-1] if tail_pairs else -1
    while index >= 0:
        chain.append(pairs[index])
        index = previous[index]
    chain.reverse()
    return chain


def _myers(a: str, b: str, max_cost: int) -> tuple[list[Block] | None, int]:
    """Equal runs of a minimal diff of a and b (None when more than max_cost edits are needed), and the steps taken."""
    n, m = len(a), len(b)
    limit = min(n + m, max_cost)
    offset = limit + 1
    furthest = [0] * (2 * limit + 3)
    trace: list[list[int]] = []
    steps = 0
    for cost in range(limit + 1):
        steps += cost + 1
        for diagonal in range(-cost, cost + 1, 2):
            k = offset + diagonal
            if diagonal == -cost or (diagonal != cost and furthest[k - 1] < furthest[k + 1]):
                x = furthest[k + 1]
            else:
                x = furthest[k - 1] + 1
            y = x - diagonal
            if x < n and y < m and a[x] == b[y]:
                run = _common_prefix_length(a, x, n, b, y, m)
                x, y = x + run, y + run
            furthest[k] = x
            if x >= n and y >= m:
                trace.append(furthest[offset - cost : offset + cost + 1])
                return _myers_runs(trace, n, m), steps
        trace.append(furthest[offset - cost : offset + cost + 1])
    return None, steps


def _myers_runs(trace: list[list[int]], n: int, m: int) -> list[Block]:
    """Walk the furthest-reaching paths back from (n, m); trace[d][k + d] is x on diagonal k."""
    runs: list[Block] = []
    x, y = n, m
    for cost in range(len(trace) - 1, 0, -1):
        previous = trace[cost - 1]
        diagonal = x - y
        went_down = diagonal == -cost or (
            diagonal != cost and previous[diagonal - 1 + cost - 1] < previous[diagonal + 1 + cost - 1]
        )
        previous_diagonal = diagonal + 1 if went_down else diagonal - 1
        previous_x = previous[previous_diagonal + cost - 1]
        run_x = previous_x if went_down else previous_x + 1
        if x > run_x:
            runs.append((run_x, run_x - diagonal, x - run_x))
        x, y = previous_x, previous_x - previous_diagonal
    if x > 0:
        runs.append((0, 0, x))
    runs.reverse()
    return runs


def _common_prefix_length(a: str, a0: int, a1: int, b: str, b0: int, b1: int) -> int:
    """Length of the common prefix of a[a0:a1] and b[b0:b1], galloping then bisecting on slices."""
    limit = min(a1 - a0, b1 - b0)
    low, step = 0, 16
    while low + step <= limit and a[a0 + low : a0 + low + step] == b[b0 + low : b0 + low + step]:
        low += step
        step *= 2
    high = min(limit, low + step)
    while low < high:
        middle = (low + high + 1) // 2
        if a[a0 + low : a0 + middle] == b[b0 + low : b0 + middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix_length(a: str, a0: int, a1: int, b: str, b0: int, b1: int) -> int:
    limit = min(a1 - a0, b1 - b0)
    low, step = 0, 16
    while low + step <= limit and a[a1 - low - step : a1 - low] == b[b1 - low - step : b1 - low]:
        low += step
        step *= 2
    high = min(limit, low + step)
    while low < high:
        middle = (low + high + 1) // 2
        if a[a1 - middle : a1 - low] == b[b1 - middle : b1 - low]:
            low = middle
        else:
            high = middle - 1
    return low
