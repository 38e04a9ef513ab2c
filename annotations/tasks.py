"""Celery entry points: take ids, re-check state in a service, safe to run twice."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task(name="annotations.reanchor_article", soft_time_limit=120, time_limit=150)
def reanchor_article(article_id: int) -> dict[str, int] | None:
    """Re-anchor an article's claims onto its current revision."""
    from annotations import services

    summary = services.article_reanchor_claims(article_id=article_id)
    if summary is None:
        logger.info("article %s is gone; nothing to re-anchor", article_id)
        return None
    logger.info("article %s re-anchored onto r%s: %s", article_id, summary.revision_number, summary.counts)
    return summary.counts


@shared_task(name="annotations.sweep_stale_anchoring", soft_time_limit=50, time_limit=60)
def sweep_stale_anchoring() -> list[int]:
    """Re-enqueue re-anchoring left undone too long (a lost message or a dead worker)."""
    from annotations import queries

    cutoff = timezone.now() - timedelta(seconds=settings.FACTCHECK_REANCHOR_STALE_SECONDS)
    article_ids = queries.article_ids_with_stale_anchoring(older_than=cutoff)
    for article_id in article_ids:
        reanchor_article.delay(article_id)
    return article_ids
