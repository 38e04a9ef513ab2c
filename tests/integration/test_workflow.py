"""The review workflow: every transition by every role from every state, four-eyes, corrections, races."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from rest_framework.test import APIClient

from annotations import services, workflow
from annotations.errors import ApplicationError
from annotations.models import Claim, ClaimState, Rating, Role, Source, VerdictVersion, WorkflowEvent
from tests.factories import make_article, make_claim, make_fetched_source, make_user

ROLES = ["no_role", "annotator", "reviewer", "admin"]
RANK = {"no_role": 0, "annotator": 1, "reviewer": 2, "admin": 3}


def _write(claim: Claim, author: Any, expected: int | None, summary: str = "Yes.") -> VerdictVersion:
    return services.verdict_write(
        claim=claim,
        author=author,
        rating=Rating.objects.get(slug="true"),
        summary=summary,
        explanation="The treaty lists 31.",
        expected_version=expected,
    )


def _claim_in(state: ClaimState, author: Any, *, fetched_source: bool = True) -> Claim:
    """A claim in `state` with a complete verdict by `author`; public ones carry a correction draft."""
    claim = make_claim(make_article(), "31 members")
    if fetched_source:
        make_fetched_source(claim)
    first = _write(claim, author, None)
    if state in workflow.PUBLIC_STATES or state == ClaimState.UNPUBLISHED:
        VerdictVersion.objects.filter(pk=first.pk).update(published_at=first.created_at)
    if state in workflow.PUBLIC_STATES:
        _write(claim, author, 1, summary="Corrected.")
    Claim.objects.filter(pk=claim.pk).update(state=state)
    claim.refresh_from_db()
    return claim


def _expected(action: str, state: ClaimState, role: str) -> int:
    transition = workflow.TRANSITIONS[action]
    if RANK[role] < RANK[transition.role.value]:
        return 403
    if state not in transition.sources:
        return 409
    return 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(ClaimState))
@pytest.mark.parametrize("action", list(workflow.TRANSITIONS))
def test_every_transition_by_every_role_from_every_state(action: str, state: ClaimState, role: str) -> None:
    author = make_user(Role.ANNOTATOR)
    claim = _claim_in(state, author)
    actor = make_user(None if role == "no_role" else Role(role))
    client = APIClient()
    client.force_authenticate(actor)
    events_before = WorkflowEvent.objects.count()
    versions_before = list(VerdictVersion.objects.values_list("pk", "published_at", "correction_note"))

    response = client.post(
        f"/api/v1/claims/{claim.pk}/transitions/", {"action": action, "comment": "Because."}, format="json"
    )

    expected = _expected(action, state, role)
    if role == "no_role":
        expected = 403  # no editorial role at all: refused at the door
    assert response.status_code == expected, response.json()
    claim.refresh_from_db()
    if expected == 200:
        target = workflow.TRANSITIONS[action].target
        assert response.json()["state"] == target and claim.state == target
        (event,) = WorkflowEvent.objects.filter(claim=claim)
        assert (event.from_state, event.to_state, event.actor_id, event.comment) == (
            state,
            target,
            actor.pk,
            "Because.",
        )
    else:
        assert claim.state == state, "a refused transition changes nothing"
        assert WorkflowEvent.objects.count() == events_before
        assert list(VerdictVersion.objects.values_list("pk", "published_at", "correction_note")) == versions_before
        body = response.json()
        assert body.get("detail"), body


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(ClaimState))
def test_the_offered_actions_are_exactly_those_the_role_and_state_allow(state: ClaimState, role: str) -> None:
    claim = _claim_in(state, make_user(Role.ANNOTATOR))
    client = APIClient()
    client.force_authenticate(make_user(None if role == "no_role" else Role(role)))

    response = client.get(f"/api/v1/claims/{claim.pk}/transitions/")

    if role == "no_role":
        assert response.status_code == 403
        return
    offered = {t["action"]: t for t in response.json()}
    assert set(offered) == {action for action in workflow.TRANSITIONS if _expected(action, state, role) == 200}
    for action, transition in offered.items():
        assert transition["comment_required"] == workflow.TRANSITIONS[action].comment_required
        assert transition["verb"] == action.replace("_", " ")


@pytest.mark.django_db
def test_the_full_path_with_four_eyes_and_a_correction_reaches_the_public() -> None:
    annotator, reviewer, second = make_user(Role.ANNOTATOR), make_user(Role.REVIEWER), make_user(Role.REVIEWER)
    claim = make_claim(make_article(), "31 members", claim_text="NATO has 31 members.")
    _write(claim, annotator, None)

    workflow.claim_transition(claim=claim, action="submit", actor=annotator)
    workflow.claim_transition(claim=claim, action="request_changes", actor=reviewer, comment="Add the source.")
    workflow.claim_transition(claim=claim, action="submit", actor=annotator)
    workflow.claim_transition(claim=claim, action="approve", actor=reviewer)
    with pytest.raises(ApplicationError) as refused:
        workflow.claim_transition(claim=claim, action="publish", actor=reviewer)
    assert refused.value.code == "no_fetched_source"
    make_fetched_source(claim)
    workflow.claim_transition(claim=claim, action="publish", actor=reviewer)

    public = APIClient()
    assert public.get(f"/api/v1/public/fact-checks/{claim.pk}/").json()["verdict"]["summary"] == "Yes."

    # A correction: written as a new version (private until published), published by another reviewer.
    with pytest.raises(ApplicationError) as nothing:
        workflow.claim_transition(claim=claim, action="correct", actor=second, comment="Fixed.")
    assert nothing.value.code == "nothing_to_correct"
    _write(claim, reviewer, 1, summary="Yes, 31 then; 32 since Sweden joined.")
    assert public.get(f"/api/v1/public/fact-checks/{claim.pk}/").json()["verdict"]["summary"] == "Yes."
    with pytest.raises(ApplicationError) as own:
        workflow.claim_transition(claim=claim, action="correct", actor=reviewer, comment="Fixed.")
    assert own.value.code == "self_review"
    workflow.claim_transition(claim=claim, action="correct", actor=second, comment="Sweden joined in 2024.")

    item = public.get(f"/api/v1/public/fact-checks/{claim.pk}/").json()
    assert item["verdict"]["summary"] == "Yes, 31 then; 32 since Sweden joined."
    assert item["verdict"]["correction_note"] == "Sweden joined in 2024."
    assert [v["version"] for v in item["versions"]] == [1]
    review = public.get(f"/api/v1/public/fact-checks/{claim.pk}/claim-review/").json()
    assert review["dateModified"] >= review["datePublished"]
    assert [c["text"] for c in review["correction"]] == ["Sweden joined in 2024."]
    history = [e.action for e in WorkflowEvent.objects.filter(claim=claim)]
    assert history == ["submit", "request_changes", "submit", "approve", "publish", "correct"]

    workflow.claim_transition(claim=claim, action="unpublish", actor=second, comment="Legal review.")
    assert public.get(f"/api/v1/public/fact-checks/{claim.pk}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "comment", "code"),
    [("request_changes", "", "required"), ("unpublish", " ", "required"), ("correct", "", "required")],
)
def test_comments_are_required_where_they_explain_the_step(action: str, comment: str, code: str) -> None:
    state = ClaimState.IN_REVIEW if action == "request_changes" else ClaimState.PUBLISHED
    claim = _claim_in(state, make_user(Role.ANNOTATOR))
    with pytest.raises(ApplicationError) as refused:
        workflow.claim_transition(claim=claim, action=action, actor=make_user(Role.REVIEWER), comment=comment)
    assert (refused.value.code, refused.value.field) == (code, "comment")


@pytest.mark.django_db
def test_self_approval_and_incomplete_verdicts_are_refused() -> None:
    reviewer = make_user(Role.REVIEWER)
    claim = _claim_in(ClaimState.IN_REVIEW, reviewer)
    with pytest.raises(ApplicationError) as own:
        workflow.claim_transition(claim=claim, action="approve", actor=reviewer)
    assert (own.value.code, own.value.status) == ("self_review", 403)

    bare = make_claim(make_article(), "31 members")
    with pytest.raises(ApplicationError) as incomplete:
        workflow.claim_transition(claim=bare, action="submit", actor=reviewer)
    assert incomplete.value.code == "incomplete_verdict"


@pytest.mark.django_db
def test_stale_verdict_version_is_refused_and_approved_verdicts_are_frozen() -> None:
    annotator = make_user(Role.ANNOTATOR)
    claim = _claim_in(ClaimState.DRAFT, annotator)
    with pytest.raises(ApplicationError) as stale:
        _write(claim, annotator, None)
    assert (stale.value.code, stale.value.status) == ("stale_version", 412)
    assert _write(claim, annotator, 1).number == 2
    Claim.objects.filter(pk=claim.pk).update(state=ClaimState.APPROVED)
    with pytest.raises(ApplicationError) as frozen:
        _write(claim, annotator, 2)
    assert frozen.value.status == 409


def test_transitions_need_a_login() -> None:
    assert APIClient().post("/api/v1/claims/1/transitions/", {"action": "submit"}, format="json").status_code == 401
    assert APIClient().get("/api/v1/claims/1/transitions/").status_code == 401


# --- Races on real PostgreSQL connections --------------------------------------------------------


def _race(work: Callable[[], Any], threads: int = 2) -> list[Any]:
    """Run `work` in several threads released at once; each has its own database connection."""
    barrier = threading.Barrier(threads)
    results: list[Any] = []

    def run() -> None:
        barrier.wait()
        try:
            results.append(work())
        except ApplicationError as error:
            results.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    return results


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_editors_saving_the_same_version_one_wins_the_other_gets_412() -> None:
    annotator = make_user(Role.ANNOTATOR)
    claim = _claim_in(ClaimState.DRAFT, annotator)
    results = _race(lambda: _write(claim, annotator, 1, summary="Mine."))
    saved = [r for r in results if isinstance(r, VerdictVersion)]
    refused = [r for r in results if isinstance(r, ApplicationError)]
    assert len(saved) == 1 and len(refused) == 1
    assert (refused[0].code, refused[0].status) == ("stale_version", 412)
    assert VerdictVersion.objects.filter(verdict__claim=claim).count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_reviewers_publishing_at_once_make_one_publish_event() -> None:
    claim = _claim_in(ClaimState.APPROVED, make_user(Role.ANNOTATOR))
    reviewers = iter([make_user(Role.REVIEWER), make_user(Role.REVIEWER)])
    lock = threading.Lock()

    def publish() -> WorkflowEvent:
        with lock:
            reviewer = next(reviewers)
        return workflow.claim_transition(claim=Claim.objects.get(pk=claim.pk), action="publish", actor=reviewer)

    results = _race(publish)
    assert sum(isinstance(r, WorkflowEvent) for r in results) == 1
    refused = [r for r in results if isinstance(r, ApplicationError)]
    assert [r.code for r in refused] == ["wrong_state"]
    assert WorkflowEvent.objects.filter(claim=claim, action="publish").count() == 1
    assert Source.objects.filter(claim=claim).count() == 1


@pytest.mark.django_db
def test_corrections_log_lists_corrections_and_unpublications_publicly() -> None:
    annotator, reviewer, second = make_user(Role.ANNOTATOR), make_user(Role.REVIEWER), make_user(Role.REVIEWER)
    corrected = _claim_in(ClaimState.PUBLISHED, annotator)
    workflow.claim_transition(claim=corrected, action="correct", actor=reviewer, comment="<b>Sweden</b> joined.")
    withdrawn = _claim_in(ClaimState.PUBLISHED, annotator)
    workflow.claim_transition(claim=withdrawn, action="unpublish", actor=second, comment="Legal review.")
    still_public = _claim_in(ClaimState.PUBLISHED, annotator)  # no correction: not in the log
    assert still_public.state == ClaimState.PUBLISHED

    public = APIClient()
    log = public.get("/api/v1/public/corrections/")
    assert log.status_code == 200
    entries = log.json()["results"]
    assert [(e["kind"], e["claim_id"], e["note"]) for e in entries] == [
        ("unpublication", withdrawn.pk, "Legal review."),
        ("correction", corrected.pk, "<b>Sweden</b> joined."),
    ]
    assert entries[0]["fact_check_url"] is None
    assert entries[1]["fact_check_url"].endswith(f"/fact-checks/{corrected.pk}/")
    assert public.get("/api/v1/public/corrections/", HTTP_IF_NONE_MATCH=log["ETag"]).status_code == 304

    page = public.get("/corrections/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "&lt;b&gt;Sweden&lt;/b&gt; joined." in html and "<b>Sweden</b>" not in html
    assert "Legal review." in html and f'href="http://testserver/fact-checks/{withdrawn.pk}/"' not in html


@pytest.mark.django_db
def test_the_shared_freshness_fingerprint_is_dropped_when_something_is_published(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.cache import cache
    from django.test.utils import CaptureQueriesContext

    settings.FACTCHECK_PUBLIC_FRESHNESS_SECONDS = 60
    cache.delete("public-fingerprint")
    public = APIClient()
    first = public.get("/api/v1/public/fact-checks/")
    with CaptureQueriesContext(connection) as queries:
        again = public.get("/api/v1/public/fact-checks/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and len(queries) == 0, "within the freshness window: no database work"

    claim = _claim_in(ClaimState.APPROVED, make_user(Role.ANNOTATOR))
    with django_capture_on_commit_callbacks(execute=True):
        workflow.claim_transition(claim=claim, action="publish", actor=make_user(Role.REVIEWER))
    after = public.get("/api/v1/public/fact-checks/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and [item["id"] for item in after.json()["results"]] == [claim.pk]


@pytest.mark.django_db
def test_a_rendered_public_page_is_served_again_from_the_cache_until_the_data_changes() -> None:
    from django.test.utils import CaptureQueriesContext

    claim = _claim_in(ClaimState.PUBLISHED, make_user(Role.ANNOTATOR))
    public = APIClient()
    first = public.get("/api/v1/public/fact-checks/?page_size=5")
    with CaptureQueriesContext(connection) as queries:
        again = public.get("/api/v1/public/fact-checks/?page_size=5")
    assert again.content == first.content and len(queries) == 1, "only the freshness fingerprint"
    workflow.claim_transition(claim=claim, action="unpublish", actor=make_user(Role.REVIEWER), comment="Withdrawn.")
    assert public.get("/api/v1/public/fact-checks/?page_size=5").json()["results"] == []
