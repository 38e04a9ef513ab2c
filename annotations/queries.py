"""Reads that are more than a lookup, with their joins applied."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Q, QuerySet

from accounts.models import User
from annotations.models import (
    PUBLIC_CLAIM_STATES,
    AnchoringState,
    Article,
    AuditEntry,
    Claim,
    ClaimState,
    Role,
    Source,
    VerdictVersion,
    WorkflowEvent,
)


def article_ids_with_stale_anchoring(*, older_than: datetime.datetime) -> list[int]:
    """Articles whose current revision is older than `older_than` but still has claims left on an earlier one."""
    return list(
        Claim.objects.exclude(revision_id=F("article__current_revision_id"))
        .exclude(anchoring_state=AnchoringState.ORPHANED)
        .filter(article__current_revision__created_at__lt=older_than)
        .values_list("article_id", flat=True)
        .distinct()
        .order_by("article_id")
    )


def articles_for_dashboard() -> QuerySet[Article]:
    """Articles with their current text, newest first."""
    return Article.objects.select_related("current_revision").order_by("-created_at", "-id")


def claims_of_article(*, article: Article) -> list[Claim]:
    """An article's claims in text order, with what the page shows of each."""
    return list(
        Claim.objects.filter(article=article)
        .select_related("assignee", "verdict__current_version__rating")
        .order_by("position_start", "position_end", "id")
    )


def claims_my_work(claims: QuerySet[Claim], *, user: User | AnonymousUser) -> QuerySet[Claim]:
    """Claims assigned to the user that are not public yet."""
    return claims.filter(assignee_id=user.pk).exclude(state__in=PUBLIC_CLAIM_STATES)


def claims_review_queue(claims: QuerySet[Claim], *, user: User | AnonymousUser) -> QuerySet[Claim]:
    """Claims waiting for review whose current verdict version someone else wrote."""
    return claims.filter(state=ClaimState.IN_REVIEW).exclude(verdict__current_version__author_id=user.pk)


def claim_outlines(*, article: Article) -> list[dict[str, Any]]:
    """What the annotator draws for every claim of the article: span, quote, state and rating, in one query.

    The annotator page carries these instead of whole claims, which would make a 2,000-claim page
    several times larger and slower to build; the claim panel loads a claim in full when it opens.
    """
    rows = (
        Claim.objects.filter(article=article)
        .order_by("position_start", "position_end", "id")
        .values_list(
            "id",
            "position_start",
            "position_end",
            "quote_exact",
            "state",
            "verdict__current_version__rating__slug",
            "revision_id",
            "anchoring_state",
        )
    )
    return [
        {
            "id": claim_id,
            "start": start,
            "end": end,
            "quote": quote,
            "state": state,
            "rating": rating,
            "orphaned": revision_id != article.current_revision_id or anchoring == AnchoringState.ORPHANED,
        }
        for claim_id, start, end, quote, state, rating, revision_id, anchoring in rows
    ]


def editorial_users() -> QuerySet[User]:
    """Active users who hold an editorial role (or are superusers): the people a claim can be assigned to."""
    roles = [role.value for role in Role]
    return (
        User.objects.filter(Q(groups__name__in=roles) | Q(is_superuser=True), is_active=True)
        .distinct()
        .order_by("username")
    )


def dashboard_context(*, user: User | AnonymousUser) -> dict[str, object]:
    """What the dashboard shows: articles, my open work, the review queue, and counts by state."""
    counts = dict(Claim.objects.values_list("state").annotate(n=Count("id")).order_by())
    return {
        "articles": list(articles_for_dashboard().annotate(claim_count=Count("claims"))[:50]),
        "my_work": list(claims_my_work(Claim.objects.select_related("article"), user=user)[:50]),
        "review_queue": list(claims_review_queue(Claim.objects.select_related("article"), user=user)[:50]),
        "state_counts": [(label, counts.get(value, 0)) for value, label in ClaimState.choices],
    }


def articles_for_api() -> QuerySet[Article]:
    """Articles with their current revision and claim counts, for lists and detail."""
    return Article.objects.select_related("current_revision").annotate(claim_count=Count("claims")).order_by("-id")


def claims_for_api() -> QuerySet[Claim]:
    """Claims with the revision number and current rating they are shown with, in a fixed number of queries."""
    return (
        Claim.objects.select_related("verdict__current_version__rating")
        .annotate(revision_number=F("revision__number"))
        .order_by("article_id", "position_start", "position_end", "id")
    )


def sources_for_api() -> QuerySet[Source]:
    return Source.objects.order_by("claim_id", "created_at", "id")


def claim_history(*, claim: Claim) -> dict[str, list[Any]]:
    """A claim's workflow events, verdict versions and audit trail (its own and its article's), oldest first."""
    return {
        "audit": list(
            AuditEntry.objects.filter(Q(claim_id=claim.pk) | Q(article_id=claim.article_id, object_type="article"))
            .select_related("actor")
            .order_by("created_at", "id")
        ),
        "events": list(WorkflowEvent.objects.filter(claim=claim).order_by("created_at", "id")),
        "verdict_versions": list(
            VerdictVersion.objects.filter(verdict__claim=claim).select_related("rating").order_by("number")
        ),
    }


def current_verdict_version(*, claim: Claim) -> VerdictVersion | None:
    return (
        VerdictVersion.objects.filter(verdict__claim=claim, verdict__current_version=F("pk"))
        .select_related("rating")
        .first()
    )


def claims_for_annotation_export(*, article: Article) -> list[Claim]:
    """Claims whose selectors point into the article's current text, in text order."""
    return list(
        Claim.objects.filter(article=article, revision_id=article.current_revision_id)
        .select_related("created_by")
        .order_by("position_start", "position_end", "id")
    )
