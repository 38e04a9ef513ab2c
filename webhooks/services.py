"""Every write for webhooks: endpoints, the delivery outbox, attempts and their retries.

A delivery is a row written in the transaction of the change it reports, so it commits or rolls
back with that change and is never lost; the task that sends it is enqueued on commit, and the
sweep re-enqueues any open delivery whose message was lost or whose worker died. Delivery is
at least once: receivers deduplicate on the X-Factcheck-Delivery header.

States: pending (waiting until next_attempt_at) -> delivering (an attempt under way, leased
until next_attempt_at) -> delivered | pending (a transient failure: retried with backoff) |
failed (a permanent failure, or the last of max_attempts).
"""

from __future__ import annotations

import datetime
import json
import random
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from annotations import safe_http
from annotations.errors import ApplicationError
from annotations.models import Claim
from webhooks import tasks
from webhooks.models import (
    FINISHED_STATES,
    OPEN_STATES,
    DeliveryState,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
    generate_secret,
)
from webhooks.signing import (
    ATTEMPT_HEADER,
    DELIVERY_HEADER,
    EVENT_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    build_signature,
)

# An attempt under way longer than this is presumed lost (its worker died); it must exceed the
# deliver task's hard time limit so that a live attempt is never taken over.
ATTEMPT_LEASE_SECONDS = tasks.DELIVER_TIME_LIMIT + 45
# A retry message may arrive a little before next_attempt_at (clocks of worker hosts differ).
DUE_SLACK = datetime.timedelta(seconds=1)
MAX_RETRY_DELAY_SECONDS = 3600.0
CONNECT_TIMEOUT_SECONDS = 5.0
# Only the status matters; a receiver's long answer is cut, not an error.
RESPONSE_BYTES_KEPT = 64 * 1024
LOST_ATTEMPT = "no result: the worker stopped during the attempt"
MAX_URL_LENGTH = 2000


# --- Endpoints ----------------------------------------------------------------------------


@transaction.atomic
def webhook_endpoint_create(
    *,
    url: str,
    events: Sequence[str],
    description: str = "",
    secret: str = "",
    is_active: bool = True,
) -> WebhookEndpoint:
    """Register a receiver; its url must pass the fetch safety check, and a blank secret is generated."""
    unknown = sorted(set(events) - set(WebhookEvent.values))
    if unknown:
        raise ApplicationError(
            f"unknown events: {', '.join(unknown)}; expected some of {', '.join(WebhookEvent.values)}.",
            code="invalid",
            field="events",
        )
    if len(url) > MAX_URL_LENGTH:
        raise ApplicationError(f"the url is longer than {MAX_URL_LENGTH} characters.", code="invalid", field="url")
    try:
        safe_http.check_url(url)
    except safe_http.FetchError as error:
        raise ApplicationError(f"{error.message}.", code="unsafe_url", field="url") from error
    return WebhookEndpoint.objects.create(
        url=url,
        events=list(dict.fromkeys(events)),
        description=description,
        secret=secret or generate_secret(),
        is_active=is_active,
    )


# --- The outbox ---------------------------------------------------------------------------


def webhook_deliveries_enqueue(*, event: str, claim: Claim, payload: Mapping[str, Any]) -> list[WebhookDelivery]:
    """Write one delivery per active endpoint subscribed to `event`; each is sent after commit.

    Call it inside the transaction that records the change, so that the deliveries commit or
    roll back with it. `payload` is the event document (JSON-serialisable; datetimes become ISO
    8601); "event" and "claim_id" are set from the arguments, and the body sent adds
    "delivery_id" and "endpoint_id".
    """
    assert event in WebhookEvent.values, f"unknown webhook event {event!r}; use one of {WebhookEvent.values}."
    assert transaction.get_connection().in_atomic_block, (
        "call webhook_deliveries_enqueue inside the transaction that records the transition, "
        "so that its deliveries commit or roll back with it."
    )
    # `events` is a JSON list; filtering in Python keeps this portable to SQLite (no JSON
    # containment lookup there), and endpoints are few.
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(is_active=True).order_by("pk")
        if isinstance(endpoint.events, list) and event in endpoint.events
    ]
    if not endpoints:
        return []
    document = {**payload, "event": event, "claim_id": claim.pk}
    now = timezone.now()
    deliveries = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                endpoint=endpoint,
                claim=claim,
                event=event,
                payload=document,
                max_attempts=settings.WEBHOOK_MAX_ATTEMPTS,
                next_attempt_at=now,
            )
            for endpoint in endpoints
        ]
    )
    for delivery in deliveries:
        # robust: a broker that is down must not fail the committed change; the sweep sends it.
        transaction.on_commit(partial(tasks.deliver.delay, delivery.pk), robust=True)
    return deliveries


@transaction.atomic
def webhook_delivery_retry(*, delivery_id: int) -> bool:
    """Make a failed or waiting delivery due now, a failed one with a fresh allowance of attempts.

    Returns False (and changes nothing) for a delivery that is delivered, under way or gone.
    """
    delivery = WebhookDelivery.objects.select_for_update().filter(pk=delivery_id).first()
    if delivery is None or delivery.state not in {DeliveryState.FAILED, DeliveryState.PENDING}:
        return False
    if delivery.state == DeliveryState.FAILED:
        delivery.max_attempts = delivery.attempts + settings.WEBHOOK_MAX_ATTEMPTS
    delivery.state = DeliveryState.PENDING
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["state", "next_attempt_at", "max_attempts"])
    transaction.on_commit(partial(tasks.deliver.delay, delivery.pk), robust=True)
    return True


@transaction.atomic
def webhook_deliveries_sweep(*, older_than: datetime.datetime, limit: int = 500) -> list[int]:
    """Open deliveries due (or leased) since before `older_than`: mark them due now and return their ids.

    Marking them keeps the next sweep from sending the same ones again before they had a chance.
    """
    delivery_ids = list(
        WebhookDelivery.objects.select_for_update(skip_locked=True)
        .filter(state__in=OPEN_STATES, next_attempt_at__lt=older_than)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    if delivery_ids:
        WebhookDelivery.objects.filter(pk__in=delivery_ids).update(next_attempt_at=timezone.now())
    return delivery_ids


# --- Sending ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Attempt:
    delivery_id: int
    endpoint_id: int
    number: int
    url: str
    secret: str
    event: str
    body: bytes


@dataclass(frozen=True)
class _Result:
    status_code: int | None
    error: str  # empty: delivered
    transient: bool = False
    retry_after: float | None = None


def webhook_delivery_send(*, delivery_id: int) -> str:
    """Make the next attempt of a delivery if it is due and no other worker is making it; say what happened.

    Safe to run any number of times, also at once: the attempt is claimed under a row lock (a
    second worker skips the locked row, then finds it delivering and leased), and its result is
    recorded only by the worker that claimed it.
    """
    attempt = _attempt_claim(delivery_id=delivery_id)
    if isinstance(attempt, str):
        return attempt
    started = time.monotonic()
    result = _post(attempt)
    duration_ms = round((time.monotonic() - started) * 1000)
    return _attempt_record(attempt, result, duration_ms=duration_ms)


def retry_delay(*, attempt: int, base_seconds: float, retry_after: float | None = None) -> float:
    """Seconds to wait after failed attempt number `attempt`: doubling from the base, half of it jitter, capped.

    A receiver's Retry-After wins when it asks for longer (up to the cap).
    """
    step = min(MAX_RETRY_DELAY_SECONDS, base_seconds * 2.0 ** min(attempt - 1, 30))
    # "Equal jitter": retries of many deliveries spread out instead of arriving together.
    delay = step / 2 + random.uniform(0, step / 2)  # noqa: S311 - jitter, not a secret
    if retry_after is not None:
        delay = max(delay, min(retry_after, MAX_RETRY_DELAY_SECONDS))
    return delay


@transaction.atomic
def _attempt_claim(*, delivery_id: int) -> _Attempt | str:
    now = timezone.now()
    delivery = (
        WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("endpoint")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None:
        return "skipped: the delivery is gone or another worker holds it"
    if delivery.state in FINISHED_STATES:
        return f"skipped: already {delivery.state}"
    assert delivery.next_attempt_at is not None, "an open delivery always has next_attempt_at (a constraint)"
    if delivery.next_attempt_at > now + DUE_SLACK:
        if delivery.state == DeliveryState.DELIVERING:
            return "skipped: an attempt is under way"
        return f"skipped: not due until {delivery.next_attempt_at.isoformat()}"
    if delivery.state == DeliveryState.DELIVERING:
        # The lease ran out: the worker that claimed the last attempt stopped before recording it.
        WebhookAttempt.objects.filter(delivery=delivery, number=delivery.attempts, duration_ms__isnull=True).update(
            error=LOST_ATTEMPT
        )
        delivery.last_status_code = None
        delivery.last_error = LOST_ATTEMPT
        if delivery.attempts >= delivery.max_attempts:
            _finish(
                delivery,
                DeliveryState.FAILED,
                now=now,
                error=f"gave up after {delivery.attempts} attempts: {LOST_ATTEMPT}",
            )
            return "failed"
    if not delivery.endpoint.is_active:
        _finish(delivery, DeliveryState.FAILED, now=now, error="not sent: the endpoint is inactive")
        return "failed"
    delivery.attempts += 1
    delivery.state = DeliveryState.DELIVERING
    delivery.next_attempt_at = now + datetime.timedelta(seconds=ATTEMPT_LEASE_SECONDS)
    delivery.save(update_fields=["attempts", "state", "next_attempt_at", "last_status_code", "last_error"])
    WebhookAttempt.objects.create(delivery=delivery, number=delivery.attempts, started_at=now)
    return _Attempt(
        delivery_id=delivery.pk,
        endpoint_id=delivery.endpoint_id,
        number=delivery.attempts,
        url=delivery.endpoint.url,
        secret=delivery.endpoint.secret,
        event=delivery.event,
        body=_body(delivery),
    )


def _body(delivery: WebhookDelivery) -> bytes:
    """The same bytes on every attempt: only the timestamp and signature headers change."""
    document = {**delivery.payload, "delivery_id": delivery.pk, "endpoint_id": delivery.endpoint_id}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def _post(attempt: _Attempt) -> _Result:
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        EVENT_HEADER: attempt.event,
        DELIVERY_HEADER: str(attempt.delivery_id),
        ATTEMPT_HEADER: str(attempt.number),
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: build_signature(attempt.secret, timestamp, attempt.body),
    }
    timeout = float(settings.WEBHOOK_TIMEOUT_SECONDS)
    try:
        # The url is vetted again here: DNS may have changed since the endpoint was saved.
        response = safe_http.request(
            "POST",
            attempt.url,
            content=attempt.body,
            headers=headers,
            timeout=timeout,
            connect_timeout=min(CONNECT_TIMEOUT_SECONDS, timeout),
            max_bytes=RESPONSE_BYTES_KEPT,
            max_redirects=0,
            truncate=True,
        )
    except safe_http.FetchError as error:
        return _Result(status_code=error.status_code, error=error.message, transient=error.transient)
    except SoftTimeLimitExceeded:
        return _Result(status_code=None, error="timed out: the task's time limit was reached", transient=True)
    if response.is_success:
        return _Result(status_code=response.status_code, error="")
    return _Result(
        status_code=response.status_code,
        error=f"HTTP {response.status_code}",
        transient=safe_http.is_transient_status(response.status_code),
        retry_after=safe_http.retry_after_seconds(response.headers.get("retry-after")),
    )


@transaction.atomic
def _attempt_record(attempt: _Attempt, result: _Result, *, duration_ms: int) -> str:
    now = timezone.now()
    delivery = WebhookDelivery.objects.select_for_update().filter(pk=attempt.delivery_id).first()
    if delivery is None or delivery.state != DeliveryState.DELIVERING or delivery.attempts != attempt.number:
        return "discarded: the delivery was removed or taken over while the attempt ran"
    WebhookAttempt.objects.filter(delivery=delivery, number=attempt.number).update(
        duration_ms=duration_ms, status_code=result.status_code, error=result.error
    )
    delivery.last_status_code = result.status_code
    if not result.error:
        _finish(delivery, DeliveryState.DELIVERED, now=now, error="")
        return "delivered"
    if not result.transient:
        _finish(delivery, DeliveryState.FAILED, now=now, error=result.error)
        return "failed"
    if delivery.attempts >= delivery.max_attempts:
        _finish(
            delivery, DeliveryState.FAILED, now=now, error=f"gave up after {delivery.attempts} attempts: {result.error}"
        )
        return "failed"
    delay = retry_delay(
        attempt=delivery.attempts,
        base_seconds=float(settings.WEBHOOK_RETRY_BASE_SECONDS),
        retry_after=result.retry_after,
    )
    delivery.state = DeliveryState.PENDING
    delivery.next_attempt_at = now + datetime.timedelta(seconds=delay)
    delivery.last_error = result.error
    delivery.save(update_fields=["state", "next_attempt_at", "last_status_code", "last_error"])
    # Also recorded in next_attempt_at: if this message is lost, the sweep sends the retry.
    transaction.on_commit(partial(tasks.deliver.apply_async, (delivery.pk,), countdown=delay), robust=True)
    return f"retry in {delay:.1f} s"


def _finish(delivery: WebhookDelivery, state: DeliveryState, *, now: datetime.datetime, error: str) -> None:
    delivery.state = state
    delivery.next_attempt_at = None
    delivery.delivered_at = now if state == DeliveryState.DELIVERED else None
    delivery.last_error = error
    delivery.save(
        update_fields=["state", "next_attempt_at", "delivered_at", "last_error", "last_status_code", "attempts"]
    )
