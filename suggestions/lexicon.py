"""What claim matching needs to know of English words, from data files that PyPI packages ship (no model, no
download at run time):

- whether a word reads as a name, from the part-of-speech lexicon TextBlob ships (Brill's, from the Brown corpus
  and the Penn Treebank): "Selby Point" / "Marden Head" are two places, where "Tollan council" / "the council"
  is one;
- whether two nouns can name the same things, or name two things of one kind, from WordNet 3.0 as the `wn`
  0.0.23 package ships it: "visitors" / "people" and "fees" / "costs" can be one subject reworded, where
  "nurses" / "teachers" and "wheat" / "barley" are two subjects;
- whether two words of any part of speech can say the same thing in a claim, from the same WordNet: "repaired"
  / "fixed" can, "planted" / "felled" and "paid" / "saved" cannot.

The packages' own code is not imported (TextBlob would load NLTK): only their files are read, once per process.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.util import find_spec
from pathlib import Path

from annotations.numbers import unit_key

__all__ = [
    *("covers", "reads_as_adjective", "reads_as_name", "reads_as_noun", "reads_as_superlative", "related"),
    "same_kind",
]

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


def reads_as_superlative(word: str) -> bool:
    """A superlative adjective by the lexicon's most frequent tag (lower case): "busiest", "wettest"."""
    return _tags().get(word, "") == "JJS"


# WordNet's parts of speech: the file suffix and the letter its pointers use (adjective satellites, "s", live in
# the adjective files).
_PARTS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
# Pointers between senses that keep the meaning: a word formed from another ("repair" / "repairs"), a similar
# adjective, a verb of the same group, "see also", an adjective's noun ("annual" / "year"), an attribute.
_KIN_POINTERS = frozenset({"+", "&", "$", "^", "\\", "="})
# Endings of inflected verbs and adjectives, and what they come from (WordNet's own rules), tried when the
# exception lists do not name the word. A doubled consonant is undone after ("grubbed" -> "grubb" -> "grub").
_INFLECTIONS = {
    "v": (("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""), ("s", "")),
    "a": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
    "r": (),
}

# A sense as one int, its offset in its data file and its part of speech: WordNet's 117,000 senses and their
# pointers then take about 50 MB, where (letter, offset) tuples took half as much again.
Sense = int
_LETTER_CODES = {"n": 0, "v": 1, "a": 2, "s": 2, "r": 3}  # adjective satellites live in the adjective files


def _sense(letter: str, offset: str) -> Sense:
    return int(offset) * 4 + _LETTER_CODES[letter]


class _WordNet:
    """WordNet's words and senses: each lemma's senses, most frequent first; each sense's direct kinds (hypernyms)
    and the senses it is kin to (_KIN_POINTERS); the exception lists of irregular forms."""

    def __init__(self, folder: Path) -> None:
        self.senses: dict[str, dict[str, tuple[Sense, ...]]] = {}
        self.kinds: dict[Sense, tuple[Sense, ...]] = {}
        self.kin: dict[Sense, tuple[Sense, ...]] = {}
        self.exceptions: dict[str, dict[str, tuple[str, ...]]] = {}
        for part, letter in _PARTS.items():
            senses: dict[str, tuple[Sense, ...]] = {}
            for line in _lines(folder / f"index.{part}"):
                if line.startswith(" "):
                    continue  # the licence header
                fields = line.split()
                count = int(fields[2])
                senses[fields[0]] = tuple(_sense(letter, offset) for offset in fields[len(fields) - count :])
            self.senses[letter] = senses
            # Read through rather than looked up by offset: the shipped files have CRLF line ends, so the byte
            # offsets they name are off.
            for line in _lines(folder / f"data.{part}"):
                if line.startswith(" "):
                    continue
                fields = line.split()
                sense = _sense(letter, fields[0])
                start = 4 + 2 * int(fields[3], 16)  # the pointers, after the synset's words and their lexical ids
                pointers = [fields[start + 1 + 4 * i : start + 5 + 4 * i] for i in range(int(fields[start]))]
                kinds, kin = [], []
                for symbol, offset, pos, _ in pointers:
                    target = _sense(pos, offset)
                    if symbol in ("@", "@i"):  # a hypernym, or the kind of an instance
                        kinds.append(target)
                    elif symbol in _KIN_POINTERS:
                        kin.append(target)
                self.kinds[sense] = tuple(kinds)
                self.kin[sense] = tuple(kin)
            exceptions: dict[str, tuple[str, ...]] = {}
            for line in _lines(folder / f"{part}.exc"):
                inflected, *lemmas = line.split()
                exceptions[inflected] = tuple(lemmas)
            self.exceptions[letter] = exceptions

    def lemmas(self, word: str, letter: str = "n") -> set[str]:
        """The word's base forms that WordNet has as this part of speech ("nurses" -> "nurse", "fell" -> "fall")."""
        senses = self.senses[letter]
        candidates = [word, *self.exceptions[letter].get(word, ())]
        if letter == "n":
            candidates.append(unit_key(word))  # numbers.py knows "people" / "person"
            candidates += [word[: -len(ending)] + base for ending, base in _PLURALS if word.endswith(ending)]
        else:
            for ending, base in _INFLECTIONS[letter]:
                if word.endswith(ending) and len(word) > len(ending) + 1:
                    stem = word[: -len(ending)] + base
                    candidates.append(stem)
                    if not base and len(stem) > 2 and stem[-1] == stem[-2]:
                        candidates.append(stem[:-1])
        return {candidate for candidate in candidates if candidate in senses}

    def word_senses(self, word: str, letter: str = "n", limit: int | None = SENSES) -> set[Sense]:
        return {sense for lemma in self.lemmas(word, letter) for sense in self.senses[letter][lemma][:limit]}

    def above(self, sense: Sense, steps: int) -> dict[Sense, int]:
        """The kinds above a sense, with how many steps up each is (the sense itself at 0)."""
        seen, frontier = {sense: 0}, [sense]
        for step in range(1, steps + 1):
            frontier = [kind for each in frontier for kind in self.kinds.get(each, ()) if kind not in seen]
            seen.update(dict.fromkeys(frontier, step))
        return seen


@cache
def _wordnet() -> _WordNet:
    return _WordNet(_package_dir("wn") / "data" / "wordnet-3.0")


@cache
def covers(word_a: str, word_b: str) -> bool:
    """Two nouns (lower case) that can name the same things: synonyms, or one a kind of the other ("visitors" /
    "people", "ships" / "vessels"), within BROADER_STEPS."""
    nouns = _wordnet()
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
    nouns = _wordnet()
    senses_a, senses_b = nouns.word_senses(word_a), nouns.word_senses(word_b)
    return any(
        nouns.above(sense_a, KIND_STEPS).keys() & nouns.above(sense_b, KIND_STEPS).keys()
        for sense_a in senses_a
        for sense_b in senses_b
    )


# How far up from a sense of one word a sense of the other may be for the two to be one thing said more or less
# precisely ("houses" / "homes", "employed" / "hired"), looking at this many senses of each per part of speech
# (rare senses make "save" a kind of "pay", as in "economise").
RELATED_STEPS = 2
RELATED_SENSES = 3
# Words whose senses are kept at hand: far more than claims use, bounded for a long-running worker.
WORDS_CACHED = 50_000
PAIRS_CACHED = 200_000  # about 30 MB at most


@dataclass(frozen=True, slots=True)
class _Reach:
    senses: frozenset[Sense]  # every sense of the word, any part of speech
    near: frozenset[Sense]  # ...and the senses they are kin to
    up: frozenset[Sense]  # the kinds above its frequent senses, within RELATED_STEPS


@lru_cache(maxsize=WORDS_CACHED)
def _reach(word: str) -> _Reach:
    wordnet = _wordnet()
    senses = {sense for letter in _PARTS.values() for sense in wordnet.word_senses(word, letter, limit=None)}
    frequent = {sense for letter in _PARTS.values() for sense in wordnet.word_senses(word, letter, RELATED_SENSES)}
    return _Reach(
        senses=frozenset(senses),
        near=frozenset(senses.union(*(wordnet.kin.get(sense, ()) for sense in senses))),
        up=frozenset().union(*(wordnet.above(sense, RELATED_STEPS).keys() for sense in frequent)),
    )


@lru_cache(maxsize=PAIRS_CACHED)
def related(word_a: str, word_b: str) -> bool:
    """Two words (lower case, any part of speech) that can say the same thing in a claim: a sense in common, one
    formed from the other ("repaired" / "repairs"), or one a kind of the other within RELATED_STEPS. "planted" /
    "felled", "paid" / "saved" and "police" / "firefighters" are not related."""
    if word_a == word_b:
        return True
    a, b = _reach(word_a), _reach(word_b)
    return bool(a.near & b.senses or b.near & a.senses or a.up & b.near or b.up & a.near)
