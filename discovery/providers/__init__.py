"""The provider registry: every provider class by name, and the ones the settings enable."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from discovery.providers.base import ClaimQuery, Found, Provider, ProviderError
from discovery.providers.fact_check_tools import FactCheckToolsProvider
from discovery.providers.fact_checks import FactChecksProvider
from discovery.providers.library import LibraryProvider
from discovery.providers.wikipedia import WikipediaProvider

__all__ = ["ClaimQuery", "Found", "Provider", "ProviderError", "enabled_providers", "provider_named"]

PROVIDER_CLASSES: dict[str, type[Provider]] = {
    cls.name: cls for cls in (LibraryProvider, FactChecksProvider, WikipediaProvider, FactCheckToolsProvider)
}


def provider_named(name: str) -> Provider:
    """A provider built from the current settings."""
    try:
        return PROVIDER_CLASSES[name].from_settings()
    except KeyError:
        raise ImproperlyConfigured(
            f"DISCOVERY_PROVIDERS names {name!r}; known providers are {', '.join(PROVIDER_CLASSES)}."
        ) from None


def enabled_providers() -> list[Provider]:
    """The providers DISCOVERY_PROVIDERS names whose settings are complete, in its order."""
    providers = [provider_named(name.strip()) for name in settings.DISCOVERY_PROVIDERS if name.strip()]
    return [provider for provider in providers if provider.is_configured()]


def label_of(name: str) -> str:
    cls = PROVIDER_CLASSES.get(name)
    return cls.label if cls else name
