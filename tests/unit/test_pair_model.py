"""The claim pair model (pure): the encoder is the published model, and the trained judge tells a restatement, light
edits included, from a near miss in the same words."""

from __future__ import annotations

import numpy as np
import pytest

from suggestions import matching, pair_model
from suggestions.checks import pair_model_installed
from suggestions.pair_model import Candidate, loaded, rank, rescore


def _sentence_vector(text: str) -> pair_model.Vector:
    """The published all-MiniLM-L6-v2 sentence embedding: the base weights, no adaptation."""
    folder = pair_model.model_folder()
    tokens = pair_model.WordPieces(folder / "vocab.txt").sentence(text)
    states = pair_model.encoder_states(
        pair_model.read_safetensors(folder / "model.safetensors"), tokens, [0] * len(tokens)
    )
    mean = states.mean(axis=0)
    unit: pair_model.Vector = mean / np.linalg.norm(mean)
    return unit


def test_the_numpy_encoder_is_the_published_model() -> None:
    """The model card's example similarities (sentence-transformers gives 0.6660, 0.1046, 0.1411)."""
    weather, sunny, stadium = (
        _sentence_vector(s)
        for s in ("The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium.")
    )
    assert [round(float(a @ b), 3) for a, b in ((weather, sunny), (weather, stadium), (sunny, stadium))] == [
        0.666,
        0.105,
        0.141,
    ]


SAME = [
    # light edits: the commonest restatement in a newsroom, which the first pair model tried here lost
    ("The alliance has 31 members.", "The alliance has 31 members."),
    ("The alliance has 31 members.", "The alliance has 31 members, officials said."),
    (
        "NATO now has 31 members after Finland joined.",
        "The alliance now has 31 members, after Finland joined in April.",
    ),
    ("Rents in Marrow Bay rose 11.5 percent in a year.", "Marrow Bay rents went up by 11.5% over twelve months."),
]
DIFFERENT = [
    ("Nurses in Pendry earn £31,000 a year.", "Teachers in Pendry earn £31,000 a year."),
    ("Four additional NATO ships will patrol the Baltic.", "Six additional NATO ships will patrol the Baltic."),
    (
        "The council plans to close 12 libraries next year, its budget paper says.",
        "The council closed 12 libraries last year, its budget paper says.",
    ),
]


@pytest.mark.parametrize(("a", "b"), SAME, ids=[b for _, b in SAME])
def test_restatements_are_one_claim(a: str, b: str) -> None:
    assert loaded().probability(a, b) > 0.5


@pytest.mark.parametrize(("a", "b"), DIFFERENT, ids=[b for _, b in DIFFERENT])
def test_near_misses_in_the_same_words_are_two_claims(a: str, b: str) -> None:
    assert loaded().probability(a, b) < 0.5


def test_probability_reads_the_pair_both_ways() -> None:
    a, b = DIFFERENT[0]
    assert loaded().probability(a, b) == pytest.approx(loaded().probability(b, a), abs=1e-6)
    assert 0.0 < loaded().probability(a, b) < 1.0


def test_a_match_blends_the_rules_and_the_model() -> None:
    a, b = SAME[2]
    rules = matching.similarity(matching.profile(a), matching.profile(b))
    [scored] = rescore(a, [Candidate(7, b, rules)], threshold=0.0)
    expected = (1 - pair_model.WEIGHT) * rules + pair_model.WEIGHT * loaded().probability(a, b)
    assert scored.key == 7 and scored.score == pytest.approx(expected)


def test_rank_finds_the_restatement_and_leaves_the_near_misses_out() -> None:
    earlier = [
        (1, "NATO has 32 members."),
        (2, "The alliance now has 31 members, after Finland joined in April."),
        (3, "Bread prices rose by 31 percent."),
        (4, "Teachers in Pendry earn £31,000 a year."),
    ]
    found = rank("NATO now has 31 members after Finland joined.", earlier)
    assert [s.key for s in found] == [2]
    assert found[0].score >= pair_model.THRESHOLD
    assert rank("NATO now has 31 members after Finland joined.", []) == []


def test_the_model_turns_away_a_near_miss_the_rules_alone_would_match() -> None:
    """The same figure for another year, in the same words: the rules score it 1.0, the blend leaves it out."""
    earlier = "Ambulances took an average of 47 minutes to reach patients in Ardmore last year."
    later = "Ambulances took an average of 47 minutes to reach patients in Ardmore in 2019."
    assert matching.similarity(matching.profile(later), matching.profile(earlier)) >= matching.MATCH_THRESHOLD
    assert rank(later, [(1, earlier)]) == []


def test_another_figure_for_the_same_thing_is_never_a_match() -> None:
    """The rules read figures and the model does not reliably: "31 members" against "32 members" is two claims,
    whatever the words and the model say."""
    assert rank("NATO has 32 members.", [(1, "NATO has 31 members.")], threshold=0.0) == []
    assert [s.key for s in rank("NATO has thirty-one members.", [(1, "NATO has 31 members.")])] == [1]


def test_the_model_reads_only_the_rules_best_candidates() -> None:
    """The rules rank every candidate; the model reads the best READ (ties by key), so a match costs a bounded time."""
    earlier = [(key, "The alliance now has 31 members, after Finland joined in April.") for key in range(15)]
    found = rank("NATO now has 31 members after Finland joined.", earlier)
    assert [s.key for s in found] == list(range(pair_model.READ))


def test_the_system_check_names_a_missing_model(monkeypatch: pytest.MonkeyPatch) -> None:
    assert pair_model_installed() == []
    monkeypatch.setattr(pair_model, "ADAPTER", pair_model.ADAPTER.with_name("missing.npz"))
    [error] = pair_model_installed()
    assert error.id == "suggestions.E002" and "missing.npz" in error.msg
    monkeypatch.setattr(pair_model, "MODEL_PACKAGE", "no_such_model_package")
    [error] = pair_model_installed()
    assert error.id == "suggestions.E001" and "no_such_model_package" in error.msg
