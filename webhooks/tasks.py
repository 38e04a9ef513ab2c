"""Celery entry points for webhooks: take ids, call a service, safe to run twice or concurrently."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)

# The HTTP exchange is bounded by WEBHOOK_TIMEOUT_SECONDS; these limits catch what it cannot
# (a DNS lookup that hangs). services.ATTEMPT_LEASE_SECONDS must stay above the hard limit.
DELIVER_SOFT_TIME_LIMIT = 60
DELIVER_TIME_LIMIT = 75


@shared_task(
    name="webhooks.deliver", soft_time_limit=DELIVER_SOFT_TIME_LIMIT, time_limit=DELIVER_TIME_LIMIT, ignore_result=True
)
def deliver(delivery_id: int) -> str:
    """Make the next attempt of a webhook delivery if it is due; a no-op if it is done or under way."""
    from webhooks import services

    outcome = services.webhook_delivery_send(delivery_id=delivery_id)
    logger.info("webhook delivery %s: %s", delivery_id, outcome)
    return outcome


@shared_task(name="webhooks.sweep", soft_time_limit=50, time_limit=60, ignore_result=True)
def sweep() -> list[int]:
    """Re-enqueue deliveries overdue by WEBHOOK_SWEEP_AFTER_SECONDS (a lost message or a dead worker)."""
    from webhooks import services

    cutoff = timezone.now() - timedelta(seconds=settings.WEBHOOK_SWEEP_AFTER_SECONDS)
    delivery_ids = services.webhook_deliveries_sweep(older_than=cutoff)
    for delivery_id in delivery_ids:
        deliver.delay(delivery_id)
    if delivery_ids:
        logger.info("webhook sweep re-enqueued %s deliveries: %s", len(delivery_ids), delivery_ids)
    return delivery_ids
