"""Split canonical text into paragraphs of plain/highlighted segments (overlaps allowed) for display."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    text: str
    # Labels (e.g. workflow states) of every span covering this segment; empty for plain text.
    labels: tuple[str, ...]


def paragraphs_with_highlights(text: str, spans: Sequence[tuple[int, int, str]]) -> list[list[Segment]]:
    """Cut `text` at every span boundary and at blank lines; each piece knows which spans cover it."""
    cuts = {0, len(text)}
    for start, end, _ in spans:
        cuts.update((start, end))
    paragraphs: list[list[Segment]] = [[]]
    ordered = sorted(cut for cut in cuts if 0 <= cut <= len(text))
    for left, right in itertools.pairwise(ordered):
        labels = tuple(label for start, end, label in spans if start <= left and right <= end)
        pieces = text[left:right].split("\n\n")
        for index, piece in enumerate(pieces):
            if index:
                paragraphs.append([])
            if piece:
                paragraphs[-1].append(Segment(piece, labels))
    return [p for p in paragraphs if p]
