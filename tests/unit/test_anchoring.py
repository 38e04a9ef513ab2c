"""Anchoring: selectors built, refused and re-anchored over canonical text (examples and properties)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Indel

from annotations import anchoring
from annotations.anchoring import AnchoringError, Selectors, TextPosition, TextQuote

FLAG_EU = "\U0001f1ea\U0001f1fa"  # 2 code points
FAMILY = "\U0001f469\u200d\U0001f469\u200d\U0001f467"  # 5 code points
SENTINEL = "§"  # never drawn by the strategies below, so a quote holding it is unique

# Pieces that stress offsets: emoji sequences, combining marks, every line-end style, repeats.
PIECES = ["a", "b", " ", "\n", "\r\n", "\r", "e\u0301", "\u0301", "é", FLAG_EU, FAMILY, "31", "NATO ", ". "]
characters = st.characters(codec="utf-8", exclude_characters="\x00" + SENTINEL)  # utf-8: no lone surrogates
raw_text = st.lists(st.one_of(st.sampled_from(PIECES), characters), max_size=12).map("".join)
canonical_text = raw_text.map(anchoring.canonicalize)
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])


def refusal(text: str, *args: object, quote: bool = False) -> AnchoringError:
    build = anchoring.selectors_from_quote if quote else anchoring.selectors_from_position
    with pytest.raises(AnchoringError) as caught:
        build(text, *args)  # type: ignore[arg-type]
    return caught.value


def assert_consistent(new_text: str, result: anchoring.AnchorResult) -> None:
    """Any selectors a result carries describe the new text exactly."""
    if result.state == "orphaned":
        assert result.selectors is None
        return
    assert result.selectors is not None
    start, end = result.selectors.position.start, result.selectors.position.end
    assert 0 <= start < end <= len(new_text)
    assert result.selectors == anchoring.selectors_from_position(new_text, start, end)
    assert result.quote_changed == (result.state == "fuzzy")


# --- Canonical text --------------------------------------------------------------------------


def test_canonicalize_composes_marks_and_unifies_line_ends() -> None:
    assert anchoring.canonicalize("Cafe\u0301\r\nnext\rlast\n") == "Café\nnext\nlast\n"
    assert len(anchoring.canonicalize("e\u0301")) == 1


def test_canonicalize_keeps_emoji_sequences_whole() -> None:
    text = f"EU {FLAG_EU} and {FAMILY}."
    assert anchoring.canonicalize(text) == text


@given(raw_text)
@settings(max_examples=300, deadline=None)
def test_canonicalize_is_idempotent(raw: str) -> None:
    once = anchoring.canonicalize(raw)
    assert anchoring.canonicalize(once) == once
    assert "\r" not in once


# --- Building and refusing selectors ---------------------------------------------------------


def test_position_counts_code_points_of_emoji() -> None:
    text = f"EU {FLAG_EU} and {FAMILY} today"
    flag = anchoring.selectors_from_position(text, 3, 5)
    assert flag.quote == TextQuote(FLAG_EU, "EU ", f" and {FAMILY} today")
    family = anchoring.selectors_from_quote(text, FAMILY)
    assert family.position == TextPosition(10, 15)
    assert family.quote.suffix == " today"


def test_quote_with_combining_mark_finds_the_composed_text() -> None:
    text = anchoring.canonicalize("Le café est fermé.")
    found = anchoring.selectors_from_quote(text, "cafe\u0301")
    assert found.position == TextPosition(3, 7)
    assert found.quote.exact == "café"


def test_quote_given_with_crlf_matches_canonical_text() -> None:
    text = anchoring.canonicalize("first line\r\nsecond line")
    found = anchoring.selectors_from_quote(text, "line\r\nsecond")
    assert found.position == TextPosition(6, 17)


def test_context_is_32_code_points_either_side() -> None:
    text = "x" * 40 + "claim" + "y" * 40
    quote = anchoring.selectors_from_position(text, 40, 45).quote
    assert quote.prefix == "x" * anchoring.CONTEXT_LENGTH
    assert quote.suffix == "y" * anchoring.CONTEXT_LENGTH


def test_prefix_and_suffix_choose_among_repeats() -> None:
    text = "In 2023 NATO has 31 members. In 2024 NATO has 32 members. Then NATO has 31 members again."
    second = anchoring.selectors_from_quote(text, "NATO has 31 members", prefix="Then ")
    assert second.position == TextPosition(63, 82)
    first = anchoring.selectors_from_quote(text, "NATO has 31 members", suffix=". In")
    assert first.position == TextPosition(8, 27)
    assert first.quote.prefix == "In 2023 "  # the real context, not the given one


def test_ambiguous_quote_reports_the_count() -> None:
    error = refusal("31 members, 31 members, 31 members", "31 members", quote=True)
    assert error.code == "ambiguous"
    assert error.match_count == 3
    assert error.message == "the quote occurs 3 times; add a prefix or suffix to choose one"


def test_ambiguous_despite_context_asks_for_more() -> None:
    error = refusal("a 31 b. a 31 b.", "31", "a ", " b", quote=True)
    assert (error.code, error.match_count) == ("ambiguous", 2)
    assert "lengthen the prefix or suffix" in error.message


def test_overlapping_occurrences_count() -> None:
    assert refusal("aaaa", "aa", quote=True).match_count == 3


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ((5, 812), "out_of_range", "end (812) is past the end of the text (40 code points)"),
        ((41, 42), "out_of_range", "start (41) is past the end of the text (40 code points)"),
        ((-1, 4), "out_of_range", "start (-1) is negative"),
        ((7, 7), "empty", "start and end are both 7; a claim needs at least one character"),
        ((12, 5), "reversed", "start (12) is after end (5)"),
        ((4, 5), "empty", "the span [4, 5) holds only whitespace"),
        ((True, 5), "invalid", "start must be an integer, not bool"),
        ((0, "5"), "invalid", "end must be an integer, not str"),
    ],
)
def test_position_refusals_say_why(args: tuple[object, object], code: str, message: str) -> None:
    text = "NATO has 31 members and four more ships."
    assert len(text) == 40
    error = refusal(text, *args)
    assert (error.code, error.message, str(error)) == (code, message, message)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("",), "empty", "the quote is empty"),
        ((" \n",), "empty", "the quote holds only whitespace"),
        (("32 members",), "not_found", "the quote does not occur in the text"),
        (("31", "NATO "), "not_found", "the quote occurs once but never with the given prefix and suffix"),
    ],
)
def test_quote_refusals_say_why(args: tuple[str, ...], code: str, message: str) -> None:
    error = refusal("NATO has 31 members.", *args, quote=True)
    assert (error.code, error.message) == (code, message)


def test_w3c_round_trip_and_refusal() -> None:
    selectors = anchoring.selectors_from_position("NATO has 31 members.", 9, 19)
    w3c = selectors.to_w3c()
    assert w3c == [
        {"type": "TextPositionSelector", "start": 9, "end": 19},
        {"type": "TextQuoteSelector", "exact": "31 members", "prefix": "NATO has ", "suffix": "."},
    ]
    assert Selectors.from_w3c(w3c) == selectors
    with pytest.raises(AnchoringError) as caught:
        Selectors.from_w3c([w3c[0], {**w3c[1], "exact": "31"}])
    assert caught.value.code == "invalid"
    with pytest.raises(AnchoringError):
        Selectors.from_w3c(w3c[:1])


@given(st.data())
@PROPERTY
def test_position_then_quote_round_trips(data: st.DataObject) -> None:
    text = data.draw(canonical_text.filter(bool))
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    assume(not text[start:end].isspace())
    selectors = anchoring.selectors_from_position(text, start, end)
    assert selectors.quote.exact == text[start:end]
    quote = selectors.quote
    try:
        again = anchoring.selectors_from_quote(text, quote.exact, quote.prefix, quote.suffix)
    except AnchoringError as error:
        # Only a text repeating itself for 32 code points around the span can make this fail.
        assert error.code == "ambiguous"
        assert error.match_count is not None and error.match_count >= 2
    else:
        assert again == selectors


# --- Re-anchoring examples -------------------------------------------------------------------

ARTICLE = (
    "Leaders met in Vilnius on Tuesday.\n\n"
    "The secretary general said NATO has 31 members and four additional ships will patrol the Baltic.\n\n"
    "Critics said the plan was late."
)


def claim(text: str, exact: str, **context: str) -> Selectors:
    return anchoring.selectors_from_quote(text, exact, **context)


def test_unchanged_text_stays_anchored() -> None:
    selectors = claim(ARTICLE, "NATO has 31 members")
    assert anchoring.reanchor(ARTICLE, ARTICLE, selectors) == anchoring.AnchorResult("anchored", selectors, False)


def test_edit_after_the_claim_keeps_it_anchored() -> None:
    new = ARTICLE.replace("late.", "late and too small.")
    result = anchoring.reanchor(ARTICLE, new, claim(ARTICLE, "NATO has 31 members"))
    assert result.state == "anchored"
    assert result.selectors is not None and result.selectors.position.start == ARTICLE.index("NATO has 31")


def test_text_inserted_before_moves_the_claim() -> None:
    new = "Updated.\n\n" + ARTICLE
    result = anchoring.reanchor(ARTICLE, new, claim(ARTICLE, "NATO has 31 members"))
    assert result.state == "moved"
    assert result.selectors == claim(new, "NATO has 31 members")


def test_changed_number_inside_the_claim_is_fuzzy_and_flagged() -> None:
    new = ARTICLE.replace("31 members", "32 members")
    result = anchoring.reanchor(ARTICLE, new, claim(ARTICLE, "NATO has 31 members"))
    assert (result.state, result.quote_changed) == ("fuzzy", True)
    assert result.selectors is not None and result.selectors.quote.exact == "NATO has 32 members"


def test_deleted_sentence_orphans_the_claim() -> None:
    new = ARTICLE.replace(
        "The secretary general said NATO has 31 members and four additional ships will patrol the Baltic.\n\n", ""
    )
    result = anchoring.reanchor(ARTICLE, new, claim(ARTICLE, "four additional ships"))
    assert result == anchoring.AnchorResult("orphaned", None, False)


def test_moved_paragraph_carries_its_claims() -> None:
    paragraphs = ARTICLE.split("\n\n")
    new = "\n\n".join([paragraphs[0], paragraphs[2], paragraphs[1]])
    middle, edge = claim(ARTICLE, "four additional ships"), claim(ARTICLE, "The secretary general said")
    results = anchoring.reanchor_many(ARTICLE, new, [middle, edge])
    assert [r.state for r in results] == ["moved", "moved"]
    assert [r.selectors for r in results] == [
        claim(new, "four additional ships"),
        claim(new, "The secretary general said"),
    ]


def test_edited_claim_is_not_moved_onto_an_unchanged_copy() -> None:
    old = "Monday: NATO has 31 members, he said.\n\nTuesday: NATO has 31 members, she said."
    new = old.replace("Monday: NATO has 31", "Monday: NATO has 32")
    result = anchoring.reanchor(old, new, claim(old, "NATO has 31 members", prefix="Monday: "))
    assert result.state == "fuzzy"
    assert result.selectors is not None and result.selectors.position.start == 8


def test_deleted_claim_is_not_moved_onto_an_unchanged_copy() -> None:
    old = "NATO has 31 members. Today NATO has 31 members. Fin."
    new = old.replace("Today NATO has 31 members. ", "")
    result = anchoring.reanchor(old, new, claim(old, "NATO has 31 members", prefix="Today "))
    assert result.state == "orphaned"


def test_reanchor_many_keeps_order_and_refuses_stale_selectors() -> None:
    new = "Updated.\n\n" + ARTICLE
    claims = [claim(ARTICLE, "Vilnius"), claim(ARTICLE, "late")]
    results = anchoring.reanchor_many(ARTICLE, new, claims)
    assert [r.selectors.quote.exact for r in results if r.selectors] == ["Vilnius", "late"]
    stale = Selectors(TextPosition(0, 7), TextQuote("Vilnius"))
    with pytest.raises(AnchoringError) as caught:
        anchoring.reanchor(ARTICLE, new, stale)
    assert caught.value.code == "invalid"


def test_long_texts_diff_by_paragraph_and_map_exactly() -> None:
    paragraphs = [f"Paragraph {n} says {n * 7} ships sailed on day {n}." for n in range(3000)]
    old = "\n\n".join(paragraphs)
    new = old.replace("Paragraph 10 says", "Paragraph ten says").replace("Paragraph 2990 ", "")
    claims = [claim(old, f"{n * 7} ships sailed on day {n}.") for n in (5, 10, 1500, 2990, 2995)]
    states = [r.state for r in anchoring.reanchor_many(old, new, claims)]
    assert states == ["anchored", "moved", "moved", "moved", "moved"]


# --- Re-anchoring properties -----------------------------------------------------------------


def draw_edit(data: st.DataObject, text: str, low: int, high: int) -> tuple[int, int, str]:
    """An insert, delete or replace of text[i:j] with low <= i <= j <= high."""
    i = data.draw(st.integers(low, high))
    j = data.draw(st.integers(i, high))
    replacement = data.draw(canonical_text)
    assume(replacement or i < j)
    return i, j, replacement


def untouched_cost(old: str, new: str, span: tuple[int, int], at: int) -> int:
    """Code points inserted and deleted if old[span] stands unchanged at new[at:]."""
    start, end = span
    return Indel.distance(old[:start], new[:at]) + Indel.distance(old[end:], new[at + end - start :])


@given(st.data())
@PROPERTY
def test_edits_outside_the_span_keep_it_exact(data: st.DataObject) -> None:
    """A quote holding SENTINEL is unique, so "the right place" is where the edits left it.

    Several edits can carry text across the span ("§a" -> "a§"); then a cheaper story edits
    the span itself, and no diff can know better: such draws are skipped.
    """
    old = anchoring.canonicalize(data.draw(raw_text) + SENTINEL + data.draw(raw_text))
    mark = old.index(SENTINEL)
    start = data.draw(st.integers(max(0, mark - 6), mark))
    end = data.draw(st.integers(mark + 1, min(len(old), mark + 7)))
    selectors = anchoring.selectors_from_position(old, start, end)
    new, new_start = old, start
    for _ in range(data.draw(st.integers(1, 3))):
        new_end = new_start + end - start
        if data.draw(st.booleans()):
            i, j, replacement = draw_edit(data, new, 0, new_start)
            new_start += len(replacement) - (j - i)
        else:
            i, j, replacement = draw_edit(data, new, new_end, len(new))
        new = new[:i] + replacement + new[j:]
        # A mark or line end joining the span's edge would change the span itself.
        assume(anchoring.canonicalize(new) == new)
    assume(untouched_cost(old, new, (start, end), new_start) == Indel.distance(old, new))
    result = anchoring.reanchor(old, new, selectors)
    assert_consistent(new, result)
    assert result.selectors is not None
    assert result.selectors.position == TextPosition(new_start, new_start + end - start)
    assert result.state == ("anchored" if new_start == start else "moved")


@given(st.data())
@PROPERTY
def test_edits_inside_the_span_never_give_a_wrong_exact_match(data: st.DataObject) -> None:
    """The quote is repeated so that a careless search would find the copy.

    "Wrong" means: anchored or moved at a place where the quote being untouched does not
    explain the new text as cheaply as the cheapest diff does (a copy elsewhere, usually).
    """
    quote = data.draw(canonical_text.filter(lambda q: bool(q.strip())))
    before, between, after = data.draw(canonical_text), data.draw(canonical_text), data.draw(canonical_text)
    old = before + quote + between + quote + after
    assume(anchoring.canonicalize(old) == old)
    start = len(before) if data.draw(st.booleans()) else len(before) + len(quote) + len(between)
    end = start + len(quote)
    if len(quote) > 1 and data.draw(st.booleans()):
        i = j = data.draw(st.integers(start + 1, end - 1))
        replacement = data.draw(canonical_text.filter(bool))
    else:
        i = data.draw(st.integers(start, end - 1))
        j = data.draw(st.integers(i + 1, end))
        replacement = data.draw(canonical_text)
    new = old[:i] + replacement + old[j:]
    assume(anchoring.canonicalize(new) == new)
    assume(old[start:i] + replacement + old[j:end] != quote)
    result = anchoring.reanchor(old, new, anchoring.selectors_from_position(old, start, end))
    assert_consistent(new, result)
    if result.state in ("anchored", "moved"):
        assert result.selectors is not None
        assert untouched_cost(old, new, (start, end), result.selectors.position.start) == Indel.distance(old, new)


@given(canonical_text.filter(bool), canonical_text, st.data())
@PROPERTY
def test_any_edit_gives_consistent_selectors(old: str, new: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(old) - 1))
    end = data.draw(st.integers(start + 1, len(old)))
    assume(not old[start:end].isspace())
    result = anchoring.reanchor(old, new, anchoring.selectors_from_position(old, start, end))
    assert_consistent(new, result)
