"""Reference discovery's pure helpers: query text, url normalisation, Retry-After, the in-process rate limit."""

from __future__ import annotations

import time
from typing import Any

import pytest

from discovery import querytext, ratelimit
from discovery.providers.base import plain_text


def test_content_words_drop_stop_words_and_repeats() -> None:
    assert querytext.content_words("The alliance has 31 members, and the alliance grows.") == [
        "alliance",
        "members",
        "grows",
    ]


def test_tsquery_ors_words_and_numbers_as_postgresql_splits_them() -> None:
    assert querytext.tsquery("Ferries carry 40,000 passengers (23.5%)") == (
        "ferries | carry | passengers | (40 <-> 000) | (23 <-> 5)"
    )
    assert querytext.tsquery("a the of") == ""


def test_tsquery_cannot_be_given_syntax() -> None:
    # Quotes, operators and parentheses in a claim never reach the query.
    query = querytext.tsquery('NATO\'s "members" & (allies) | !rivals <-> :*')
    assert set(query) <= set("abcdefghijklmnopqrstuvwxyz0123456789 |()<->")
    assert query == "nato | members | allies | rivals"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://en.wikipedia.org/wiki/NATO", "http://www.en.wikipedia.org/wiki/NATO/"),
        ("https://example.org/a?x=1&y=2", "https://EXAMPLE.org:443/a?y=2&x=1&utm_source=feed#top"),
        ("https://example.org/Member_states", "https://example.org/Member%5Fstates"),
    ],
)
def test_spellings_of_one_page_share_a_key(a: str, b: str) -> None:
    assert querytext.url_key(a) == querytext.url_key(b)


def test_different_pages_have_different_keys() -> None:
    assert querytext.url_key("https://example.org/a") != querytext.url_key("https://example.org/b")
    assert querytext.url_key("https://example.org/a?id=1") != querytext.url_key("https://example.org/a?id=2")
    assert querytext.url_key("https://example.org:8080/a") != querytext.url_key("https://example.org/a")


def test_snippets_lose_their_highlighting() -> None:
    assert plain_text('NATO has <span class="searchmatch">31</span>\n members &amp; allies') == (
        "NATO has 31 members & allies"
    )


def test_the_in_process_rate_limit_spaces_requests_and_refuses_long_waits(settings: Any) -> None:
    settings.REDIS_URL = ""
    ratelimit.reset("unit")
    began = time.monotonic()
    for _ in range(3):
        ratelimit.acquire("unit", rate_per_second=20.0, max_wait=1.0)
    assert time.monotonic() - began >= 0.09  # three slots 50 ms apart
    # The last call took the slot that just opened; the next one is 50 ms away, too far for 10 ms.
    with pytest.raises(ratelimit.RateLimited) as limited:
        ratelimit.acquire("unit", rate_per_second=20.0, max_wait=0.01)
    assert 0.01 < limited.value.wait_seconds <= 0.05
    assert ratelimit.acquire("unlimited", rate_per_second=None) == 0.0


def test_the_keyword_query_puts_names_first_and_stays_short() -> None:
    assert querytext.keyword_query(
        "Lindenport ferries carry more than 40,000 passengers on a typical weekday, Okafor says"
    ) == ("okafor lindenport ferries carry passengers")
    assert querytext.keyword_query("NATO has 31 members.") == "nato members"
