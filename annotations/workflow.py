"""The claim review state machine: every transition, who may take it, its preconditions and its audit event."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from annotations.errors import ApplicationError
from annotations.models import (
    PUBLIC_CLAIM_STATES,
    Claim,
    ClaimState,
    FetchState,
    Role,
    Source,
    VerdictVersion,
    WorkflowEvent,
)
from annotations.permissions import has_role, user_roles
from annotations.public_queries import PublicSite, forget_public_fingerprint
from webhooks.services import webhook_deliveries_enqueue

PUBLIC_STATES = PUBLIC_CLAIM_STATES
# A verdict may be written in these states; in a public state the new version is the draft
# of a correction and stays private until a second reviewer publishes it with `correct`.
VERDICT_WRITABLE_STATES = frozenset(
    {
        ClaimState.DRAFT,
        ClaimState.IN_REVIEW,
        ClaimState.CHANGES_REQUESTED,
        ClaimState.UNPUBLISHED,
        *PUBLIC_STATES,
    }
)


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[ClaimState]
    target: ClaimState
    role: Role
    comment_required: bool = False
    # Four-eyes: the actor may not be the author of the verdict's current version.
    not_by_author: bool = False
    needs_complete_verdict: bool = False
    needs_fetched_source: bool = False
    # The current verdict version goes public (its published_at is set).
    publishes_version: bool = False
    # The public webhook event this transition sends, if any.
    event: str = ""

    @property
    def verb(self) -> str:
        return self.action.replace("_", " ")


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "submit",
            frozenset({ClaimState.DRAFT, ClaimState.CHANGES_REQUESTED, ClaimState.UNPUBLISHED}),
            ClaimState.IN_REVIEW,
            Role.ANNOTATOR,
            needs_complete_verdict=True,
        ),
        Transition(
            "request_changes",
            frozenset({ClaimState.IN_REVIEW}),
            ClaimState.CHANGES_REQUESTED,
            Role.REVIEWER,
            comment_required=True,
        ),
        Transition(
            "approve",
            frozenset({ClaimState.IN_REVIEW}),
            ClaimState.APPROVED,
            Role.REVIEWER,
            not_by_author=True,
            needs_complete_verdict=True,
        ),
        Transition(
            "publish",
            frozenset({ClaimState.APPROVED}),
            ClaimState.PUBLISHED,
            Role.REVIEWER,
            not_by_author=True,
            needs_complete_verdict=True,
            needs_fetched_source=True,
            publishes_version=True,
            event="published",
        ),
        Transition(
            "correct",
            PUBLIC_STATES,
            ClaimState.CORRECTED,
            Role.REVIEWER,
            comment_required=True,
            not_by_author=True,
            needs_complete_verdict=True,
            needs_fetched_source=True,
            publishes_version=True,
            event="corrected",
        ),
        Transition(
            "unpublish",
            PUBLIC_STATES,
            ClaimState.UNPUBLISHED,
            Role.REVIEWER,
            comment_required=True,
            event="unpublished",
        ),
    )
}


def available_transitions(*, claim: Claim, user: User) -> list[Transition]:
    """Transitions the user's role and the claim's state allow (preconditions are checked when taken)."""
    held = set(user_roles(user))  # one query for the user's groups, whatever the number of transitions
    return [t for t in TRANSITIONS.values() if claim.state in t.sources and t.role.value in held]


def _current_verdict_version(claim: Claim) -> VerdictVersion | None:
    return (
        VerdictVersion.objects.select_related("rating")
        .filter(verdict__claim=claim, verdict__current_version=F("pk"))
        .first()
    )


def _check_preconditions(
    transition: Transition, claim: Claim, version: VerdictVersion | None, actor: User, comment: str
) -> None:
    verb = transition.verb
    if transition.comment_required and not comment.strip():
        what = {"correct": "a correction note", "unpublish": "a reason"}.get(transition.action, "a comment")
        raise ApplicationError(f"{what} is required to {verb}.", code="required", field="comment")
    if transition.needs_complete_verdict and (
        version is None or version.rating_id is None or not version.summary or not version.explanation
    ):
        raise ApplicationError(
            "the verdict needs a rating, a summary and an explanation first.", code="incomplete_verdict", status=409
        )
    if transition.action == "correct" and version is not None and version.published_at is not None:
        raise ApplicationError(
            "nothing to correct: write the corrected verdict as a new version first.",
            code="nothing_to_correct",
            status=409,
        )
    if transition.not_by_author and version is not None and version.author_id == actor.pk:
        raise ApplicationError(
            f"you wrote the current verdict version; another reviewer must {verb} it.", code="self_review", status=403
        )
    if (
        transition.needs_fetched_source
        and not Source.objects.filter(claim=claim, fetch_state=FetchState.FETCHED).exists()
    ):
        raise ApplicationError(
            f"cannot {verb} without at least one fetched source.", code="no_fetched_source", status=409
        )


@transaction.atomic
def claim_transition(*, claim: Claim, action: str, actor: User, comment: str = "") -> WorkflowEvent:
    """Take a workflow action on a claim, or refuse it with a reason and change nothing; writes one event.

    The claim row is locked first, so two reviewers acting at once are serialised and the
    second sees the state the first left.
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise ApplicationError(
            f"unknown action {action!r}; expected one of {', '.join(TRANSITIONS)}.", code="invalid", field="action"
        )
    if not has_role(actor, transition.role):
        raise ApplicationError(
            f"only a {transition.role.label.lower()} may {transition.verb}.", code="forbidden", status=403
        )
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if locked.state not in transition.sources:
        raise ApplicationError(
            f"cannot {transition.verb} a claim that is {locked.get_state_display().lower()}.",
            code="wrong_state",
            status=409,
        )
    version = _current_verdict_version(locked)
    _check_preconditions(transition, locked, version, actor, comment)
    if transition.publishes_version and version is not None:
        version.published_at = timezone.now()
        fields = ["published_at"]
        if transition.action == "correct":
            version.correction_note = comment.strip()
            fields.append("correction_note")
        version.save(update_fields=fields)
    event = WorkflowEvent.objects.create(
        claim=locked,
        actor=actor,
        from_state=locked.state,
        to_state=transition.target,
        action=action,
        comment=comment.strip(),
    )
    locked.state = transition.target
    locked.save(update_fields=["state", "updated_at"])
    claim.state = locked.state
    if transition.event:
        # What the public sees changed: drop the shared fingerprint once this commits.
        transaction.on_commit(forget_public_fingerprint)
        # In this transaction: the delivery rows commit (or roll back) with the transition.
        webhook_deliveries_enqueue(event=transition.event, claim=locked, payload=_event_payload(locked, version, event))
    return event


def _event_payload(claim: Claim, version: VerdictVersion | None, event: WorkflowEvent) -> dict[str, Any]:
    return {
        "state": claim.state,
        "version": version.number if version else None,
        "rating": version.rating.slug if version and version.rating else None,
        "summary": version.summary if version else "",
        "comment": event.comment,
        "public_url": PublicSite.from_settings().page_url(claim.pk),
        "occurred_at": event.created_at,
    }
