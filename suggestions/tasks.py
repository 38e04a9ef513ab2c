"""Celery entry points of suggestions: take ids, re-check state in a service, safe to run twice."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task(name="suggestions.detect_article", soft_time_limit=60, time_limit=90)
def detect_article(article_id: int) -> int | None:
    """Propose check-worthy spans of an article's current revision (default queue: CPU work)."""
    from suggestions import services

    summary = services.suggestions_detect(article_id=article_id)
    if summary is None:
        logger.info("article %s is gone; nothing to suggest", article_id)
        return None
    if summary.superseded:
        logger.info(
            "article %s was edited while detecting r%s; its new revision is queued", article_id, summary.revision_number
        )
        return None
    logger.info("article %s r%s: %s open suggestions", article_id, summary.revision_number, summary.open_count)
    return summary.open_count


@shared_task(name="suggestions.match_claim", soft_time_limit=60, time_limit=90)
def match_claim(claim_id: int) -> int | None:
    """Find earlier claims and published fact-checks that say what the claim says."""
    from suggestions import services

    count = services.claim_matches_refresh(claim_id=claim_id)
    logger.info("claim %s: %s matches", claim_id, "gone or edited meanwhile; no" if count is None else count)
    return count


@shared_task(name="suggestions.sweep", soft_time_limit=50, time_limit=60)
def sweep() -> dict[str, list[int]]:
    """Re-enqueue detection and matching left undone too long (a lost message or a dead worker)."""
    from suggestions import queries

    cutoff = timezone.now() - timedelta(seconds=settings.FACTCHECK_SUGGESTIONS_STALE_SECONDS)
    article_ids = queries.article_ids_without_detection(older_than=cutoff)
    claim_ids = queries.claim_ids_without_matching(older_than=cutoff)
    for article_id in article_ids:
        detect_article.delay(article_id)
    for claim_id in claim_ids:
        match_claim.delay(claim_id)
    return {"articles": article_ids, "claims": claim_ids}
