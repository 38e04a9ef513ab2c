"""Writing the audit trail: one entry per create, update or delete, called from the services that make them."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models

from accounts.models import User
from annotations.models import Article, AuditAction, AuditEntry, Claim, Source, VerdictVersion

Audited = Article | Claim | Source | VerdictVersion


def _plain(value: Any) -> Any:
    """A JSON-friendly form of a field value (ids for relations, ISO text for dates)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


def snapshot(obj: Audited, fields: list[str] | tuple[str, ...]) -> dict[str, Any]:
    return {field: _plain(getattr(obj, field)) for field in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {field: [before.get(field), value] for field, value in after.items() if before.get(field) != value}


def _scope(obj: Audited) -> tuple[str, int | None, int | None]:
    if isinstance(obj, Article):
        return "article", obj.pk, None
    if isinstance(obj, Claim):
        return "claim", obj.article_id, obj.pk
    if isinstance(obj, Source):
        return "source", None, obj.claim_id
    return "verdict", None, obj.verdict.claim_id


def audit_record(*, actor: User | None, action: AuditAction, obj: Audited, changes: dict[str, Any]) -> AuditEntry:
    """Record one change; call inside the service's transaction so the entry and the change commit together."""
    object_type, article_id, claim_id = _scope(obj)
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=obj.pk,
        article_id=article_id,
        claim_id=claim_id,
        changes=changes,
    )
