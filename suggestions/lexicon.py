"""What claim matching needs to know of English words, from data files that PyPI packages ship (no model, no
download at run time):

- whether a word reads as a name, from the part-of-speech lexicon TextBlob ships (Brill's, from the Brown corpus
  and the Penn Treebank): "Selby Point" / "Marden Head" are two places, where "Tollan council" / "the council"
  is one;
- whether two nouns can name the same things, or name two things of one kind, from WordNet 3.0 as the `wn`
  0.0.23 package ships it: "visitors" / "people" and "fees" / "costs" can be one subject reworded, where
  "nurses" / "teachers" and "wheat" / "barley" are two subjects.

The packages' own code is not imported (TextBlob would load NLTK): only their files are read, once per process.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from annotations.numbers import unit_key

__all__ = ["covers", "reads_as_adjective", "reads_as_name", "reads_as_noun", "same_kind"]

# Senses of a word looked at, most frequent first (WordNet's order): rarer senses relate almost anything.
SENSES = 2
# Two nouns are things of one kind when a kind holds both within this many steps up from each ("doctors" /
# "dentists": 1, "nurses" / "teachers": 2). Three steps up joins rewordings too ("firms" / "companies").
KIND_STEPS = 2
# Looking further up for one noun being a kind of the other ("ships" / "vessels", "fees" / "costs").
BROADER_STEPS = 6
# Plural endings and what they come from, tried when WordNet's exceptions (noun.exc) do not list the word.
_PLURALS = (("ses", "s"), ("xes", "x"), ("ches", "ch"), ("shes", "sh"), ("men", "man"), ("ies", "y"), ("s", ""))


def _package_dir(package: str) -> Path:
    # Found without importing the package: only its data files are used.
    spec = find_spec(package)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"the {package} package (its data files) is not installed")
    return Path(spec.origin).parent


def _lines(path: Path) -> Iterator[str]:
    """The file's lines without their line ends, read one at a time (the WordNet data file is 15 MB)."""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            yield line.rstrip("\r\n")


@cache
def _tags() -> dict[str, str]:
    """Word -> its most frequent Penn Treebank tag ("nurses" -> NNS, "repaired" -> VBN)."""
    tags: dict[str, str] = {}
    lexicon = _package_dir("textblob") / "en" / "en-lexicon.txt"
    for line in _lines(lexicon):
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


def reads_as_noun(word: str) -> bool:
    """A noun by the lexicon's most frequent tag, or a word it lacks (lower case)."""
    tag = _tags().get(word)
    return tag is None or tag.startswith("NN")


def reads_as_adjective(word: str) -> bool:
    """An adjective by the lexicon's most frequent tag (lower case): "rural", "independent"."""
    return _tags().get(word, "").startswith("JJ")


class _Nouns:
    """WordNet's nouns: each lemma's first senses, each sense's direct kinds (hypernyms), plural exceptions."""

    def __init__(self, folder: Path) -> None:
        self.senses: dict[str, tuple[int, ...]] = {}
        for line in _lines(folder / "index.noun"):
            if line.startswith(" "):
                continue  # the licence header
            fields = line.split()
            count = int(fields[2])
            self.senses[fields[0]] = tuple(int(offset) for offset in fields[len(fields) - count :][:SENSES])
        self.kinds: dict[int, tuple[int, ...]] = {}
        # Read through rather than looked up by offset: the shipped file has CRLF line ends, so the byte offsets
        # it names are off.
        for line in _lines(folder / "data.noun"):
            if line.startswith(" "):
                continue
            fields = line.split()
            pointers = 4 + 2 * int(fields[3], 16)  # after the synset's words and their lexical ids
            self.kinds[int(fields[0])] = tuple(
                int(fields[pointers + 2 + 4 * i])
                for i in range(int(fields[pointers]))
                if fields[pointers + 1 + 4 * i] in ("@", "@i")  # a hypernym, or the kind of an instance
            )
        self.plurals: dict[str, str] = {}
        for line in _lines(folder / "noun.exc"):
            inflected, lemma, *_ = line.split()
            self.plurals[inflected] = lemma

    def lemmas(self, word: str) -> set[str]:
        found = {word} if word in self.senses else set()
        for singular in (self.plurals.get(word), unit_key(word)):  # numbers.py knows "people" / "person"
            if singular in self.senses:
                found.add(singular)
        for ending, base in _PLURALS:
            if word.endswith(ending) and (stem := word[: -len(ending)] + base) in self.senses:
                found.add(stem)
        return found

    def word_senses(self, word: str) -> set[int]:
        return {sense for lemma in self.lemmas(word) for sense in self.senses[lemma]}

    def above(self, sense: int, steps: int) -> dict[int, int]:
        """The kinds above a sense, with how many steps up each is (the sense itself at 0)."""
        seen, frontier = {sense: 0}, [sense]
        for step in range(1, steps + 1):
            frontier = [kind for each in frontier for kind in self.kinds.get(each, ()) if kind not in seen]
            seen.update(dict.fromkeys(frontier, step))
        return seen


@cache
def _nouns() -> _Nouns:
    return _Nouns(_package_dir("wn") / "data" / "wordnet-3.0")


@cache
def covers(word_a: str, word_b: str) -> bool:
    """Two nouns (lower case) that can name the same things: synonyms, or one a kind of the other ("visitors" /
    "people", "ships" / "vessels"), within BROADER_STEPS."""
    nouns = _nouns()
    senses_a, senses_b = nouns.word_senses(word_a), nouns.word_senses(word_b)
    if senses_a & senses_b:
        return True
    return any(
        sense_b in nouns.above(sense_a, BROADER_STEPS) or sense_a in nouns.above(sense_b, BROADER_STEPS)
        for sense_a in senses_a
        for sense_b in senses_b
    )


@cache
def same_kind(word_a: str, word_b: str) -> bool:
    """Two nouns (lower case) for two things of one kind: a kind holds both within KIND_STEPS, and neither is the
    other (synonyms) or a kind of the other. Words WordNet lacks, or that the part-of-speech lexicon reads as
    another part of speech ("driving" / "journey"), are never of one kind."""
    if not (reads_as_noun(word_a) and reads_as_noun(word_b)):
        return False
    if covers(word_a, word_b):
        return False
    nouns = _nouns()
    senses_a, senses_b = nouns.word_senses(word_a), nouns.word_senses(word_b)
    return any(
        nouns.above(sense_a, KIND_STEPS).keys() & nouns.above(sense_b, KIND_STEPS).keys()
        for sense_a in senses_a
        for sense_b in senses_b
    )
