"""Celery entry points for reference discovery: take ids, call a service, safe to run twice."""

from __future__ import annotations

import logging

from celery import shared_task

logger = logging.getLogger(__name__)

# Each provider bounds its own request (DISCOVERY_*_TIMEOUT_SECONDS, at most a few waits for the
# rate limit); these limits catch what those cannot. The sweep's lease must exceed the hard one.
SEARCH_SOFT_TIME_LIMIT = 45
SEARCH_TIME_LIMIT = 60


@shared_task(name="fetch.discover_references", soft_time_limit=SEARCH_SOFT_TIME_LIMIT, time_limit=SEARCH_TIME_LIMIT)
def discover_references(search_id: int, generation: int) -> None:
    """Run one provider's search for one claim and store what it found (I/O queue)."""
    from discovery import searching

    searching.reference_search_step(search_id=search_id, generation=generation)


@shared_task(name="discovery.sweep_stale_searches", soft_time_limit=50, time_limit=60)
def sweep_stale_searches() -> list[int]:
    """Re-enqueue searches left waiting or running too long (a lost message or a dead worker)."""
    from discovery import searching

    search_ids = searching.reference_searches_sweep()
    if search_ids:
        logger.info("reference search sweep re-enqueued %s searches: %s", len(search_ids), search_ids)
    return search_ids
