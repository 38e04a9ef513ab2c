"""Webhook tables: endpoints, the delivery outbox, and one row per attempt; no logic beyond constraints."""

from __future__ import annotations

import secrets

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q


class WebhookEvent(models.TextChoices):
    PUBLISHED = "published", "Published"
    CORRECTED = "corrected", "Corrected"
    UNPUBLISHED = "unpublished", "Unpublished"


class DeliveryState(models.TextChoices):
    PENDING = "pending", "Pending"
    DELIVERING = "delivering", "Delivering"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"


OPEN_STATES = (DeliveryState.PENDING, DeliveryState.DELIVERING)
FINISHED_STATES = (DeliveryState.DELIVERED, DeliveryState.FAILED)


def generate_secret() -> str:
    """A fresh signing secret: 32 random bytes, URL-safe base64 (43 characters)."""
    return secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    """A receiver that wants to hear about some events, and the secret that signs what it is sent."""

    url = models.URLField(
        max_length=2000,
        help_text="Where events are POSTed (http or https, a public address; checked again at every delivery).",
    )
    secret = models.CharField(
        max_length=200,
        default=generate_secret,
        help_text="Shared secret for the X-Factcheck-Signature HMAC; generated when left blank. "
        "Give it to the receiver so it can verify deliveries.",
    )
    events = models.JSONField(
        default=list,
        blank=True,
        help_text='Events the receiver subscribes to: a list of "published", "corrected", "unpublished".',
    )
    is_active = models.BooleanField(default=True, help_text="Inactive endpoints are sent nothing.")
    description = models.CharField(max_length=300, blank=True, help_text="Who runs the receiver and why.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(url=""), name="webhook_endpoint_url_not_empty"),
            models.CheckConstraint(condition=~Q(secret=""), name="webhook_endpoint_secret_not_empty"),
        ]

    def __str__(self) -> str:
        return self.description or self.url


class WebhookDelivery(models.Model):
    """One event for one endpoint: written in the transaction of the change it reports (the outbox)."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    claim = models.ForeignKey(
        "annotations.Claim",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The claim whose fact-check changed.",
    )
    event = models.CharField(max_length=32, choices=WebhookEvent.choices, help_text="What happened.")
    payload = models.JSONField(
        encoder=DjangoJSONEncoder,
        help_text="The event document; the body sent adds delivery_id and endpoint_id to it.",
    )
    state = models.CharField(
        max_length=16,
        choices=DeliveryState.choices,
        default=DeliveryState.PENDING,
        help_text="pending: waiting for its next attempt; delivering: an attempt is under way; "
        "delivered: the receiver answered 2xx; failed: given up.",
    )
    attempts = models.PositiveIntegerField(default=0, help_text="Attempts made so far.")
    max_attempts = models.PositiveIntegerField(
        help_text="Give up after this many attempts (WEBHOOK_MAX_ATTEMPTS when queued; 'retry now' raises it)."
    )
    next_attempt_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="pending: when the next attempt is due; delivering: when the attempt is presumed lost. "
        "Empty once delivered or failed.",
    )
    last_status_code = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="HTTP status of the last answer, if there was one."
    )
    last_error = models.TextField(blank=True, help_text="Why the last attempt did not succeed, in words.")
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True, help_text="When the receiver answered 2xx.")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.CheckConstraint(condition=Q(state__in=DeliveryState.values), name="webhook_delivery_state_valid"),
            models.CheckConstraint(condition=Q(event__in=WebhookEvent.values), name="webhook_delivery_event_valid"),
            models.CheckConstraint(condition=Q(max_attempts__gte=1), name="webhook_delivery_max_attempts_positive"),
            models.CheckConstraint(
                condition=Q(attempts__lte=F("max_attempts")), name="webhook_delivery_attempts_within_max"
            ),
            # The sweep finds open deliveries by next_attempt_at; finished ones never carry one.
            models.CheckConstraint(
                condition=Q(state__in=OPEN_STATES, next_attempt_at__isnull=False)
                | Q(state__in=FINISHED_STATES, next_attempt_at__isnull=True),
                name="webhook_delivery_next_attempt_iff_open",
            ),
            models.CheckConstraint(
                condition=Q(state=DeliveryState.DELIVERED, delivered_at__isnull=False)
                | (~Q(state=DeliveryState.DELIVERED) & Q(delivered_at__isnull=True)),
                name="webhook_delivery_delivered_at_iff_delivered",
            ),
        ]
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=Q(state__in=OPEN_STATES), name="webhook_delivery_due"),
            models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.event} #{self.pk} to {self.endpoint_id}"


class WebhookAttempt(models.Model):
    """One POST of a delivery (or its refusal); the row is written before the request is sent."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField(help_text="1 for the first attempt of the delivery, counting up.")
    started_at = models.DateTimeField(help_text="When the attempt began.")
    duration_ms = models.PositiveIntegerField(
        null=True, blank=True, help_text="How long it took; empty while under way or if the worker was lost."
    )
    status_code = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="HTTP status of the answer, if one came."
    )
    error = models.TextField(blank=True, help_text="What went wrong, in words; empty for a 2xx answer.")

    class Meta:
        ordering = ["delivery_id", "number"]
        constraints = [
            # Two workers can never both make attempt n of a delivery.
            models.UniqueConstraint(fields=["delivery", "number"], name="webhook_attempt_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="webhook_attempt_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.delivery_id} attempt {self.number}"
