"""Supporting passages: a source's sentences ranked for a claim by BM25 relevance and by the numbers they state."""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from annotations.numbers import NUMBER_WORDS, Quantity, compare, find_quantities

__all__ = ["NumbersVerdict", "Passage", "Span", "numbers_verdict", "rank_passages", "split_sentences"]

NumbersVerdict = Literal["agree", "differ", "absent", "none_in_claim"]

# BM25 as usually tuned for short documents.
K1 = 1.2
B = 0.75
# Added to the relevance (BM25 over the best sentence's, so at most 1): stating the claim's number outweighs
# any amount of shared wording; stating another figure for the same thing bears on the claim, but less.
AGREE_BOOST = 1.0
DIFFER_BOOST = 0.35
# The same figure for a differently named thing ("31 member states" for "31 members") agrees, for half the boost.
LOOSE_AGREE_BOOST = 0.5
# A sentence gets the whole number boost from this relevance up, a share of it below: a sentence with one
# word in common and the same figure is more often a coincidence than support.
FULL_BOOST_RELEVANCE = 0.25
# A number found only in the next sentence counts for a little less than one in the sentence itself.
WINDOW_DISCOUNT = 0.8
# Text with no sentence ends (a table, a list flattened by extraction) is cut into passages of at most this.
MAX_SENTENCE = 1000
MAX_DETAILS = 12


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of a text by code point offsets, end exclusive."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Passage:
    """A ranked passage of the source: its offsets and text, its score, and how its numbers bear on the claim.

    `details` holds (claim quantity text, passage quantity text, "agree" or "differ") for every related pair.
    """

    start: int
    end: int
    text: str
    score: float
    numbers: NumbersVerdict
    details: list[tuple[str, str, str]]


# --- Sentences -------------------------------------------------------------------------------------

_CLOSERS = "\"'\u201d\u2019\u00bb)\\]"  # closing quotes and brackets that belong to the sentence they end
_TERMINAL_RE = re.compile(
    rf"(?P<cjk>[\u3002\uff01\uff1f]+)[{_CLOSERS}]*"  # CJK full stop, ! and ?: no space after them
    rf"|(?P<punct>[.!?\u2026]+)[{_CLOSERS}]*(?=\s)"
)
_LINE_BREAK_RE = re.compile(r"[^\S\n]*\n\s*")
_WORD_BEFORE_RE = re.compile(r"\S*$")
_INITIALISM_RE = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")  # "U.S", "e.g", "J": a dot after them ends no sentence
_OPENERS = "\"'(\\[\u201c\u2018\u00ab"
# Abbreviations that stand before a name or a number, so a dot after them never ends a sentence.
_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "sen",
    "rep",
    "gov",
    "gen",
    "col",
    "lt",
    "sgt",
    "capt",
    "cmdr",
    "adm",
    "rev",
    "hon",
    "jr",
    "sr",
    "vs",
    "approx",
    "dept",
    "est",
    "mt",
    "cf",
    "al",
}
# ...and these only before a number ("No. 10", "Jan. 5"): "He said no." ends a sentence.
_NUMBER_ABBREVIATIONS = {"no", "nos", "fig", "figs", "vol", "pp", "art", "para", "p"}
_NUMBER_ABBREVIATIONS |= {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}


def split_sentences(text: str) -> list[Span]:
    """The sentences of a text, without the whitespace around them, in order.

    A sentence ends at . ! ? or an ellipsis followed by space and a sentence start, at a blank line, and at a
    line break unless the next line goes on in lower case. A dot after an abbreviation ("Mr.", "U.S.",
    "No. 5"), inside a number ("3.5") or before a lower-case word ends nothing.
    """
    cuts = [match.end() for match in _TERMINAL_RE.finditer(text) if _ends_sentence(text, match)]
    for match in _LINE_BREAK_RE.finditer(text):
        following = text[match.end() : match.end() + 1]
        if match.group().count("\n") > 1 or not following.islower():
            cuts.append(match.start())
    spans: list[Span] = []
    start = 0
    for cut in [*sorted(set(cuts)), len(text)]:
        if cut > start:
            spans.extend(_pieces(text, start, cut))
            start = cut
    return spans


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    if match.group("cjk"):
        return True
    after = match.end()
    while after < len(text) and text[after].isspace():
        after += 1
    if after == len(text):
        return True
    following = text[after]
    punct = match.group("punct")
    if "!" in punct or "?" in punct:
        return not following.islower()
    if len(punct) > 1 or "\u2026" in punct:
        return following.isupper()  # "and so on... and then": an ellipsis inside a sentence
    if following.islower():
        return False
    dot = match.start("punct")
    before = _WORD_BEFORE_RE.search(text, max(0, dot - 40), dot)
    word = before.group().lstrip(_OPENERS) if before else ""
    lower = word.lower()
    if lower in _ABBREVIATIONS or (word and _INITIALISM_RE.fullmatch(word)):
        return False
    return not (lower in _NUMBER_ABBREVIATIONS and following.isdigit())


def _pieces(text: str, start: int, end: int) -> list[Span]:
    """[start, end) without surrounding whitespace, cut at spaces into pieces of at most MAX_SENTENCE."""
    pieces: list[Span] = []
    while start < end:
        while start < end and text[start].isspace():
            start += 1
        stop = end
        while stop > start and text[stop - 1].isspace():
            stop -= 1
        if stop <= start:
            break
        if stop - start > MAX_SENTENCE:
            limit = start + MAX_SENTENCE
            space = max(text.rfind(" ", start + 1, limit), text.rfind("\n", start + 1, limit))
            stop = space if space > start else limit
            while stop > start and text[stop - 1].isspace():
                stop -= 1
        pieces.append(Span(start, stop))
        start = stop
    return pieces


# --- Terms -----------------------------------------------------------------------------------------

_TERM_RE = re.compile(r"[0-9]+(?:[.,][0-9]+)*|[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
_STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "before",
        "being",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "just",
        "may",
        "me",
        "might",
        "more",
        "most",
        "must",
        "my",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "per",
        "said",
        "same",
        "say",
        "says",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "whose",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)


def _stem(word: str) -> str:
    """Light stemming: plurals, -ed and -ing, so that "deployed ships" meets "deploying a ship"."""
    if word.endswith(("'s", "\u2019s")):
        word = word[:-2]
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "xes", "ches", "shes", "zes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ing") and len(word) > 5:
        word = _undouble(word[:-3])
    elif word.endswith("ed") and not word.endswith("eed") and len(word) > 4:
        word = _undouble(word[:-2])
    return word


def _undouble(word: str) -> str:
    """ "shipp" (from "shipped") -> "ship"; "call" keeps its double l."""
    if len(word) > 2 and word[-1] == word[-2] and word[-1] not in "lsz":
        return word[:-1]
    return word


class _Terms:
    """Tokenises texts into BM25 terms, classifying each distinct token once per ranking."""

    def __init__(self) -> None:
        self.known: dict[str, tuple[str, bool]] = {}  # token -> (term, "" for a stopword; states a number)

    def of(self, text: str) -> tuple[list[str], bool]:
        """The terms of a text, and whether it may state a number (digits or a number word)."""
        terms: list[str] = []
        numeric = False
        known = self.known
        for token in _TERM_RE.findall(text.lower()):
            entry = known.get(token)
            if entry is None:
                entry = known[token] = self._classify(token)
            term, number = entry
            if term:
                terms.append(term)
            numeric = numeric or number
        return terms, numeric

    @staticmethod
    def _classify(token: str) -> tuple[str, bool]:
        if token[0].isdigit():
            return token.replace(",", ""), True
        return ("" if token in _STOPWORDS else _stem(token)), token in NUMBER_WORDS


# --- Ranking ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Sentence:
    span: Span
    relevance: float  # BM25 over the best sentence's: 0..1
    shares_word: bool  # holds a claim term that is a word, not a number
    numeric: bool


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    score: float
    numbers: NumbersVerdict
    details: list[tuple[str, str, str]]


def rank_passages(claim_text: str, source_text: str, *, top: int = 3) -> list[Passage]:
    """The `top` passages of the source that bear most on the claim, best first, never overlapping.

    A passage is a sentence, or two adjacent sentences of one paragraph when one states a figure bearing on
    the claim but shares no word with it, and the other does.
    Score: BM25 relevance over the best sentence's (0..1) plus a number boost: for each claim quantity the
    passage agrees with AGREE_BOOST (LOOSE_AGREE_BOOST when it names what it counts differently), for each
    it only contradicts DIFFER_BOOST, averaged over the claim's quantities; the boost is scaled down below
    FULL_BOOST_RELEVANCE and needs a word in common with the claim. Passages scoring 0 are left out.
    """
    if top <= 0:
        return []
    spans = split_sentences(source_text)
    if not spans:
        return []
    terms = _Terms()
    claim_terms, _ = terms.of(claim_text)
    query = set(claim_terms)
    sentences = _score_sentences(source_text, spans, query, terms)
    claim_quantities = find_quantities(claim_text)
    candidates = _candidates(source_text, sentences, claim_quantities, top)
    candidates.sort(key=lambda c: (-c.score, c.start, c.end))
    chosen: list[_Candidate] = []
    for candidate in candidates:
        if candidate.score <= 0 or len(chosen) == top:
            break
        if all(candidate.end <= other.start or other.end <= candidate.start for other in chosen):
            chosen.append(candidate)
    return [
        Passage(c.start, c.end, source_text[c.start : c.end], round(c.score, 4), c.numbers, c.details) for c in chosen
    ]


def _score_sentences(source_text: str, spans: list[Span], query: set[str], terms: _Terms) -> list[_Sentence]:
    """BM25 of every sentence as a document of its own, over the best one."""
    documents = [terms.of(source_text[span.start : span.end]) for span in spans]
    count = len(documents)
    average = sum(len(words) for words, _ in documents) / count or 1.0
    frequencies: list[dict[str, int]] = []
    containing = dict.fromkeys(query, 0)
    for words, _ in documents:
        found: dict[str, int] = {}
        for word in words:
            if word in query:
                found[word] = found.get(word, 0) + 1
        for word in found:
            containing[word] += 1
        frequencies.append(found)
    idf = {word: math.log(1 + (count - n + 0.5) / (n + 0.5)) for word, n in containing.items()}
    scores = []
    for (words, _), found in zip(documents, frequencies, strict=True):
        norm = K1 * (1 - B + B * len(words) / average)
        scores.append(sum(idf[word] * tf * (K1 + 1) / (tf + norm) for word, tf in found.items()))
    best = max(scores, default=0.0)
    return [
        _Sentence(
            span,
            score / best if best > 0 else 0.0,
            any(not word[0].isdigit() for word in found),
            numeric,
        )
        for span, score, found, (_, numeric) in zip(spans, scores, frequencies, documents, strict=True)
    ]


def _candidates(source_text: str, sentences: list[_Sentence], claim: list[Quantity], top: int) -> list[_Candidate]:
    """Every sentence, and every pair of sentences in one paragraph whose numbers together do better."""
    if not claim:
        return [_Candidate(s.span.start, s.span.end, s.relevance, "none_in_claim", []) for s in sentences]
    count = len(sentences)
    # Parsing numbers is the slow part, so sentences are parsed best-first and only while they can matter.
    # Each passage chosen covers at most two sentences, so each of the `top` choices scores at least the
    # (2 top - 1)-th best single-sentence score; a sentence whose best possible score (with the whole boost,
    # and with its neighbours' relevance, for pairs) is below that is never part of a chosen passage.
    ceilings: dict[int, float] = {}
    for index, sentence in enumerate(sentences):
        nearby = sentences[max(0, index - 1) : index + 2]
        if sentence.numeric and any([other.shares_word for other in nearby]):
            best = max([other.relevance for other in nearby])
            ceilings[index] = best + AGREE_BOOST * _boost_share(best, True)
    rank = 2 * top - 1
    known = [sentence.relevance for sentence in sentences]  # single scores: exact once parsed, lower bounds before
    floor = heapq.nlargest(rank, known)[-1] if count >= rank else 0.0
    nothing: _Related = [[] for _ in claim]
    related = [nothing] * count
    parsed: dict[str, _Related] = {}  # a page repeats its boilerplate: parse each sentence text once
    for done, index in enumerate(sorted(ceilings, key=lambda k: (-ceilings[k], k))):
        if ceilings[index] < floor:
            break
        sentence = sentences[index]
        text = source_text[sentence.span.start : sentence.span.end]
        if text not in parsed:
            stated = find_quantities(text)
            parsed[text] = [[(q, r) for q in stated if (r := _relation(c, q)) != "unrelated"] for c in claim]
        related[index] = parsed[text]
        known[index] += _numbers(claim, related[index])[2] * _boost_share(sentence.relevance, sentence.shares_word)
        if done % 16 == 15 and count >= rank:
            floor = heapq.nlargest(rank, known)[-1]
    candidates = []
    singles = []
    for sentence, pairs in zip(sentences, related, strict=True):
        verdict, details, boost = _numbers(claim, pairs)
        score = sentence.relevance + boost * _boost_share(sentence.relevance, sentence.shares_word)
        singles.append(score)
        candidates.append(_Candidate(sentence.span.start, sentence.span.end, score, verdict, details))
    # A pair of sentences is a passage when one states a figure bearing on the claim but shares no word with
    # it, so earns no boost alone ("The total is now 31." after "NATO welcomed a new member state.").
    needs_context = [
        any(pairs) and not sentence.shares_word for sentence, pairs in zip(sentences, related, strict=True)
    ]
    for index in range(count - 1):
        first, second = sentences[index], sentences[index + 1]
        if not (needs_context[index] or needs_context[index + 1]) or not (first.shares_word or second.shares_word):
            continue
        if source_text.count("\n", first.span.end, second.span.start) > 1:
            continue  # a new paragraph
        pairs = [a + b for a, b in zip(related[index], related[index + 1], strict=True)]
        verdict, details, boost = _numbers(claim, pairs)
        relevance = max(first.relevance, second.relevance)
        score = relevance + WINDOW_DISCOUNT * boost * _boost_share(relevance, first.shares_word or second.shares_word)
        if score > max(singles[index], singles[index + 1]):
            candidates.append(_Candidate(first.span.start, second.span.end, score, verdict, details))
    return candidates


def _boost_share(relevance: float, shares_word: bool) -> float:
    """How much of its number boost a passage gets: none without a word in common with the claim."""
    return min(1.0, relevance / FULL_BOOST_RELEVANCE) if shares_word else 0.0


_Link = Literal["agree", "loose", "differ", "unrelated"]
# For each claim quantity, the passage quantities that agree or differ with it.
_Related = list[list[tuple[Quantity, _Link]]]
_WEIGHTS = {"agree": AGREE_BOOST, "loose": LOOSE_AGREE_BOOST, "differ": DIFFER_BOOST}


def _numbers(claim: Sequence[Quantity], related: _Related) -> tuple[NumbersVerdict, list[tuple[str, str, str]], float]:
    """How a passage's quantities bear on the claim's: verdict, related pairs, and the score boost."""
    if not any(related):
        return "absent", [], 0.0
    agreeing = differing = 0
    boost = 0.0
    details: list[tuple[str, str, str]] = []
    for wanted, pairs in zip(claim, related, strict=True):
        links = {link for _, link in pairs}
        if links - {"differ"}:
            agreeing += 1
        elif links:
            differing += 1
        boost += max((_WEIGHTS[link] for link in links), default=0.0)
        details.extend(
            (wanted.text, quantity.text, "differ" if link == "differ" else "agree") for quantity, link in pairs
        )
    verdict: NumbersVerdict = "differ" if differing else "agree" if agreeing else "absent"
    return verdict, details[:MAX_DETAILS], boost / len(claim)


def _relation(wanted: Quantity, stated: Quantity) -> _Link:
    """compare(), except that the same count of differently named things still agrees, loosely.

    "31 members" and "thirty-one member states" name what they count differently but state one figure;
    a different figure of a differently named thing ("4 ships") says nothing about the claim.
    """
    relation = compare(wanted, stated)
    if (
        relation == "unrelated"
        and wanted.kind == stated.kind
        and wanted.kind in ("count", "ordinal")
        and compare(_unitless(wanted), _unitless(stated)) == "agree"
    ):
        return "loose"
    return relation


def _unitless(quantity: Quantity) -> Quantity:
    return replace(quantity, unit=None)


def numbers_verdict(passages: Sequence[Passage]) -> NumbersVerdict:
    """What the best passages of one source say about the claim's numbers.

    "none_in_claim" when the claim states none; else the verdict of the best-ranked passage that agrees or
    differs (passages that only agree give "agree", only differ "differ"); "absent" when none does, also
    when there are no passages at all.
    """
    if passages and all(passage.numbers == "none_in_claim" for passage in passages):
        return "none_in_claim"
    for passage in passages:
        if passage.numbers in ("agree", "differ"):
            return passage.numbers
    return "absent"
