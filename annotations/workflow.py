"""The claim review state machine: every transition, who may take it, and its audit event."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from annotations.errors import ApplicationError
from annotations.models import Claim, ClaimState, Role, Verdict, VerdictVersion, WorkflowEvent
from annotations.permissions import has_role

# States in which the verdict may still be written; later ones change only by transition.
EDITABLE_STATES = frozenset({ClaimState.DRAFT, ClaimState.IN_REVIEW, ClaimState.CHANGES_REQUESTED})
PUBLIC_STATES = frozenset({ClaimState.PUBLISHED, ClaimState.CORRECTED})


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


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "submit",
            frozenset({ClaimState.DRAFT, ClaimState.CHANGES_REQUESTED}),
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
        ),
        Transition(
            "unpublish",
            PUBLIC_STATES,
            ClaimState.UNPUBLISHED,
            Role.REVIEWER,
            comment_required=True,
        ),
    )
}


def _current_verdict_version(claim: Claim) -> VerdictVersion | None:
    verdict = Verdict.objects.select_related("current_version").filter(claim=claim).first()
    return verdict.current_version if verdict is not None else None


@transaction.atomic
def claim_transition(*, claim: Claim, action: str, actor: User, comment: str = "") -> WorkflowEvent:
    """Take a workflow action on a claim, or refuse it with a reason; writes one event."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise ApplicationError(
            f"unknown action {action!r}; expected one of {', '.join(TRANSITIONS)}.", code="invalid", field="action"
        )
    if not has_role(actor, transition.role):
        raise ApplicationError(
            f"only a {transition.role.label.lower()} may {action.replace('_', ' ')}.", code="forbidden", status=403
        )
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if locked.state not in transition.sources:
        raise ApplicationError(
            f"cannot {action.replace('_', ' ')} a claim that is {locked.get_state_display().lower()}.",
            code="wrong_state",
            status=409,
        )
    if transition.comment_required and not comment.strip():
        raise ApplicationError(
            f"a comment is required to {action.replace('_', ' ')}.", code="required", field="comment"
        )
    version = _current_verdict_version(locked)
    if transition.needs_complete_verdict and (
        version is None or version.rating_id is None or not version.summary or not version.explanation
    ):
        raise ApplicationError(
            "the verdict needs a rating, a summary and an explanation first.", code="incomplete_verdict", status=409
        )
    if transition.not_by_author and version is not None and version.author_id == actor.pk:
        raise ApplicationError(
            f"you wrote the current verdict version; another reviewer must {action.replace('_', ' ')} it.",
            code="self_review",
            status=403,
        )
    if transition.target == ClaimState.PUBLISHED and version is not None:
        version.published_at = timezone.now()
        version.save(update_fields=["published_at"])
    event = WorkflowEvent.objects.create(
        claim=locked, actor=actor, from_state=locked.state, to_state=transition.target, action=action, comment=comment
    )
    locked.state = transition.target
    locked.save(update_fields=["state", "updated_at"])
    claim.state = locked.state
    return event
