"""Whether a word reads as a name: the part-of-speech lexicon TextBlob ships (Brill's, from the Brown corpus and
the Penn Treebank), read as a file, so that matching can tell "Selby Point" / "Marden Head" (two places) from
"Tollan council" / "the council" without a tagger model."""

from __future__ import annotations

from functools import cache
from importlib.util import find_spec
from pathlib import Path

__all__ = ["reads_as_name"]


def _lexicon_path() -> Path:
    # Found without importing TextBlob, which would load NLTK for nothing: only its data file is used.
    spec = find_spec("textblob")
    if spec is None or spec.origin is None:
        raise RuntimeError("the textblob package (its lexicon file) is not installed")
    return Path(spec.origin).parent / "en" / "en-lexicon.txt"


@cache
def _tags() -> dict[str, str]:
    """Word -> its most frequent Penn Treebank tag ("nurses" -> NNS, "repaired" -> VBN)."""
    tags: dict[str, str] = {}
    for line in _lexicon_path().read_text(encoding="utf-8").splitlines():
        if line and not line.startswith(";"):
            word, _, tag = line.partition(" ")
            tags.setdefault(word, tag)
    return tags


def reads_as_name(word: str, *, first: bool = False) -> bool:
    """Capitalised, unless it comes `first` in the sentence and the lexicon knows it as a common word ("Nurses",
    "The")."""
    if not word[:1].isupper():
        return False
    if not first:
        return True
    tag = _tags().get(word.casefold())
    return tag is None or tag.startswith("NNP")
