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


# --- Fetching (downloads on the `fetch` queue, CPU work on `default`) ---------------------------


@shared_task(name="fetch.source", soft_time_limit=60, time_limit=90)
def fetch_source(source_id: int, generation: int) -> None:
    """Download a source's url (I/O queue); extraction follows on the default queue."""
    from annotations import fetching

    fetching.source_fetch_step(source_id=source_id, generation=generation)


@shared_task(name="annotations.extract_source", soft_time_limit=60, time_limit=90)
def extract_source(source_id: int, generation: int) -> None:
    """Extract a fetched source's text and rank its passages against the claim."""
    from annotations import fetching

    fetching.source_extract_step(source_id=source_id, generation=generation)


@shared_task(name="fetch.import_article", soft_time_limit=60, time_limit=90)
def import_article(import_id: int) -> None:
    """Download a page to import as an article."""
    from annotations import fetching

    fetching.article_import_step(import_id=import_id)


@shared_task(name="annotations.extract_article_import", soft_time_limit=60, time_limit=90)
def extract_article_import(import_id: int) -> None:
    """Create an article from a downloaded page."""
    from annotations import fetching

    fetching.article_import_extract_step(import_id=import_id)


@shared_task(name="fetch.check_link", soft_time_limit=60, time_limit=90)
def check_link(source_id: int) -> None:
    """Fetch a published source again to flag a dead link or changed content."""
    from annotations import fetching

    fetching.source_check_link(source_id=source_id)


@shared_task(name="annotations.sweep_stale_fetches", soft_time_limit=50, time_limit=60)
def sweep_stale_fetches() -> list[int]:
    """Re-enqueue fetches and imports left pending or fetching too long (lost message, dead worker)."""
    from annotations import fetching

    return fetching.sweep_overdue_fetches()


@shared_task(name="annotations.schedule_link_checks", soft_time_limit=50, time_limit=60)
def schedule_link_checks() -> int:
    """Enqueue a link check for every published source not checked lately."""
    from annotations import fetching

    ids = list(fetching.sources_due_for_link_check().values_list("pk", flat=True)[:1000])
    for source_id in ids:
        check_link.delay(source_id)
    return len(ids)
