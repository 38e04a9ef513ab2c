"""Numeric claim parsing: quantities found in English text, number words, and comparison (examples and properties)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.numbers import Quantity, compare, find_quantities, magnitude, parse_number_words, quantity_to_dict

FLAG_EU = "\U0001f1ea\U0001f1fa"  # 2 code points
FAMILY = "\U0001f469\u200d\U0001f469\u200d\U0001f467"  # 5 code points


def only(text: str) -> Quantity:
    """The one quantity a text states."""
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


# text, then the fields the quantity it states must have (text is the matched text, not the input)
EXAMPLES: list[tuple[str, dict[str, Any]]] = [
    # counts, in digits and words, and what they count
    ("NATO has 31 members", {"text": "31", "value": 31, "kind": "count", "unit": "members", "counted": "members"}),
    ("four additional NATO ships", {"text": "four", "value": 4, "kind": "count", "counted": "ships"}),
    ("eight leaders attended the summit", {"text": "eight", "value": 8, "counted": "leaders"}),
    ("28,000 boardings last year", {"text": "28,000", "value": 28000, "counted": "boardings"}),
    ("thirty-one", {"text": "thirty-one", "value": 31, "kind": "count", "unit": None, "counted": None}),
    ("thirty-one member states", {"value": 31, "counted": "states"}),
    ("a hundred and twenty delegates", {"text": "a hundred and twenty", "value": 120, "counted": "delegates"}),
    ("forty thousand", {"value": 40000, "kind": "count"}),
    ("half a million", {"value": 500000}),
    ("1.2 million people", {"text": "1.2 million", "value": 1_200_000, "counted": "people"}),
    ("two billion", {"value": 2e9}),
    ("two and a half million", {"value": 2.5e6}),
    ("twenty-one point four million riders", {"text": "twenty-one point four million", "value": 21.4e6}),
    ("two point five percent", {"value": 2.5, "kind": "percent"}),
    ("a five point plan", {"text": "five", "value": 5}),  # "point" and no digit after it
    ("3.4m viewers", {"text": "3.4m", "value": 3.4e6, "counted": "viewers"}),
    ("one member", {"value": 1, "counted": "member"}),
    ("a 31-member alliance", {"text": "31", "counted": "member"}),
    ("2000 people", {"value": 2000, "kind": "count", "counted": "people"}),
    ("2,017 people", {"value": 2017, "kind": "count"}),
    # percentages
    ("23 percent of voters", {"text": "23 percent", "value": 23, "kind": "percent", "unit": "percent"}),
    ("23%", {"value": 23, "kind": "percent"}),
    ("3.5%", {"value": 3.5, "kind": "percent"}),
    ("23 per cent", {"text": "23 per cent", "kind": "percent"}),
    ("twenty-three percent", {"value": 23, "kind": "percent"}),
    ("3 percentage points", {"kind": "percent", "unit": "percentage points"}),
    ("two in five voters", {"text": "two in five", "value": 40, "kind": "percent", "counted": "voters"}),
    ("fewer than 1 in 10 households", {"value": 10, "kind": "percent", "qualifier": "under"}),
    # money
    ("€38 million", {"text": "€38 million", "value": 38e6, "kind": "money", "unit": "EUR"}),
    ("£3bn", {"value": 3e9, "kind": "money", "unit": "GBP"}),
    ("$1.2bn", {"value": 1.2e9, "unit": "USD"}),
    ("US$5 million", {"text": "US$5 million", "value": 5e6, "unit": "USD"}),
    ("two billion dollars", {"text": "two billion dollars", "value": 2e9, "kind": "money", "unit": "USD"}),
    ("5 million euros", {"value": 5e6, "unit": "EUR"}),
    ("41p a litre", {"text": "41p", "value": 0.41, "kind": "money", "unit": "GBP"}),
    ("forty-one pence", {"text": "forty-one pence", "value": 0.41, "kind": "money", "unit": "GBP"}),
    ("2 to 5 pence", {"kind": "money", "low": 0.02, "high": 0.05}),
    ("five million pounds", {"text": "five million pounds", "value": 5e6, "kind": "money", "unit": "GBP"}),
    ("162 pounds", {"value": 162, "kind": "count", "counted": "pounds"}),  # unscaled pounds may be weight
    # ordinals
    ("the 32nd president", {"text": "32nd", "value": 32, "kind": "ordinal", "counted": "president"}),
    ("a third term", {"text": "third", "value": 3, "kind": "ordinal", "counted": "term"}),
    ("the twenty-first century", {"value": 21, "kind": "ordinal"}),
    # durations
    ("over two decades", {"text": "over two decades", "value": 20, "kind": "duration", "unit": "years"}),
    ("over five years", {"value": 5, "kind": "duration", "qualifier": "over", "unit": "years"}),
    ("three months", {"value": 3, "kind": "duration", "unit": "months"}),
    ("seven days", {"value": 7, "unit": "days"}),
    ("a 31-year-old man", {"value": 31, "kind": "duration", "unit": "years"}),
    # years
    ("NATO expanded in 2017", {"text": "2017", "value": 2017, "kind": "year", "year": 2017, "counted": None}),
    ("since 2022", {"kind": "year", "year": 2022}),
    ("In 2017 voters said no", {"kind": "year"}),
    ("the 2017 election", {"kind": "year"}),
    ("2017-18", {"kind": "year", "qualifier": "range", "low": 2017, "high": 2018}),
    ("between 2017 and 2019", {"kind": "year", "qualifier": "range", "low": 2017, "high": 2019}),
    ("the 1990s", {"text": "1990s", "kind": "year", "qualifier": "range", "low": 1990, "high": 1999}),
    ("the council filled potholes over 2024", {"text": "over 2024", "kind": "year", "qualifier": "exact"}),
    ("sold in over 2000 towns", {"value": 2000, "kind": "count", "qualifier": "over", "counted": "towns"}),
    ("in the mid-1990s", {"text": "1990s", "kind": "year"}),
    # dates
    ("on July 11", {"text": "July 11", "kind": "date", "month": 7, "day": 11, "year": None}),
    ("14 March 2019", {"text": "14 March 2019", "kind": "date", "month": 3, "day": 14, "year": 2019}),
    ("30 November", {"kind": "date", "month": 11, "day": 30}),
    ("March 14, 2019", {"text": "March 14, 2019", "month": 3, "day": 14, "year": 2019}),
    ("the 4th of July", {"kind": "date", "month": 7, "day": 4}),
    ("in March 2019", {"kind": "date", "month": 3, "day": None, "year": 2019}),
    # qualifiers and ranges
    ("more than 40,000 passengers", {"text": "more than 40,000", "qualifier": "over", "low": 40000, "high": None}),
    ("at least 5 ships", {"qualifier": "at_least", "low": 5, "counted": "ships"}),
    ("fewer than 10 ships", {"qualifier": "under", "high": 10, "counted": "ships"}),
    ("less than 3%", {"qualifier": "under", "kind": "percent"}),
    ("about 200 soldiers", {"qualifier": "about", "value": 200}),
    ("around 40 people", {"qualifier": "about"}),
    ("nearly 1,000 people", {"qualifier": "about", "value": 1000}),
    ("almost 50 percent", {"qualifier": "about", "kind": "percent"}),
    ("up to 300 troops", {"qualifier": "at_most", "high": 300, "counted": "troops"}),
    ("40,000 or more fans", {"text": "40,000 or more", "qualifier": "at_least", "counted": "fans"}),
    ("between 10 and 20", {"text": "between 10 and 20", "qualifier": "range", "low": 10, "high": 20}),
    ("10-20", {"qualifier": "range", "low": 10, "high": 20}),
    ("10 to 20", {"qualifier": "range", "low": 10, "high": 20}),
    ("10 to 20 percent", {"kind": "percent", "qualifier": "range", "low": 10, "high": 20}),
    ("€5-10 million", {"kind": "money", "low": 5e6, "high": 10e6}),
    ("between a hundred and two hundred", {"low": 100, "high": 200}),
    ("from five to ten years", {"kind": "duration", "low": 5, "high": 10}),
]


@pytest.mark.parametrize(("text", "expected"), EXAMPLES, ids=[text for text, _ in EXAMPLES])
def test_quantity_examples(text: str, expected: dict[str, Any]) -> None:
    quantity = only(text)
    assert {field: getattr(quantity, field) for field in expected} == expected
    assert text[quantity.start : quantity.end] == quantity.text


@pytest.mark.parametrize(
    "text",
    [
        "COVID-19",
        "F-35 jets",
        "the G7 summit",
        "at 10:30 am",
        "on 14/03/2019",
        "version 3.5.1",
        "one of the largest",
        "no one came",
        "two-thirds of members",
        "a third of the vote",
        "at first",
        "in March",
        "5G masts",
        "Article 5 binds all members",
        "Flight 17 crashed",
        "No. 10 said so",
        "the bill passed 68-32",
        "at 9 a.m. sharp",
        "at 5pm",
        "a 5m wall",
        "better than the previous one",
        "",
    ],
)
def test_what_is_not_a_quantity(text: str) -> None:
    assert find_quantities(text) == []


def test_a_time_phrase_after_a_figure_is_not_what_it_counts() -> None:
    assert [(q.counted, q.kind) for q in find_quantities("complaints rose to 1,260 last year")] == [(None, "count")]
    assert find_quantities("it sold 400 each week")[0].counted is None
    assert find_quantities("it sold 400 tickets each week")[0].counted == "tickets"


def test_a_year_then_a_level_reached_by_another_year_is_no_range() -> None:
    found = find_quantities("shrank from 23 stations in 2014 to 18 by 2024")
    assert [(q.text, q.kind) for q in found] == [("23", "count"), ("2014", "year"), ("18", "count"), ("2024", "year")]
    assert [(q.text, q.qualifier) for q in find_quantities("the 2017 to 18 budget")] == [("2017 to 18", "range")]


def test_a_change_by_an_amount_to_a_level_states_two_figures() -> None:
    found = find_quantities("the number fell by 6,200 to 48,500")
    assert [(q.text, q.qualifier) for q in found] == [("6,200", "exact"), ("48,500", "exact")]


def test_a_change_states_two_figures_not_a_range() -> None:
    found = find_quantities("membership rose from 30 to 31 members")
    assert [(q.text, q.qualifier) for q in found] == [("30", "exact"), ("31", "exact")]
    assert found[1].counted == "members"


@pytest.mark.parametrize(
    ("text", "ratio"),
    [
        ("Only one in six children were seen", "one in six"),
        ("a one-in-six chance of being paid", "one-in-six"),
        ("one in every six children were seen", "one in every six"),
    ],
)
def test_one_in_n_is_a_ratio_after_only_and_with_hyphens(text: str, ratio: str) -> None:
    found = find_quantities(text)
    assert [(q.text, q.kind, round(q.value, 1)) for q in found] == [(ratio, "percent", 16.7)]


@pytest.mark.parametrize("text", ["in 2019/20", "in 2019/2020", "the 2019-20 season"])
def test_financial_years_with_a_slash_or_a_dash(text: str) -> None:
    [year] = find_quantities(text)
    assert (year.kind, year.qualifier, year.low, year.high) == ("year", "range", 2019, 2020)


@pytest.mark.parametrize("text", ["24/7 service", "on 12/05/2023", "between 2019/21"])
def test_slashes_that_join_no_financial_year(text: str) -> None:
    assert [q.kind for q in find_quantities(text) if q.kind == "year" and q.qualifier == "range"] == []


def test_a_share_of_a_scale_is_a_number() -> None:
    assert [(q.text, q.value) for q in find_quantities("awarded a quarter of a million pounds")] == [
        ("a quarter of a million", 250_000)
    ]
    assert [q.value for q in find_quantities("three-quarters of a million visitors")] == [750_000]
    assert [(q.kind, q.value) for q in find_quantities("a quarter of the vote", shares=True)] == [("percent", 25)]


def test_magnitude_puts_durations_in_one_unit() -> None:
    months, years = find_quantities("18 months"), find_quantities("1.5 years")
    assert magnitude(months[0]) == magnitude(years[0])
    assert magnitude(find_quantities("£40")[0]) == 40


def test_a_year_then_an_amount_is_no_range() -> None:
    found = find_quantities("the bill has more than doubled since 2021 to £5.3m")
    assert [(q.text, q.kind, q.qualifier) for q in found] == [("2021", "year", "exact"), ("£5.3m", "money", "exact")]
    assert [(q.text, q.qualifier) for q in find_quantities("between 20 and £30")] == [("between 20 and £30", "range")]


def test_a_change_a_few_words_back_states_two_figures() -> None:
    found = find_quantities("the council raised its fine for dropping litter from £75 to £150")
    assert [(q.text, q.qualifier) for q in found] == [("£75", "exact"), ("£150", "exact")]
    found = find_quantities("fares rose sharply, with tickets from £5 to £10")
    assert [(q.text, q.qualifier) for q in found] == [("from £5 to £10", "range")]


def test_a_year_after_a_part_of_a_year_is_a_year() -> None:
    found = find_quantities("In the first six months of 2024 hotels in Pellmorran collected £610,000")
    assert [(q.text, q.kind) for q in found if q.text == "2024"] == [("2024", "year")]
    assert [(q.text, q.kind) for q in find_quantities("a fleet of 2000 buses")] == [("2000", "count")]


def test_several_quantities_in_text_order() -> None:
    text = "In 2023, 31 members pledged €38 million, 2% of GDP, on 11 July."
    found = find_quantities(text)
    assert [(q.text, q.kind) for q in found] == [
        ("2023", "year"),
        ("31", "count"),
        ("€38 million", "money"),
        ("2%", "percent"),
        ("11 July", "date"),
    ]
    assert all(text[q.start : q.end] == q.text for q in found)


def test_offsets_count_code_points_after_emoji_and_combining_marks() -> None:
    text = f"{FLAG_EU}{FAMILY} Cafe\u0301: NATO has 31 members and thirty-one flags"
    first, second = find_quantities(text)
    assert (first.start, first.end) == (text.index("31"), text.index("31") + 2)
    assert text[second.start : second.end] == "thirty-one"
    assert first.start == 2 + 5 + len(" Cafe\u0301: NATO has ")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("thirty-one", 31),
        ("Thirty One", 31),
        ("a hundred and twenty", 120),
        ("one hundred twenty-three thousand four hundred fifty-six", 123456),
        ("forty thousand", 40000),
        ("half a million", 500000),
        ("two and a half million", 2.5e6),
        ("three point one four", 3.14),
        ("nineteen hundred", 1900),
        ("a dozen", 12),
        ("zero", 0),
        ("1.2 million", 1.2e6),
        ("28,000", 28000),
        ("third", 3),
    ],
)
def test_parse_number_words(text: str, value: float) -> None:
    assert parse_number_words(text) == value


@pytest.mark.parametrize("text", ["", "banana", "thirty-one members", "one two", "ten and twenty", "million"])
def test_parse_number_words_refuses_what_is_not_one_number(text: str) -> None:
    assert parse_number_words(text) is None


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        ("over 40,000 passengers", "42,000 passengers", "agree"),
        ("more than 40,000", "39,000", "differ"),
        ("31 members", "thirty-one members", "agree"),
        ("31", "thirty-one", "agree"),
        ("40,000", "28,000", "differ"),
        ("31 members", "31", "agree"),  # one side does not say what it counts
        ("31 members", "31 ships", "unrelated"),
        ("31 members", "32 members", "differ"),
        ("1 member", "1 members", "agree"),
        ("in 2017", "2017 people", "unrelated"),
        ("23 percent", "23 members", "unrelated"),
        ("23%", "twenty-three per cent", "agree"),
        ("one in five", "20 percent", "agree"),
        ("3 percent", "3 percentage points", "unrelated"),
        ("1.2 million", "1,234,567", "agree"),  # rounding to the stated digit
        ("1.2 million", "1,300,000", "differ"),
        ("40,000", "42,000", "agree"),
        ("40,000", "44,000", "differ"),  # rounding never hides more than 5%
        ("about 40,000", "37,000", "agree"),
        ("nearly 40,000", "28,000", "differ"),
        ("between 10 and 20", "15", "agree"),
        ("between 10 and 20", "25", "differ"),
        ("fewer than 10", "12", "differ"),
        ("up to 300", "250", "agree"),
        ("two decades", "20 years", "agree"),
        ("24 months", "two years", "agree"),
        ("18 months", "two years", "differ"),
        ("€38 million", "38 million euros", "agree"),
        ("€38 million", "$38 million", "unrelated"),
        ("July 11", "11 July 2023", "agree"),
        ("July 11", "July 12", "differ"),
        ("in 2019", "14 March 2019", "agree"),
        ("in 2018", "14 March 2019", "differ"),
        ("in 2018", "July 11", "unrelated"),
        ("the 32nd", "32", "unrelated"),
        ("the 1990s", "in 1994", "agree"),
    ],
)
def test_compare(a: str, b: str, relation: str) -> None:
    assert compare(only(a), only(b)) == relation
    assert compare(only(b), only(a)) == relation


# --- Properties -------------------------------------------------------------------------------

UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
UNITS += ["eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def below_hundred(n: int) -> str:
    tens, units = divmod(n, 10)
    if n < 20:
        return UNITS[n]
    return TENS[tens] + (f"-{UNITS[units]}" if units else "")


def below_thousand(n: int, british: bool) -> str:
    hundreds, rest = divmod(n, 100)
    parts = [f"{UNITS[hundreds]} hundred"] if hundreds else []
    if rest:
        parts += ["and"] if british and hundreds else []
        parts.append(below_hundred(rest))
    return " ".join(parts)


def in_words(n: int, british: bool = False) -> str:
    """English words for 0 <= n < 1,000,000: "nine hundred (and) ninety-nine thousand ..."."""
    if n == 0:
        return "zero"
    thousands, rest = divmod(n, 1000)
    parts = [f"{below_thousand(thousands, british)} thousand"] if thousands else []
    if rest:
        parts += ["and"] if british and thousands and rest < 100 else []
        parts.append(below_thousand(rest, british))
    return " ".join(parts)


def test_the_words_generator_itself() -> None:
    assert in_words(31) == "thirty-one"
    assert in_words(120, british=True) == "one hundred and twenty"
    assert in_words(1005, british=True) == "one thousand and five"
    assert in_words(999_999) == "nine hundred ninety-nine thousand nine hundred ninety-nine"


@settings(max_examples=500, deadline=None)
@given(st.integers(min_value=0, max_value=999_999), st.booleans())
def test_digits_and_words_state_the_same_number(n: int, british: bool) -> None:
    words = in_words(n, british)
    assert parse_number_words(words) == n
    assert parse_number_words(str(n)) == n
    assert [q.value for q in find_quantities(words)] == [n]
    assert [q.value for q in find_quantities(f"{n:,}")] == [n]
    assert [q.value for q in find_quantities(str(n))] == [n]
    assert compare(only(words), only(f"{n:,}")) == "agree"


# Pieces that reach every parser: numbers, number words, units, qualifiers, months, symbols, emoji, marks.
PIECES = [
    "31",
    "2017",
    "28,000",
    "1.2",
    "3.5",
    "0",
    "thirty",
    "-",
    "one",
    "a",
    "half",
    "and",
    "hundred",
    "thousand",
    "million",
    "first",
    "third",
    "nd",
    "s",
    "%",
    "€",
    "$",
    "US",
    "percent",
    "per",
    "cent",
    "years",
    "decades",
    "between",
    "from",
    "to",
    "more",
    "than",
    "over",
    "about",
    "or",
    "+",
    "March",
    "July",
    "in",
    "members",
    "ships",
    "of",
    ",",
    ".",
    ":",
    "/",
    "\u2013",  # en dash, as in "2017\u201318"
    " ",
    "\n",
    FLAG_EU,
    FAMILY,
    "e\u0301",
]
numberish = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)
spaced = st.lists(st.sampled_from(PIECES), max_size=20).map(" ".join)
any_text = st.one_of(st.text(), numberish, spaced)


def assert_well_formed(text: str, found: list[Quantity]) -> None:
    previous_end = 0
    for quantity in found:
        assert previous_end <= quantity.start < quantity.end <= len(text)
        assert text[quantity.start : quantity.end] == quantity.text
        previous_end = quantity.end


@settings(max_examples=400, deadline=None)
@given(any_text)
def test_find_quantities_never_raises_and_offsets_slice_back(text: str) -> None:
    assert_well_formed(text, find_quantities(text))


@settings(max_examples=300, deadline=None)
@given(any_text, any_text)
def test_compare_is_reflexive_and_symmetric(left: str, right: str) -> None:
    found = find_quantities(left) + find_quantities(right)
    for a in found:
        assert compare(a, a) == "agree"
        for b in found:
            assert compare(a, b) == compare(b, a)


@settings(max_examples=200, deadline=None)
@given(st.text(), numberish)
def test_parse_number_words_never_raises(text: str, pieces: str) -> None:
    parse_number_words(text)
    parse_number_words(pieces)


# --- Shares (opt-in: find_quantities(text, shares=True)) -------------------------------------------

SHARES: list[tuple[str, dict[str, Any]]] = [
    ("cut waiting times by a third", {"text": "a third", "qualifier": "exact"}),
    ("two-thirds of members agreed", {"text": "two-thirds", "counted": "members"}),
    ("three quarters of voters", {"text": "three quarters", "value": 75.0}),
    ("almost half of the new jobs", {"text": "almost half", "value": 50.0, "qualifier": "about", "counted": "jobs"}),
    ("the share should reach half by then", {"text": "half", "value": 50.0}),
    ("catches fell by a quarter", {"text": "a quarter", "value": 25.0}),
    ("a fifth of them retire soon", {"text": "a fifth", "value": 20.0}),
    ("running at less than half capacity", {"text": "less than half", "qualifier": "under", "high": 50.0}),
]


@pytest.mark.parametrize(("text", "expected"), SHARES, ids=[text for text, _ in SHARES])
def test_shares_read_as_percentages(text: str, expected: dict[str, Any]) -> None:
    found = [q for q in find_quantities(text, shares=True) if q.kind == "percent"]
    assert len(found) == 1, found
    share = found[0]
    assert share.unit == "percent"
    assert {field: getattr(share, field) for field in expected} == expected
    assert text[share.start : share.end] == share.text


@pytest.mark.parametrize("text", ["a third term", "the third quarter", "she pledged half", "half a million"])
def test_what_is_not_a_share(text: str) -> None:
    assert not [q for q in find_quantities(text, shares=True) if q.kind == "percent"]


def test_shares_are_off_by_default() -> None:
    assert find_quantities("two-thirds of members") == []
    assert [q.kind for q in find_quantities("by a third", shares=False)] == ["ordinal"]


def test_a_share_compares_with_a_percentage() -> None:
    (third,) = find_quantities("by a third", shares=True)
    (percent,) = find_quantities("33%")
    (quarter,) = find_quantities("by a quarter", shares=True)
    assert compare(third, percent) == "agree"
    assert compare(quarter, percent) == "differ"


def test_quantity_to_dict_is_json_ready_and_relative() -> None:
    text = "The alliance has about 31 members."
    (members,) = find_quantities(text)
    data = quantity_to_dict(members, offset=4)
    assert data == {
        "text": "about 31",
        "start": members.start - 4,
        "end": members.end - 4,
        "kind": "count",
        "value": 31.0,
        "unit": "members",
        "counted": "members",
        "qualifier": "about",
        "low": None,
        "high": None,
    }
    json.dumps(data)


SHARE_PIECES = [*PIECES, "a", "two", "third", "thirds", "half", "quarter", "-", "by", "of", "almost", "less than"]
share_text = st.one_of(
    any_text,
    st.lists(st.sampled_from(SHARE_PIECES), max_size=20).map(" ".join),
    st.lists(st.sampled_from(SHARE_PIECES), max_size=20).map("".join),
)


@settings(max_examples=300, deadline=None)
@given(share_text)
def test_find_quantities_with_shares_keeps_offsets(text: str) -> None:
    assert_well_formed(text, find_quantities(text, shares=True))


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("fell for six consecutive years", ("six consecutive years", 6, "years")),
        ("three straight months of growth", ("three straight months", 3, "months")),
    ],
)
def test_durations_in_a_row(text: str, read: tuple[str, float, str]) -> None:
    quantity = only(text)
    assert quantity.kind == "duration"
    assert (quantity.text, quantity.value, quantity.unit) == read


def test_unit_abbreviations_compare_as_spelled_out() -> None:
    assert compare(only("35 km of lanes"), only("thirty-five kilometres of lanes")) == "agree"
    assert compare(only("35 km of lanes"), only("53 kilometers of lanes")) == "differ"
