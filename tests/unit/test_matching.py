"""Claim matching (pure): rewordings and number words match, another figure or subject does not."""

from __future__ import annotations

import itertools

import pytest

from suggestions.matching import MATCH_THRESHOLD, profile, rank, similarity

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
