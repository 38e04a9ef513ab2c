"""Check-worthy span detection (pure): figures, comparisons and attributions, with their spans and numbers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suggestions.detection import SUGGESTION_TYPES, Candidate, detect, normalise_quote


def spans(text: str) -> set[tuple[str, str]]:
    """(type, quoted text) of every suggestion."""
    return {(c.type, text[c.start : c.end]) for c in detect(text)}


def only_of_type(text: str, kind: str) -> Candidate:
    found = [c for c in detect(text) if c.type == kind]
    assert len(found) == 1, found
    return found[0]


# text, then (type, span) pairs that must be suggested
EXAMPLES: list[tuple[str, list[tuple[str, str]]]] = [
    # counts, in digits and words, with what they count
    ("The alliance now has 31 members.", [("count", "31 members")]),
    ("Four additional NATO ships arrived.", [("count", "Four additional NATO ships")]),
    ("The summit opened with eight leaders present.", [("count", "eight leaders")]),
    ("Police put the crowd at about 3,000 protesters.", [("count", "about 3,000 protesters")]),
    ("The city has more than 40,000 passengers a day.", [("count", "more than 40,000 passengers")]),
    ("Only nine of the members met the target.", [("count", "nine of the members")]),
    ("The club plans a 52,000-seat stadium.", [("count", "52,000-seat")]),
    ("It holds 35 billion litres.", [("count", "35 billion litres")]),
    ("Thirty-one member states signed.", [("count", "Thirty-one member states")]),
    # percentages and shares
    ("Ridership grew by 23 percent.", [("percent", "23 percent")]),
    ("Wind supplied 31% of the power.", [("percent", "31%")]),
    ("Unemployment fell to 4.1 per cent.", [("percent", "4.1 per cent")]),
    ("Two in five voters stayed home.", [("percent", "Two in five voters")]),
    ("It will cut waiting times by a third.", [("percent", "a third")]),
    ("Almost half of the jobs are temporary.", [("percent", "Almost half")]),
    # money
    ("The plan costs €38 million.", [("money", "€38 million")]),
    ("The loss was £3bn.", [("money", "£3bn")]),
    ("They spent two billion dollars.", [("money", "two billion dollars")]),
    # dates and durations
    ("The summit opened on July 11.", [("date", "July 11")]),
    ("It began in 2017.", [("date", "2017")]),
    ("It entered service on 14 March 2019.", [("date", "14 March 2019")]),
    ("The unit opens in spring 2026.", [("date", "spring 2026")]),
    ("We spent over two decades on it.", [("duration", "over two decades")]),
    ("Patients waited 19 weeks.", [("duration", "19 weeks")]),
    ("They began a 48-hour strike.", [("duration", "48-hour")]),
    # comparisons and superlatives
    ("It is the largest passenger pier on the coast.", [("comparison", "the largest passenger pier on the coast")]),
    ("This is the biggest demonstration in years.", [("comparison", "the biggest demonstration in years")]),
    ("Class sizes are lower than the national average.", [("comparison", "lower than the national average")]),
    ("Drivers earn less than drivers elsewhere.", [("comparison", "less than drivers elsewhere")]),
    ("It is twice as much as a decade ago.", [("comparison", "twice as much as a decade ago")]),
    ("The ban is its first since 2012.", [("comparison", "its first since 2012")]),
    # attributed statements
    ('"We have spent years preparing," Varga said.', [("attribution", "We have spent years preparing")]),
    ("\u201cThis is the worst year we had,\u201d she said.", [("attribution", "This is the worst year we had")]),
    ("Diplomats said the communique had been rewritten.", [("attribution", "the communique had been rewritten")]),
    ("The minister told reporters that every member came.", [("attribution", "every member came")]),
    ("According to the report, rents rose sharply.", [("attribution", "rents rose sharply")]),
    ("Rents rose sharply, according to the observatory.", [("attribution", "Rents rose sharply")]),
    ("Burglaries fell last year, the police said.", [("attribution", "Burglaries fell last year")]),
]


@pytest.mark.parametrize(("text", "expected"), EXAMPLES, ids=[text for text, _ in EXAMPLES])
def test_examples(text: str, expected: list[tuple[str, str]]) -> None:
    found = spans(text)
    for pair in expected:
        assert pair in found, f"{pair} not in {found}"


@pytest.mark.parametrize(
    "text",
    [
        "The meeting was on Tuesday.",
        "One organiser spoke to the crowd.",
        "The G7 summit and COVID-19 rules.",
        "Flight 17 left at 9 a.m.",
        "A 31-year-old man was arrested.",
        "Economists were more cautious.",
        "It was a good day for the town.",
        "",
    ],
)
def test_what_is_not_check_worthy(text: str) -> None:
    assert detect(text) == []


def test_a_bound_on_a_figure_is_the_figure_not_a_comparison() -> None:
    found = spans("The project cost 15 percent more than the original budget, and more than 40,000 people came.")
    assert ("percent", "15 percent") in found
    assert ("count", "more than 40,000 people") in found
    assert not [text for kind, text in found if kind == "comparison"]


def test_a_parenthetical_said_makes_no_statement() -> None:
    text = "They sat at a table that, officials said, had been built for twelve."
    assert not [c for c in detect(text) if c.type == "attribution"]


def test_two_reported_statements_joined_by_and_that() -> None:
    text = "The council said no teacher would lose their job and that the savings would go to support."
    found = spans(text)
    assert ("attribution", "no teacher would lose their job") in found
    assert ("attribution", "the savings would go to support") in found


def test_numbers_are_normalised_and_relative_to_the_span() -> None:
    text = "She said the city would build 1,200 new homes over two decades."
    statement = only_of_type(text, "attribution")
    assert [(n["text"], n["value"], n["unit"], n["kind"]) for n in statement.numbers] == [
        ("1,200", 1200.0, "homes", "count"),
        ("over two decades", 20.0, "years", "duration"),
    ]
    span = text[statement.start : statement.end]
    for number in statement.numbers:
        assert span[int(str(number["start"])) : int(str(number["end"]))] == number["text"]
    ships = only_of_type("Four additional NATO ships arrived.", "count")
    assert ships.numbers[0]["counted"] == "ships"
    assert ships.numbers[0]["value"] == 4.0


def test_ranked_best_first_with_a_reason() -> None:
    found = detect("The fund is €2.4 billion. It opened on July 11.")
    assert [c.type for c in found] == ["money", "date"]
    assert found[0].score > found[1].score
    assert all(c.reason for c in found)
    assert all(0 <= c.score <= 1 for c in found)


def test_a_figure_inside_a_statement_raises_its_score() -> None:
    plain = only_of_type("Diplomats said the talks had gone well.", "attribution")
    figure = only_of_type("Diplomats said the communique had been rewritten five times.", "attribution")
    assert figure.score > plain.score


def test_offsets_count_code_points() -> None:
    text = "\U0001f1ea\U0001f1fa The EU has 27 members."
    members = only_of_type(text, "count")
    assert text[members.start : members.end] == "27 members"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("31 Members", "31 members"),
        ("  31\nmembers. ", "31 members"),
        ("\u201cWe won,\u201d", "we won"),
        ("Cafe\u0301", "caf\u00e9"),
    ],
)
def test_normalise_quote(a: str, b: str) -> None:
    assert normalise_quote(a) == normalise_quote(b)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_any_text_gives_valid_spans(text: str) -> None:
    seen: dict[str, list[tuple[int, int]]] = {}
    for candidate in detect(text):
        assert 0 <= candidate.start < candidate.end <= len(text)
        assert candidate.type in SUGGESTION_TYPES
        assert candidate.reason
        for start, end in seen.get(candidate.type, []):
            assert candidate.end <= start or end <= candidate.start, "spans of one type overlap"
        seen.setdefault(candidate.type, []).append((candidate.start, candidate.end))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The mill had employed people for more than a century.", ("duration", "more than a century")),
        ("Pupil numbers fell over the past decade.", ("duration", "the past decade")),
        ("Jobs fell by 6,200 to 48,500.", ("count", "6,200")),
        (
            "She said buses were slower than in any city and promised new lines.",
            ("attribution", "buses were slower than in any city"),
        ),
        (
            "The union estimates losses of £85 million, with yields down by a fifth.",
            ("attribution", "losses of £85 million"),
        ),
        (
            "He said the city would build 1,200 homes, more than in the previous decade combined.",
            ("attribution", "the city would build 1,200 homes"),
        ),
        (
            "The farm can power, according to the operator, nearly 900,000 homes.",
            ("attribution", "nearly 900,000 homes"),
        ),
    ],
)
def test_where_statements_and_figures_stop(text: str, expected: tuple[str, str]) -> None:
    assert expected in spans(text)


@pytest.mark.parametrize(
    "text",
    [
        '"We will win," she told supporters.',
        "Only 6 percent of reported thefts led to a charge.",
    ],
)
def test_an_audience_or_an_adjective_is_no_statement(text: str) -> None:
    found = [text[c.start : c.end] for c in detect(text) if c.type == "attribution"]
    assert "supporters" not in found and not any(quote.startswith("thefts") for quote in found)


def test_a_multiple_is_a_comparison_not_a_count() -> None:
    found = spans("Youth unemployment is almost three times the overall rate.")
    assert ("comparison", "almost three times the overall rate") in found
    assert not [quote for kind, quote in found if kind == "count"]
