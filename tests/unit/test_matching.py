"""Claim matching (pure): rewordings and number words match, another figure or subject does not."""

from __future__ import annotations

import itertools

import pytest

from suggestions.matching import DIFFER_FACTOR, MATCH_THRESHOLD, profile, rank, similarity

SAME: list[tuple[str, str]] = [
    ("NATO has 31 members.", "The alliance NATO now counts thirty-one members."),
    (
        "Unemployment in the Calder region is at its lowest rate since 2008.",
        "Calder's jobless rate is the lowest since 2008.",
    ),
    (
        "Violent crime doubled in the capital over two decades.",
        "Over twenty years violent crime in the capital has doubled.",
    ),
    ("Rents in Marrow Bay rose 11.5 percent in a year.", "Marrow Bay rents went up by 11.5% over twelve months."),
    ("Each day of the strike costs about 30 million euros.", "The strike costs roughly €30 million every day."),
    ("Catches near Skarra Bank have fallen by a quarter.", "Skarra Bank catches fell 25% in the period."),
    ("The summit opened on July 11.", "The summit began on 11 July."),
]
DIFFERENT: list[tuple[str, str]] = [
    ("NATO has 31 members.", "NATO has 32 members."),
    ("The summit opened on July 11.", "The summit opened on July 12."),
    ("Burglaries in Kessington fell by 12 percent last year.", "Phone thefts in Kessington rose sharply."),
    (
        "The minimum wage has risen by 40 percent in five years.",
        "The minimum wage has risen by 40 percent in ten years.",
    ),
    ("Wind supplied 31% of electricity.", "The cathedral was built in 1311."),
]


@pytest.mark.parametrize(("a", "b"), SAME, ids=[a for a, _ in SAME])
def test_rewordings_match(a: str, b: str) -> None:
    assert similarity(profile(a), profile(b)) >= MATCH_THRESHOLD


@pytest.mark.parametrize(("a", "b"), DIFFERENT, ids=[b for _, b in DIFFERENT])
def test_different_claims_do_not_match(a: str, b: str) -> None:
    assert similarity(profile(a), profile(b)) < MATCH_THRESHOLD


def test_similarity_is_symmetric_and_bounded() -> None:
    texts = [a for pair in SAME + DIFFERENT for a in pair] + ["", "31"]
    for a in texts:
        for b in texts:
            score = similarity(profile(a), profile(b))
            assert 0.0 <= score <= 1.0
            assert score == similarity(profile(b), profile(a))


def test_rank_keeps_what_passes_the_threshold_best_first() -> None:
    pool = [
        (1, profile("NATO has 32 members.")),
        (2, profile("NATO has 31 members.")),
        (3, profile("The summit opened on July 11.")),
        (4, profile("The alliance NATO has thirty-one members states.")),
    ]
    ranked = rank(profile("NATO now has 31 members."), pool)
    assert [s.key for s in ranked][:1] == [2]
    assert 1 not in [s.key for s in ranked] and 3 not in [s.key for s in ranked]
    assert all(a.score >= b.score for a, b in itertools.pairwise(ranked))


# What a figure counts, or a sum is spent on, is the claim's subject: the same figure of another thing is another
# claim, however many words the two share; the same thing under a listed synonym, or named elsewhere in the other
# claim, is the same claim.
COUNTED: list[tuple[str, str, bool]] = [
    (
        "Hollin county has closed 14 hospitals since 2015.",
        "Since 2015 Hollin county has shut fourteen hospitals.",
        True,
    ),
    ("Hollin county has closed 14 hospitals since 2015.", "Hollin county has closed 14 schools since 2015.", False),
    (
        "The port of Ardell handled 3 million passengers.",
        "The port of Ardell handled 3 million tonnes of cargo.",
        False,
    ),
    ("Four additional NATO ships will join the patrol.", "NATO: four more vessels are joining the patrol.", True),
    (
        "Kessington police have put 200 more officers on the streets.",
        "Kessington has 200 more police on its streets.",
        True,
    ),
    (
        "The government spends 1.2 million euros a day on consultants.",
        "The government spends 1.2 million euros a day on defence.",
        False,
    ),
    (
        "The government spends 1.2 million euros a day on consultants.",
        "Consultants cost the government €1.2m a day.",
        True,
    ),
    (
        "Broadband reaches 97 percent of homes in Kilbride.",
        "Broadband reaches 97 percent of households in Kilbride.",
        True,
    ),
    (
        "Broadband reaches 97 percent of homes in Kilbride.",
        "Broadband reaches 97 percent of businesses in Kilbride.",
        False,
    ),
]


@pytest.mark.parametrize(("a", "b", "same"), COUNTED, ids=[f"{b} ({'same' if s else 'other'})" for _, b, s in COUNTED])
def test_what_a_figure_counts_decides(a: str, b: str, same: bool) -> None:
    score = similarity(profile(a), profile(b))
    assert (score >= MATCH_THRESHOLD) is same, score


# Another figure of the same thing is another claim (possibly contradicting the earlier one): never above the
# threshold, and never ranked over the candidate with the same figure, however few words that one shares.
ANOTHER_FIGURE: list[tuple[str, str, str]] = [
    (
        "Hollin county has closed nine schools.",
        "Hollin county has closed 12 schools.",
        "Nine schools were shut in Hollin.",
    ),
    (
        "Ardell airport handled 6.2 million passengers in 2023.",
        "Ardell airport handled 4.9 million passengers in 2023.",
        "In 2023, 6.2m passengers passed through Ardell's airport.",
    ),
    (
        "Bus fares in Pellow have risen 30 percent.",
        "Bus fares in Pellow have risen 25 percent.",
        "Pellow bus fares: up 30%.",
    ),
    ("The summit opened on July 11.", "The summit opened on July 12.", "The summit began on 11 July."),
]


@pytest.mark.parametrize(
    ("query", "other_figure", "same_figure"), ANOTHER_FIGURE, ids=[q for q, _, _ in ANOTHER_FIGURE]
)
def test_another_figure_never_ranks_first(query: str, other_figure: str, same_figure: str) -> None:
    other = similarity(profile(query), profile(other_figure))
    assert other <= DIFFER_FACTOR < MATCH_THRESHOLD
    ranked = rank(profile(query), [(1, profile(other_figure)), (2, profile(same_figure))], threshold=0.0)
    assert [s.key for s in ranked] == [2, 1]


# A figure stated on one side only is something the other claim does not say; possessives are the word itself.
ONE_SIDED_AND_POSSESSIVES: list[tuple[str, str, bool]] = [
    (
        "Turnout in the Velden election was the lowest on record.",
        "Turnout in the Velden election was 46.3 percent.",
        False,
    ),
    (
        "Calder's jobless rate is the lowest since 2008.",
        "Unemployment in Calder is at its lowest rate since 2008.",
        True,
    ),
    ("Velden's turnout was the lowest on record.", "Turnout in Velden was the lowest on record, 46.3 percent.", True),
]


@pytest.mark.parametrize(
    ("a", "b", "same"), ONE_SIDED_AND_POSSESSIVES, ids=[b for _, b, _ in ONE_SIDED_AND_POSSESSIVES]
)
def test_one_sided_figures_and_possessives(a: str, b: str, same: bool) -> None:
    assert (similarity(profile(a), profile(b)) >= MATCH_THRESHOLD) is same


def test_what_figures_count_is_read() -> None:
    assert profile("Hollin has closed 14 hospitals.").things == ("hospita",)
    assert profile("It spends €1.2m a day on consultants.").things == ("consult",)
    assert profile("It costs €1.2m every day.").things == (None,)
    assert profile("Calder's rate") == profile("Calder rate")
