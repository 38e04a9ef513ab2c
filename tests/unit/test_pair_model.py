"""The pair model of claim matching: the published encoder, read in numpy, and the trained adaptation on it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from suggestions import checks, pair_model


def _sentence_embedding(text: str) -> pair_model.Array:
    encoder = pair_model.base_encoder()
    mean = encoder.hidden([encoder.vocab["[CLS]"], *encoder.pieces(text), encoder.vocab["[SEP]"]]).mean(axis=0)
    unit: pair_model.Array = mean / np.linalg.norm(mean)
    return unit


def test_the_encoder_is_the_published_model() -> None:
    """The model card's example similarities (sentence-transformers' own implementation): wrong weights, a wrong
    tokenizer or a wrong layer would move them."""
    weather, sunny, stadium = (
        _sentence_embedding(text)
        for text in ("The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium.")
    )
    assert float(weather @ sunny) == pytest.approx(0.6660, abs=1e-4)
    assert float(weather @ stadium) == pytest.approx(0.1046, abs=1e-4)
    assert float(sunny @ stadium) == pytest.approx(0.1411, abs=1e-4)


def test_pairs_are_read_as_two_segments() -> None:
    encoder = pair_model.base_encoder()
    tokens, segments = encoder.pair("NATO has 31 members.", "Thirty-one!")
    words = [next(w for w, i in encoder.vocab.items() if i == token) for token in tokens]
    assert words[0] == "[CLS]" and words.count("[SEP]") == 2 and words[-1] == "[SEP]"
    assert segments == [0] * (words.index("[SEP]") + 1) + [1] * (len(words) - words.index("[SEP]") - 1)
    assert "31" in words and "thirty" in words, "lower case, punctuation split off"


def test_a_probability_that_does_not_depend_on_the_order() -> None:
    a, b = "Rents in Marrow Bay rose 11.5 percent in a year.", "Marrow Bay rents went up by 11.5% over twelve months."
    (forward,) = pair_model.same_claim(a, [b])
    (backward,) = pair_model.same_claim(b, [a])
    assert 0.0 < forward < 1.0
    assert forward == pytest.approx(backward)


def test_the_adaptation_leaves_the_published_weights_alone() -> None:
    before = {name: array.copy() for name, array in pair_model.base_encoder().weights.items()}
    adapted = pair_model.pair_model().encoder.weights
    name = "encoder.layer.0.attention.self.query.weight"
    assert not np.array_equal(adapted[name], before[name]), "the adaptation is folded in"
    assert all(np.array_equal(pair_model.base_encoder().weights[n], before[n]) for n in before)
    assert np.array_equal(adapted["embeddings.word_embeddings.weight"], before["embeddings.word_embeddings.weight"])


def test_deployment_check_names_what_is_missing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert checks.pair_model_installed() == []
    monkeypatch.setattr(pair_model, "ADAPTER", tmp_path / "gone.npz")
    monkeypatch.setattr(pair_model, "WEIGHTS_PACKAGE", "not_installed_weights")
    found = {error.id: error for error in checks.pair_model_installed()}
    assert set(found) == {"suggestions.E001", "suggestions.E002"}
    assert "requirements-model.lock" in (found["suggestions.E001"].hint or "")
