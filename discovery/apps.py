"""App configuration for reference discovery."""

from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "discovery"
    verbose_name = "Reference discovery"
    default_auto_field = "django.db.models.BigAutoField"
