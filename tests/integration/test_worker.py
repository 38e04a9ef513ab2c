"""A real `celery worker` process re-anchors claims after an edit, and the sweep recovers lost work."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from django.test import override_settings

from annotations import services, tasks
from annotations.models import AnchoringState, Claim
from tests.factories import make_article, make_claim

pytestmark = pytest.mark.worker

BODY = "The alliance has 31 members.\n\nFour additional NATO ships arrived on July 11."


def wait_until(predicate, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


def test_worker_reanchors_claims_after_an_edit(celery_worker_process) -> None:
    article = make_article(body=BODY)
    members = make_claim(article, "31 members")
    ships = make_claim(article, "Four additional NATO ships")
    date = make_claim(article, "July 11")

    revision = services.article_revise(
        article=article,
        body="Breaking: the alliance has 31 members.\n\nTwo ships arrived on July 11.",
        actor=None,
    )
    assert revision is not None and revision.number == 2

    def all_moved() -> bool:
        return (
            not Claim.objects.filter(article=article)
            .exclude(revision=revision)
            .exclude(anchoring_state=AnchoringState.ORPHANED)
            .exists()
        )

    wait_until(all_moved)
    celery_worker_process.wait_for_log("annotations.reanchor_article")
    celery_worker_process.wait_for_log("succeeded")

    members.refresh_from_db()
    assert (members.revision_id, members.anchoring_state) == (revision.pk, AnchoringState.MOVED)
    assert revision.body[members.position_start : members.position_end] == "31 members"
    date.refresh_from_db()
    assert revision.body[date.position_start : date.position_end] == "July 11"
    ships.refresh_from_db()
    # The quoted words were rewritten: never an exact match somewhere else.
    assert ships.anchoring_state in {AnchoringState.FUZZY, AnchoringState.ORPHANED}
    assert ships.needs_review


def test_sweep_recovers_a_lost_reanchor_message(celery_worker_process) -> None:
    article = make_article(body=BODY)
    claim = make_claim(article, "31 members")
    # The broker loses the message: nothing is enqueued on commit.
    with mock.patch.object(tasks.reanchor_article, "delay"):
        revision = services.article_revise(article=article, body="Today the alliance has 31 members.", actor=None)
    assert revision is not None
    time.sleep(1)
    claim.refresh_from_db()
    assert claim.revision_id != revision.pk, "nothing should have re-anchored the claim yet"

    with override_settings(FACTCHECK_REANCHOR_STALE_SECONDS=0):
        assert tasks.sweep_stale_anchoring() == [article.pk]

    def reanchored() -> bool:
        claim.refresh_from_db()
        return claim.revision_id == revision.pk

    wait_until(reanchored)
    assert revision.body[claim.position_start : claim.position_end] == "31 members"
