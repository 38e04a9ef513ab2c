"""The review workflow's core rules: roles, states, four-eyes approval, one event per transition."""

from __future__ import annotations

import pytest

from annotations import services, workflow
from annotations.errors import ApplicationError
from annotations.models import ClaimState, Rating, Role, WorkflowEvent
from tests.factories import make_article, make_claim, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people() -> dict[str, object]:
    return {
        "annotator": make_user(Role.ANNOTATOR),
        "reviewer": make_user(Role.REVIEWER),
        "other_reviewer": make_user(Role.REVIEWER),
        "nobody": make_user(None),
    }


def _claim_with_verdict(author: object):
    claim = make_claim(make_article(), "31 members")
    services.verdict_write(
        claim=claim,
        author=author,  # type: ignore[arg-type]
        rating=Rating.objects.get(slug="true"),
        summary="Yes.",
        explanation="The treaty lists 31.",
        expected_version=None,
    )
    return claim


def test_submit_approve_publish_by_the_right_people(people) -> None:
    claim = _claim_with_verdict(people["annotator"])
    workflow.claim_transition(claim=claim, action="submit", actor=people["annotator"])
    workflow.claim_transition(claim=claim, action="approve", actor=people["reviewer"])
    workflow.claim_transition(claim=claim, action="publish", actor=people["reviewer"])
    assert claim.state == ClaimState.PUBLISHED
    assert list(WorkflowEvent.objects.filter(claim=claim).values_list("from_state", "to_state")) == [
        ("draft", "in_review"),
        ("in_review", "approved"),
        ("approved", "published"),
    ]
    assert claim.verdict.current_version.published_at is not None


@pytest.mark.parametrize(
    ("actor", "action", "code"),
    [
        ("nobody", "submit", "forbidden"),
        ("annotator", "approve", "forbidden"),
        ("reviewer", "approve", "self_review"),
        ("other_reviewer", "request_changes", "required"),
        ("other_reviewer", "publish", "wrong_state"),
        ("other_reviewer", "fly", "invalid"),
    ],
)
def test_refused_transitions_change_nothing(people, actor: str, action: str, code: str) -> None:
    claim = _claim_with_verdict(people["reviewer"])
    workflow.claim_transition(claim=claim, action="submit", actor=people["reviewer"])
    events_before = WorkflowEvent.objects.count()
    with pytest.raises(ApplicationError) as caught:
        workflow.claim_transition(claim=claim, action=action, actor=people[actor])
    assert caught.value.code == code
    claim.refresh_from_db()
    assert claim.state == ClaimState.IN_REVIEW
    assert WorkflowEvent.objects.count() == events_before


def test_stale_verdict_version_is_refused(people) -> None:
    claim = _claim_with_verdict(people["annotator"])
    with pytest.raises(ApplicationError) as caught:
        services.verdict_write(
            claim=claim, author=people["reviewer"], rating=None, summary="x", explanation="y", expected_version=None
        )
    assert (caught.value.code, caught.value.status) == ("stale_version", 412)
    version = services.verdict_write(
        claim=claim, author=people["reviewer"], rating=None, summary="x", explanation="y", expected_version=1
    )
    assert version.number == 2
