"""Webhooks: signed deliveries through a real worker, retries, giving up, refusals, the sweep and the admin."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from unittest import mock

import pytest
from django.db import connection, transaction
from django.utils import timezone

from annotations import safe_http
from annotations.errors import ApplicationError
from annotations.models import Claim
from tests.factories import make_article, make_claim
from webhooks import services, tasks
from webhooks.models import DeliveryState, WebhookAttempt, WebhookDelivery, WebhookEndpoint

# --- A receiver on 127.0.0.1 --------------------------------------------------------------


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class ReceiverHandler(BaseHTTPRequestHandler):
    server: Receiver

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.received.append(Received(self.path, dict(self.headers.items()), body))
        time.sleep(self.server.delay)
        status = self.server.next_status()
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")


class Receiver(ThreadingHTTPServer):
    """Answers POSTs with the scripted statuses in turn (the last one repeats) and records them."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), ReceiverHandler)
        self.received: list[Received] = []
        self.statuses = [200]
        self.delay = 0.0
        self._lock = threading.Lock()

    def next_status(self) -> int:
        with self._lock:
            return self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]

    @property
    def allowed(self) -> str:
        return f"127.0.0.1:{self.server_address[1]}"

    @property
    def url(self) -> str:
        return f"http://{self.allowed}/hooks/factcheck"


@pytest.fixture
def receiver(settings: Any) -> Iterator[Receiver]:
    server = Receiver()
    settings.FETCH_ALLOWED_HOSTS = [server.allowed]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


# --- Helpers ------------------------------------------------------------------------------

PAYLOAD = {
    "state": "published",
    "version": 1,
    "rating": "false",
    "summary": "NATO has 32 members, not 31.",
    "occurred_at": "2026-11-30T12:00:00Z",
}


def a_claim() -> Claim:
    return make_claim(make_article(), "31 members")


def enqueue(claim: Claim, event: str = "published") -> list[WebhookDelivery]:
    # The caller's transaction, as in the workflow: the rows commit with the transition.
    with transaction.atomic():
        return services.webhook_deliveries_enqueue(
            event=event, claim=claim, payload={**PAYLOAD, "public_url": f"http://testserver/fact-checks/{claim.pk}/"}
        )


def endpoint_for(receiver: Receiver, events: list[str] | None = None, **kwargs: Any) -> WebhookEndpoint:
    return services.webhook_endpoint_create(url=receiver.url, events=events or ["published"], **kwargs)


def expected_signature(secret: str, timestamp: str, body: bytes) -> str:
    # The recipe in webhooks/signing.py, written out independently of build_signature.
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def wait_until(predicate: Any, timeout: float = 30.0, explain: Any = lambda: "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"condition not met in {timeout} s\n{explain()}")


# --- (1) Through a real worker ------------------------------------------------------------


@pytest.fixture
def worker_for(receiver: Receiver, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Any:
    """The worker process must be allowed to reach the receiver too: set before it starts."""
    monkeypatch.setenv("FETCH_ALLOWED_HOSTS", receiver.allowed)
    return request.getfixturevalue("celery_worker_process")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_delivers_a_signed_event(receiver: Receiver, worker_for: Any) -> None:
    endpoint = endpoint_for(receiver, events=["published", "corrected"])
    claim = a_claim()
    [delivery] = enqueue(claim)

    def delivered() -> bool:
        delivery.refresh_from_db()
        return delivery.state == DeliveryState.DELIVERED

    wait_until(delivered, explain=lambda: worker_for.log()[-4000:])
    worker_for.wait_for_log("webhooks.deliver")
    [request] = receiver.received
    headers = {name.lower(): value for name, value in request.headers.items()}
    assert request.path == "/hooks/factcheck"
    assert headers["content-type"] == "application/json"
    assert headers["x-factcheck-event"] == "published"
    assert headers["x-factcheck-delivery"] == str(delivery.pk)
    assert headers["x-factcheck-attempt"] == "1"
    timestamp = headers["x-factcheck-timestamp"]
    assert abs(time.time() - int(timestamp)) < 60
    assert hmac.compare_digest(
        headers["x-factcheck-signature"], expected_signature(endpoint.secret, timestamp, request.body)
    )
    assert headers["x-factcheck-signature"] != expected_signature("another secret", timestamp, request.body)
    assert json.loads(request.body) == {
        **PAYLOAD,
        "public_url": f"http://testserver/fact-checks/{claim.pk}/",
        "event": "published",
        "claim_id": claim.pk,
        "delivery_id": delivery.pk,
        "endpoint_id": endpoint.pk,
    }
    assert (delivery.attempts, delivery.last_status_code, delivery.last_error) == (1, 200, "")
    assert delivery.delivered_at is not None and delivery.next_attempt_at is None
    [attempt] = WebhookAttempt.objects.filter(delivery=delivery)
    assert (attempt.number, attempt.status_code, attempt.error) == (1, 200, "")
    assert attempt.duration_ms is not None


# --- (2)-(4) Retries, giving up, permanent failures ----------------------------------------


@pytest.mark.django_db
def test_a_500_is_retried_with_backoff_then_delivered(
    receiver: Receiver, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.WEBHOOK_RETRY_BASE_SECONDS = 10
    receiver.statuses = [500, 200]
    endpoint_for(receiver)
    [delivery] = enqueue(a_claim())
    before = timezone.now()
    with (
        mock.patch.object(tasks.deliver, "apply_async") as retry_message,
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert tasks.deliver(delivery.pk).startswith("retry in ")
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status_code) == (DeliveryState.PENDING, 1, 500)
    assert delivery.last_error == "HTTP 500"
    # First retry: half the 10 s step fixed, half jitter; the message carries the same delay.
    assert delivery.next_attempt_at is not None
    assert before + timedelta(seconds=5) <= delivery.next_attempt_at <= timezone.now() + timedelta(seconds=10)
    [call] = retry_message.call_args_list
    assert call.args == ((delivery.pk,),) and 5 <= call.kwargs["countdown"] <= 10

    # Early (a duplicate message, or the countdown message itself arriving early): nothing happens.
    assert tasks.deliver(delivery.pk).startswith("skipped: not due")
    assert len(receiver.received) == 1

    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())  # time passes
    assert tasks.deliver(delivery.pk) == "delivered"
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_error) == (DeliveryState.DELIVERED, 2, "")
    attempts = list(WebhookAttempt.objects.filter(delivery=delivery).values_list("number", "status_code", "error"))
    assert attempts == [(1, 500, "HTTP 500"), (2, 200, "")]
    assert [r.headers["X-Factcheck-Attempt"] for r in receiver.received] == ["1", "2"]
    assert receiver.received[0].body == receiver.received[1].body
    assert tasks.deliver(delivery.pk) == "skipped: already delivered"
    assert len(receiver.received) == 2


@pytest.mark.django_db
def test_always_500_gives_up_after_the_last_attempt(
    receiver: Receiver, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    settings.WEBHOOK_RETRY_BASE_SECONDS = 0
    receiver.statuses = [500]
    endpoint_for(receiver)
    # Run as in production: sent on commit, each retry enqueued on commit (in-process here).
    with django_capture_on_commit_callbacks(execute=True):
        [delivery] = enqueue(a_claim())
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.FAILED
    assert delivery.last_error == "gave up after 3 attempts: HTTP 500"
    assert (delivery.attempts, delivery.last_status_code, delivery.next_attempt_at) == (3, 500, None)
    assert list(WebhookAttempt.objects.filter(delivery=delivery).values_list("number", "status_code")) == [
        (1, 500),
        (2, 500),
        (3, 500),
    ]
    assert len(receiver.received) == 3


@pytest.mark.django_db
@pytest.mark.parametrize("status", [404, 400, 410, 301])
def test_a_client_error_fails_at_once(receiver: Receiver, status: int) -> None:
    receiver.statuses = [status]
    endpoint_for(receiver)
    [delivery] = enqueue(a_claim())
    assert tasks.deliver(delivery.pk) == "failed"
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status_code) == (DeliveryState.FAILED, 1, status)
    assert delivery.last_error == f"HTTP {status}"
    assert WebhookAttempt.objects.filter(delivery=delivery).count() == 1
    assert len(receiver.received) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("status", [408, 429, 503])
def test_transient_statuses_are_retried(receiver: Receiver, status: int) -> None:
    receiver.statuses = [status]
    endpoint_for(receiver)
    [delivery] = enqueue(a_claim())
    with mock.patch.object(tasks.deliver, "apply_async"):
        assert tasks.deliver(delivery.pk).startswith("retry in ")
    delivery.refresh_from_db()
    assert (delivery.state, delivery.last_error) == (DeliveryState.PENDING, f"HTTP {status}")


@pytest.mark.django_db
def test_a_slow_receiver_is_a_transient_timeout(receiver: Receiver, settings: Any) -> None:
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.5
    receiver.delay = 2
    endpoint_for(receiver)
    [delivery] = enqueue(a_claim())
    with mock.patch.object(tasks.deliver, "apply_async"):
        tasks.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.last_error, delivery.last_status_code) == (
        DeliveryState.PENDING,
        "timed out after 0.5 s",
        None,
    )


# --- (5) Refused addresses ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_private_endpoint_is_refused_when_registered() -> None:
    with pytest.raises(ApplicationError) as refused:
        services.webhook_endpoint_create(url="http://10.0.0.5/hook", events=["published"])
    assert (refused.value.field, refused.value.message) == ("url", "refused: 10.0.0.5 is a private address.")


@pytest.mark.django_db
def test_a_private_endpoint_is_refused_at_delivery_and_nothing_is_sent(receiver: Receiver, settings: Any) -> None:
    # Registered while allowed, then the allow-list changes (as DNS may): checked again at delivery.
    endpoint_for(receiver)
    # Written directly, as an old row or a changed DNS record would present it.
    WebhookEndpoint.objects.create(url="http://10.0.0.5/hook", events=["published"])
    settings.FETCH_ALLOWED_HOSTS = []
    deliveries = enqueue(a_claim())
    assert len(deliveries) == 2
    with mock.patch.object(safe_http, "_exchange", side_effect=AssertionError("no connection may be made")):
        assert [tasks.deliver(d.pk) for d in deliveries] == ["failed", "failed"]
    errors = {}
    for delivery in deliveries:
        delivery.refresh_from_db()
        assert (delivery.state, delivery.attempts, delivery.last_status_code) == (DeliveryState.FAILED, 1, None)
        [attempt] = WebhookAttempt.objects.filter(delivery=delivery)
        assert attempt.error == delivery.last_error
        errors[delivery.endpoint.url] = delivery.last_error
    assert errors == {
        receiver.url: "refused: 127.0.0.1 is a loopback address",
        "http://10.0.0.5/hook": "refused: 10.0.0.5 is a private address",
    }
    assert receiver.received == []


# --- (6) Who gets a delivery --------------------------------------------------------------


@pytest.mark.django_db
def test_only_active_subscribed_endpoints_get_deliveries(receiver: Receiver) -> None:
    published = endpoint_for(receiver, events=["published"])
    both = endpoint_for(receiver, events=["published", "corrected"])
    endpoint_for(receiver, events=["corrected"])
    endpoint_for(receiver, events=["published"], is_active=False)
    claim = a_claim()
    assert sorted(d.endpoint_id for d in enqueue(claim, "published")) == sorted([published.pk, both.pk])
    assert enqueue(claim, "unpublished") == []
    assert WebhookDelivery.objects.count() == 2


@pytest.mark.django_db
def test_deliveries_roll_back_with_the_transition(receiver: Receiver, django_capture_on_commit_callbacks: Any) -> None:
    endpoint_for(receiver)
    claim = a_claim()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        services.webhook_deliveries_enqueue(event="published", claim=claim, payload=PAYLOAD)
        raise RuntimeError("the transition failed")
    assert WebhookDelivery.objects.count() == 0
    assert callbacks == []


@pytest.mark.django_db
def test_an_endpoint_deactivated_after_queueing_is_not_sent(receiver: Receiver) -> None:
    endpoint = endpoint_for(receiver)
    [delivery] = enqueue(a_claim())
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(is_active=False)
    assert tasks.deliver(delivery.pk) == "failed"
    delivery.refresh_from_db()
    assert (delivery.state, delivery.last_error, delivery.attempts) == (
        DeliveryState.FAILED,
        "not sent: the endpoint is inactive",
        0,
    )
    assert receiver.received == []


@pytest.mark.django_db
def test_unknown_events_are_refused() -> None:
    with pytest.raises(ApplicationError, match="unknown events: deleted"):
        services.webhook_endpoint_create(url="http://93.184.215.14/", events=["published", "deleted"])
    with pytest.raises(AssertionError, match="unknown webhook event"), transaction.atomic():
        services.webhook_deliveries_enqueue(event="deleted", claim=a_claim(), payload={})


# --- (7) The sweep ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_sweep_sends_a_delivery_whose_message_was_lost(receiver: Receiver, settings: Any) -> None:
    endpoint_for(receiver)
    with mock.patch.object(tasks.deliver, "delay"):  # the broker loses the message
        [delivery] = enqueue(a_claim())
    assert tasks.sweep() == [], "not overdue yet: the sweep leaves it to its message"
    settings.WEBHOOK_SWEEP_AFTER_SECONDS = 0
    assert tasks.sweep() == [delivery.pk]
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.DELIVERED, 1)
    assert len(receiver.received) == 1
    assert tasks.sweep() == []


@pytest.mark.django_db
def test_the_sweep_recovers_an_attempt_whose_worker_died(receiver: Receiver, settings: Any) -> None:
    endpoint_for(receiver)
    [delivery] = enqueue(a_claim())
    # A worker claims attempt 1 and is killed before it records anything.
    claimed = services._attempt_claim(delivery_id=delivery.pk)
    assert not isinstance(claimed, str) and claimed.number == 1
    assert tasks.deliver(delivery.pk) == "skipped: an attempt is under way"
    settings.WEBHOOK_SWEEP_AFTER_SECONDS = 0
    assert tasks.sweep() == [], "the lease has not run out"
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert tasks.sweep() == [delivery.pk]
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.DELIVERED, 2)
    assert list(WebhookAttempt.objects.filter(delivery=delivery).values_list("number", "status_code", "error")) == [
        (1, None, services.LOST_ATTEMPT),
        (2, 200, ""),
    ]
    assert len(receiver.received) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_never_send_the_same_attempt(receiver: Receiver) -> None:
    receiver.delay = 0.5
    endpoint_for(receiver)
    with mock.patch.object(tasks.deliver, "delay"):
        [delivery] = enqueue(a_claim())
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def worker() -> None:
        try:
            start.wait()
            outcomes.append(services.webhook_delivery_send(delivery_id=delivery.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcome.split(":")[0] for outcome in outcomes) == ["delivered", "skipped"]
    assert len(receiver.received) == 1
    assert WebhookAttempt.objects.filter(delivery=delivery).count() == 1


def test_backoff_doubles_with_jitter_and_honours_retry_after() -> None:
    for attempt, step in [(1, 10), (2, 20), (3, 40), (6, 320)]:
        delays = [services.retry_delay(attempt=attempt, base_seconds=10) for _ in range(50)]
        assert all(step / 2 <= d <= step for d in delays)
        assert len(set(delays)) > 1
    assert services.retry_delay(attempt=60, base_seconds=10) <= services.MAX_RETRY_DELAY_SECONDS
    assert services.retry_delay(attempt=1, base_seconds=10, retry_after=120) == 120


# --- The admin ----------------------------------------------------------------------------

INLINE_MANAGEMENT = {
    "deliveries-TOTAL_FORMS": "0",
    "deliveries-INITIAL_FORMS": "0",
    "deliveries-MIN_NUM_FORMS": "0",
    "deliveries-MAX_NUM_FORMS": "0",
}


@pytest.mark.django_db
def test_admin_refuses_a_private_url_and_generates_a_secret(admin_client: Any, receiver: Receiver) -> None:
    add_url = "/admin/webhooks/webhookendpoint/add/"
    page = admin_client.get(add_url)
    assert page.status_code == 200 and b'name="secret"' in page.content
    form = {"url": "http://10.0.0.5/hook", "description": "", "events": ["published"], "is_active": "on"}
    refused = admin_client.post(add_url, {**form, "secret": "", **INLINE_MANAGEMENT})
    assert refused.status_code == 200
    assert "refused: 10.0.0.5 is a private address." in refused.content.decode()
    saved = admin_client.post(add_url, {**form, "url": receiver.url, "secret": "", **INLINE_MANAGEMENT})
    assert saved.status_code == 302, saved.content.decode()[-2000:]
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["published"] and len(endpoint.secret) >= 40


@pytest.mark.django_db
def test_admin_pages_show_recent_deliveries_and_attempts(admin_client: Any, receiver: Receiver) -> None:
    endpoint = endpoint_for(receiver)
    claim = a_claim()
    for _ in range(3):
        [delivery] = enqueue(claim)
    tasks.deliver(delivery.pk)
    assert admin_client.get("/admin/webhooks/webhookendpoint/").status_code == 200
    change = admin_client.get(f"/admin/webhooks/webhookendpoint/{endpoint.pk}/change/")
    assert change.status_code == 200 and b"recent deliveries (the last 20)" in change.content.lower()
    assert admin_client.get("/admin/webhooks/webhookdelivery/?state__exact=delivered").status_code == 200
    detail = admin_client.get(f"/admin/webhooks/webhookdelivery/{delivery.pk}/change/")
    assert detail.status_code == 200 and b"Webhook attempt" in detail.content


@pytest.mark.django_db
def test_admin_retry_now_resends_a_failed_delivery(
    admin_client: Any, receiver: Receiver, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    receiver.statuses = [404, 200]
    endpoint_for(receiver)
    [delivery] = enqueue(a_claim())
    tasks.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.FAILED
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/webhooks/webhookdelivery/", {"action": "retry_now", "_selected_action": [delivery.pk]}
        )
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.max_attempts) == (DeliveryState.DELIVERED, 2, 3)
    assert len(receiver.received) == 2


# --- The workflow sends its events ----------------------------------------------------------


@pytest.mark.django_db
def test_publish_correct_and_unpublish_send_their_events(
    receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    from annotations import services as annotation_services
    from annotations import workflow
    from annotations.models import Rating, Role
    from tests.factories import make_fetched_source, make_user

    endpoint = endpoint_for(receiver, events=["published", "corrected", "unpublished"])
    annotator, reviewer = make_user(Role.ANNOTATOR), make_user(Role.REVIEWER)
    claim = a_claim()
    make_fetched_source(claim)
    rating = Rating.objects.get(slug="true")

    def write(expected: int | None, summary: str) -> None:
        annotation_services.verdict_write(
            claim=claim, author=annotator, rating=rating, summary=summary, explanation="e", expected_version=expected
        )

    write(None, "Yes.")
    with django_capture_on_commit_callbacks(execute=True):
        for action in ("submit", "approve", "publish"):
            workflow.claim_transition(claim=claim, action=action, actor=annotator if action == "submit" else reviewer)
        write(1, "Yes, corrected.")
        workflow.claim_transition(claim=claim, action="correct", actor=reviewer, comment="Fixed a date.")
        workflow.claim_transition(claim=claim, action="unpublish", actor=reviewer, comment="Legal.")

    events = [json.loads(r.body) for r in receiver.received]
    assert [(e["event"], e["state"], e["version"]) for e in events] == [
        ("published", "published", 1),
        ("corrected", "corrected", 2),
        ("unpublished", "unpublished", 2),
    ]
    assert events[1]["comment"] == "Fixed a date." and events[0]["public_url"].endswith(f"/fact-checks/{claim.pk}/")
    assert all(r.headers["X-Factcheck-Signature"].startswith("sha256=") for r in receiver.received)
    assert WebhookDelivery.objects.filter(endpoint=endpoint, state=DeliveryState.DELIVERED).count() == 3
