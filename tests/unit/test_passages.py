"""Supporting passages: sentence splitting, ranking a source for a claim, and the numbers verdict."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.passages import Passage, Span, numbers_verdict, rank_passages, split_sentences

FLAG_EU = "\U0001f1ea\U0001f1fa"  # 2 code points
FAMILY = "\U0001f469\u200d\U0001f469\u200d\U0001f467"  # 5 code points


def sentences(text: str) -> list[str]:
    return [text[span.start : span.end] for span in split_sentences(text)]


# --- Sentences ------------------------------------------------------------------------------


def test_sentences_end_at_terminal_punctuation_and_quotes() -> None:
    text = 'NATO met. Did it agree? Yes! He said "No." Then he left.'
    assert sentences(text) == ["NATO met.", "Did it agree?", "Yes!", 'He said "No."', "Then he left."]


def test_abbreviations_initials_and_decimals_do_not_end_sentences() -> None:
    text = (
        "Mr. Smith met Dr. Jones of the U.S. Navy on Jan. 5 and paid $3.5 million, e.g. for fuel. "
        "No. 10 said St. Ives was fine. Then J. R. Smith left."
    )
    assert sentences(text) == [
        "Mr. Smith met Dr. Jones of the U.S. Navy on Jan. 5 and paid $3.5 million, e.g. for fuel.",
        "No. 10 said St. Ives was fine.",
        "Then J. R. Smith left.",
    ]


def test_ellipses_end_a_sentence_only_before_a_capital() -> None:
    assert sentences("He paused... and went on. Then stopped.") == ["He paused... and went on.", "Then stopped."]
    assert sentences("Wait\u2026 What now?") == ["Wait\u2026", "What now?"]


def test_lines_and_paragraphs() -> None:
    text = "Headline without a stop\nFirst sentence. Second one.\n\nnew paragraph in lower case\na line that\ngoes on."
    assert sentences(text) == [
        "Headline without a stop",
        "First sentence.",
        "Second one.",
        "new paragraph in lower case\na line that\ngoes on.",
    ]


def test_sentences_are_stripped_and_empty_text_has_none() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n\t ") == []
    assert split_sentences("  One.  ") == [Span(2, 6)]


def test_text_without_sentence_ends_is_cut_into_bounded_pieces() -> None:
    text = " ".join(["word"] * 1000)
    spans = split_sentences(text)
    assert len(spans) > 1
    assert all(span.end - span.start <= 1000 for span in spans)
    assert " ".join(text[span.start : span.end] for span in spans) == text


def test_sentence_offsets_count_code_points() -> None:
    text = f"{FLAG_EU} Cafe\u0301 one. {FAMILY} Two."
    assert sentences(text) == [f"{FLAG_EU} Cafe\u0301 one.", f"{FAMILY} Two."]
    assert split_sentences(text)[1].start == len(f"{FLAG_EU} Cafe\u0301 one. ")


# --- Ranking --------------------------------------------------------------------------------

NATO_SOURCE = (
    "NATO members met in Vilnius, where NATO members discussed what the members of NATO owe each other. "
    "The alliance now has 31 members after Finland joined. "
    "NATO members and NATO partners agreed that members would spend more. "
    "The weather in Vilnius was mild."
)


def test_the_sentence_stating_the_number_comes_first() -> None:
    ranked = rank_passages("NATO has 31 members", NATO_SOURCE)
    assert ranked[0].text == "The alliance now has 31 members after Finland joined."
    assert ranked[0].numbers == "agree"
    assert ranked[0].details == [("31", "31", "agree")]
    # the sentences that share more words but state no number follow, numbers absent
    assert [passage.numbers for passage in ranked[1:]] == ["absent", "absent"]
    assert ranked[0].score > ranked[1].score
    assert numbers_verdict(ranked) == "agree"


def test_a_number_in_words_agrees_with_digits() -> None:
    source = NATO_SOURCE.replace("31 members", "thirty-one members")
    ranked = rank_passages("NATO has 31 members", source)
    assert ranked[0].text == "The alliance now has thirty-one members after Finland joined."
    assert ranked[0].details == [("31", "thirty-one", "agree")]


def test_the_same_figure_for_a_differently_named_thing_still_agrees() -> None:
    ranked = rank_passages("NATO has 31 members", "NATO has many members. NATO counts 31 member states.")
    assert ranked[0].text == "NATO counts 31 member states."
    assert ranked[0].numbers == "agree"


def test_a_different_number_is_flagged_as_differing() -> None:
    source = (
        "The ferry carried passengers across the bay. "
        "Only 28,000 passengers used the ferry last year. "
        "The ferry company sells tickets to passengers online."
    )
    ranked = rank_passages("More than 40,000 passengers used the ferry", source)
    differing = [passage for passage in ranked if passage.numbers == "differ"]
    assert [passage.text for passage in differing] == ["Only 28,000 passengers used the ferry last year."]
    assert differing[0].details == [("More than 40,000", "28,000", "differ")]
    assert ranked[0] == differing[0]  # it bears on the claim, so it ranks high
    assert numbers_verdict(ranked) == "differ"


def test_a_sentence_with_the_number_beats_one_with_a_different_number() -> None:
    source = "The ferry carried 28,000 passengers in 2022. The ferry carried 40,000 passengers in 2023."
    ranked = rank_passages("The ferry carried 40,000 passengers", source)
    assert [passage.numbers for passage in ranked] == ["agree", "differ"]
    assert ranked[0].text.startswith("The ferry carried 40,000")


def test_a_number_in_the_next_sentence_counts() -> None:
    source = (
        "NATO welcomed a new member state this spring. "
        "The total is now 31. "
        "NATO members and NATO partners met in Vilnius."
    )
    best = rank_passages("NATO has 31 members", source)[0]
    assert best.text == "NATO welcomed a new member state this spring. The total is now 31."
    assert best.numbers == "agree"


def test_claim_without_numbers_ranks_by_words_alone() -> None:
    ranked = rank_passages("Finland joined the alliance", NATO_SOURCE)
    assert ranked[0].text == "The alliance now has 31 members after Finland joined."
    assert all(passage.numbers == "none_in_claim" for passage in ranked)
    assert numbers_verdict(ranked) == "none_in_claim"
    assert [passage.score for passage in ranked] == sorted((passage.score for passage in ranked), reverse=True)


def test_plurals_and_verb_forms_meet() -> None:
    source = "The weather was mild. Two warships were deployed. Ships deploying is routine."
    ranked = rank_passages("deploying a warship", source)
    assert [passage.text for passage in ranked] == ["Two warships were deployed.", "Ships deploying is routine."]


def test_unrelated_and_empty_sources_give_nothing() -> None:
    assert rank_passages("NATO has 31 members", "") == []
    assert rank_passages("NATO has 31 members", "  \n ") == []
    assert rank_passages("NATO has 31 members", "The weather was mild.") == []
    assert rank_passages("", NATO_SOURCE) == []
    assert rank_passages("NATO has 31 members", NATO_SOURCE, top=0) == []


def test_top_passages_never_overlap() -> None:
    ranked = rank_passages("NATO members", NATO_SOURCE, top=10)
    assert len(ranked) == 3  # the weather shares nothing
    spans = sorted((passage.start, passage.end) for passage in ranked)
    assert all(end <= start for (_, end), (start, _) in itertools.pairwise(spans))


def test_offsets_slice_back_after_emoji_and_combining_marks() -> None:
    source = f"{FLAG_EU}{FAMILY} Cafe\u0301 news. The alliance now has 31 members. {FAMILY} NATO members met."
    for passage in rank_passages("NATO has 31 members", source):
        assert source[passage.start : passage.end] == passage.text
    best = rank_passages("NATO has 31 members", source)[0]
    assert best.start == source.index("The alliance")


def test_ranking_is_deterministic() -> None:
    assert rank_passages("NATO has 31 members", NATO_SOURCE) == rank_passages("NATO has 31 members", NATO_SOURCE)


@pytest.mark.parametrize(
    ("verdicts", "expected"),
    [
        ([], "absent"),
        (["none_in_claim", "none_in_claim"], "none_in_claim"),
        (["absent", "agree", "absent"], "agree"),
        (["absent", "differ"], "differ"),
        (["differ", "agree"], "differ"),  # the better-ranked passage decides
        (["agree", "differ"], "agree"),
        (["absent", "absent"], "absent"),
    ],
)
def test_numbers_verdict(verdicts: list[str], expected: str) -> None:
    passages = [Passage(i, i + 1, "x", 1.0, verdict, []) for i, verdict in enumerate(verdicts)]  # type: ignore[arg-type]
    assert numbers_verdict(passages) == expected


def test_a_long_source_with_a_thousand_sentences_ranks_the_stated_number_first() -> None:
    # A hard case: every sentence distinct, sharing words with the claim, and most state figures.
    rng = random.Random(7)
    templates = [
        "The ministry published its annual report on {day} March.",
        "Officials said {n} figures would be reviewed by the committee.",
        "Passengers complained about delays at port {n}.",
        "The ferry operator blamed the weather for {n} cancellations.",
        "In {year}, the company carried {n},000 passengers across the bay.",
        "About {n}.5% of trips were cancelled, the regulator said.",
        "Mr. Jensen, the mayor, promised \u20ac{n} million for a new terminal.",
        "Critics said more than {n} thousand people signed the petition.",
    ]
    source = " ".join(
        rng.choice(templates).format(n=rng.randint(2, 99), day=rng.randint(1, 28), year=rng.randint(1990, 2024))
        for _ in range(1700)
    )[:100_000]
    assert len(split_sentences(source)) >= 1000
    claim = "The ferry carried more than 40,000 passengers in 2019"
    # Speed is a bench matter, not a timed test (about 25-45 ms here); this checks the large case works.
    ranked = rank_passages(claim, source)
    assert [passage.numbers for passage in ranked][:1] == ["agree"]


# --- Properties -----------------------------------------------------------------------------

PIECES = [
    "NATO",
    " has ",
    "31",
    " members",
    "thirty-one",
    "28,000",
    " passengers",
    "Mr.",
    "U.S.",
    "3.5",
    "...",
    "\u2026",
    ". ",
    "? ",
    "! ",
    '"',
    "\n",
    "\n\n",
    " ",
    "a",
    "A",
    FLAG_EU,
    FAMILY,
    "e\u0301",
    "\u0301",
    "\u3002",
]
texts = st.one_of(st.text(), st.lists(st.sampled_from(PIECES), max_size=40).map("".join))


@settings(max_examples=300, deadline=None)
@given(texts)
def test_sentences_are_ordered_stripped_and_non_empty(text: str) -> None:
    previous_end = 0
    for span in split_sentences(text):
        piece = text[span.start : span.end]
        assert previous_end <= span.start < span.end <= len(text)
        assert piece == piece.strip()
        previous_end = span.end


@settings(max_examples=300, deadline=None)
@given(texts, texts, st.integers(min_value=0, max_value=5))
def test_rank_passages_never_raises_and_offsets_slice_back(claim: str, source: str, top: int) -> None:
    ranked = rank_passages(claim, source, top=top)
    assert len(ranked) <= top
    for passage in ranked:
        assert 0 <= passage.start < passage.end <= len(source)
        assert source[passage.start : passage.end] == passage.text
        assert passage.score > 0
    assert numbers_verdict(ranked) in ("agree", "differ", "absent", "none_in_claim")
