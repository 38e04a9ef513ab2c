"""A real `celery worker` process makes suggestions for a new article and matches a new claim within seconds."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from suggestions.models import ClaimMatch, Suggestion
from tests.factories import make_article, make_claim

pytestmark = pytest.mark.worker

BODY = "The alliance now has 31 members, the minister said.\n\nFour additional NATO ships arrived on July 11."


def wait_until(predicate: Callable[[], bool], timeout: float = 30.0) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return time.monotonic() - started
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def test_worker_suggests_for_a_new_article_and_matches_a_new_claim(celery_worker_process) -> None:
    earlier = make_claim(make_article(body="NATO has 31 members.", title="Earlier"), "NATO has 31 members")

    article = make_article(body=BODY)  # committed: the worker gets the task through Redis
    waited = wait_until(lambda: Suggestion.objects.filter(article=article).exists())
    assert waited < 10, f"suggestions took {waited:.1f} s"
    celery_worker_process.wait_for_log("suggestions.detect_article")
    quotes = set(Suggestion.objects.filter(article=article).values_list("quote_exact", flat=True))
    assert {"31 members", "Four additional NATO ships", "July 11"} <= quotes

    claim = make_claim(article, "31 members", claim_text="The alliance has thirty-one members.")
    wait_until(lambda: ClaimMatch.objects.filter(claim=claim).exists())
    assert ClaimMatch.objects.get(claim=claim).matched_id == earlier.pk
