"""Django admin for webhooks: endpoints are edited here; deliveries and attempts are a read-only log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest

from annotations import safe_http
from annotations.admin import ReadOnlyInline
from webhooks import services
from webhooks.models import (
    DeliveryState,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
    generate_secret,
)

RECENT_DELIVERIES_SHOWN = 20


class WebhookEndpointForm(forms.ModelForm):  # type: ignore[type-arg]
    events = forms.MultipleChoiceField(
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=WebhookEndpoint._meta.get_field("events").help_text,
    )
    secret = forms.CharField(
        max_length=200,
        required=False,
        help_text=WebhookEndpoint._meta.get_field("secret").help_text,
    )

    class Meta:
        model = WebhookEndpoint
        fields = ("url", "description", "events", "is_active", "secret")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.initial.setdefault("events", list(WebhookEvent.values))

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        try:
            safe_http.check_url(url)
        except safe_http.FetchError as error:
            raise forms.ValidationError(f"{error.message}.", code="unsafe_url") from error
        return url

    def clean_events(self) -> list[str]:
        chosen = self.cleaned_data["events"]
        return [event for event in WebhookEvent.values if event in chosen]

    def clean_secret(self) -> str:
        secret: str = self.cleaned_data["secret"].strip()
        return secret or generate_secret()


class RecentDeliveriesFormSet(BaseInlineFormSet):  # type: ignore[type-arg]
    def get_queryset(self) -> QuerySet[Any]:
        # Sliced after the formset filtered by endpoint; older ones are on the deliveries page.
        return super().get_queryset()[:RECENT_DELIVERIES_SHOWN]


class RecentDeliveryInline(ReadOnlyInline):
    model = WebhookDelivery
    formset = RecentDeliveriesFormSet
    verbose_name_plural = f"recent deliveries (the last {RECENT_DELIVERIES_SHOWN})"
    fields = ("created_at", "event", "claim", "state", "attempts", "last_status_code", "last_error")
    readonly_fields = fields
    ordering = ("-created_at", "-id")


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = WebhookEndpointForm
    list_display = ("url", "description", "subscribed_events", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("url", "description")
    readonly_fields = ("created_at",)
    inlines = [RecentDeliveryInline]

    @admin.display(description="events")
    def subscribed_events(self, obj: WebhookEndpoint) -> str:
        return ", ".join(obj.events) if isinstance(obj.events, list) else ""


class AttemptInline(ReadOnlyInline):
    model = WebhookAttempt
    show_change_link = False
    fields = ("number", "started_at", "duration_ms", "status_code", "error")
    readonly_fields = fields


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """A log: nothing is edited by hand; "retry now" goes through the service."""

    list_display = (
        "id",
        "endpoint",
        "event",
        "claim",
        "state",
        "attempts",
        "last_status_code",
        "next_attempt_at",
        "created_at",
        "delivered_at",
    )
    list_filter = ("state", "event", "endpoint")
    search_fields = ("endpoint__url", "last_error")
    list_select_related = ("endpoint", "claim")
    date_hierarchy = "created_at"
    readonly_fields = (
        "endpoint",
        "claim",
        "event",
        "payload",
        "state",
        "attempts",
        "max_attempts",
        "next_attempt_at",
        "last_status_code",
        "last_error",
        "created_at",
        "delivered_at",
    )
    inlines = [AttemptInline]
    actions = ["retry_now"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_retry_permission(self, request: HttpRequest) -> bool:
        # Rows are never edited, but retrying is a change: it needs the change permission.
        return request.user.has_perm("webhooks.change_webhookdelivery")

    @admin.action(description="Retry now (failed or waiting deliveries)", permissions=["retry"])
    def retry_now(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        candidates = list(
            queryset.filter(state__in=[DeliveryState.FAILED, DeliveryState.PENDING]).values_list("pk", flat=True)
        )
        retried = sum(services.webhook_delivery_retry(delivery_id=pk) for pk in candidates)
        skipped = queryset.count() - retried
        self.message_user(request, f"{retried} deliveries queued for a new attempt.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request, f"{skipped} skipped: only failed or waiting deliveries can be retried.", messages.WARNING
            )
