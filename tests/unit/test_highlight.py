"""Splitting text into highlighted segments for the article page."""

from annotations.highlight import Segment, paragraphs_with_highlights


def test_plain_text_splits_into_paragraphs() -> None:
    assert paragraphs_with_highlights("One.\n\nTwo.", []) == [[Segment("One.", ())], [Segment("Two.", ())]]


def test_overlapping_spans_label_each_piece() -> None:
    text = "NATO has 31 members today."
    result = paragraphs_with_highlights(text, [(9, 19, "a"), (13, 26, "b")])
    assert result == [
        [
            Segment("NATO has ", ()),
            Segment("31 m", ("a",)),
            Segment("embers", ("a", "b")),
            Segment(" today.", ("b",)),
        ]
    ]


def test_span_across_a_paragraph_break_is_highlighted_on_both_sides() -> None:
    result = paragraphs_with_highlights("ab\n\ncd", [(1, 5, "x")])
    assert result == [[Segment("a", ()), Segment("b", ("x",))], [Segment("c", ("x",)), Segment("d", ())]]


def test_emoji_offsets_count_code_points() -> None:
    result = paragraphs_with_highlights("🇪🇺 31", [(3, 5, "x")])
    assert result == [[Segment("🇪🇺 ", ()), Segment("31", ("x",))]]
