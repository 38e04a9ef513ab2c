"""What every reference provider is: a name, its settings (timeout, rate limit), and one search method."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache

from annotations import safe_http
from discovery import ratelimit

CACHE_PREFIX = "discovery:answer:"
# Answers of search APIs are small; a larger one is not what was asked for.
MAX_ANSWER_BYTES = 2_000_000
MAX_SNIPPET = 500
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class ClaimQuery:
    """What a provider searches with: the claim's checkable sentence and where it comes from."""

    claim_id: int
    article_id: int
    text: str
    language: str


@dataclass(frozen=True)
class Found:
    """One result of a provider, scored from 0 (barely) to 1 (best)."""

    url: str
    title: str
    snippet: str
    score: float
    published_at: datetime.datetime | None = None
    publisher: str = ""
    textual_rating: str = ""


class ProviderError(Exception):
    """A failed search: `message` in words, `transient` if a retry may help, `retry_after` if the service said when."""

    def __init__(self, message: str, *, transient: bool = False, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.transient = transient
        self.retry_after = retry_after

    def __str__(self) -> str:
        return self.message


class Provider(ABC):
    """A source of reference suggestions; subclasses set `name`, `label` and implement `search`."""

    name: ClassVar[str]
    label: ClassVar[str]
    # External providers go over the network: the safe fetcher, a shared rate limit and a cache.
    external: ClassVar[bool] = False

    def __init__(self, *, timeout: float, rate_per_second: float | None, max_results: int) -> None:
        self.timeout = timeout
        self.rate_per_second = rate_per_second
        self.max_results = max_results

    @classmethod
    def from_settings(cls) -> Provider:
        return cls(
            timeout=settings.DISCOVERY_TIMEOUT_SECONDS.get(cls.name, 10.0),
            rate_per_second=settings.DISCOVERY_RATE_PER_SECOND.get(cls.name),
            max_results=settings.DISCOVERY_MAX_RESULTS,
        )

    def is_configured(self) -> bool:
        """False when a setting it needs is missing (an API key); it is then not run at all."""
        return True

    @abstractmethod
    def search(self, query: ClaimQuery) -> list[Found]:
        """The provider's results for the claim, best first; raises ProviderError."""

    # --- For external providers -----------------------------------------------------------

    def get_json(self, url: str, params: Mapping[str, str], *, headers: Mapping[str, str] | None = None) -> Any:
        """GET a JSON answer through the safe fetcher, the shared rate limit and the answer cache.

        The cache key is the url with its parameters only: credentials travel in headers, so they
        never reach a key, a log line or an error message.
        """
        full_url = f"{url}?{urlencode(params)}"
        key = CACHE_PREFIX + hashlib.sha256(f"{self.name} {full_url}".encode()).hexdigest()
        cached = cache.get(key)
        if cached is not None:
            return cached
        try:
            ratelimit.acquire(self.name, rate_per_second=self.rate_per_second)
        except ratelimit.RateLimited as limited:
            raise ProviderError(
                f"waiting for the rate limit, next slot in {limited.wait_seconds:.0f} s",
                transient=True,
                retry_after=limited.wait_seconds,
            ) from limited
        try:
            response = safe_http.request(
                "GET",
                full_url,
                headers={"Accept": "application/json", **(headers or {})},
                timeout=self.timeout,
                connect_timeout=min(self.timeout, settings.FETCH_CONNECT_TIMEOUT_SECONDS),
                max_bytes=MAX_ANSWER_BYTES,
                max_redirects=2,
            )
        except safe_http.FetchError as error:
            raise ProviderError(error.message, transient=error.transient) from error
        if response.status_code == 429:
            retry_after = safe_http.retry_after_seconds(response.headers.get("retry-after"))
            wait = f", retry after {retry_after:.0f} s" if retry_after is not None else ""
            raise ProviderError(f"HTTP 429{wait}", transient=True, retry_after=retry_after)
        if not response.is_success:
            raise ProviderError(
                f"HTTP {response.status_code}", transient=safe_http.is_transient_status(response.status_code)
            )
        try:
            data = json.loads(response.body)
        except ValueError as error:
            raise ProviderError("the answer is not valid JSON", transient=False) from error
        cache.set(key, data, settings.DISCOVERY_CACHE_SECONDS)
        return data


def plain_text(html: str, *, limit: int = MAX_SNIPPET) -> str:
    """Text of a search snippet without its highlighting tags, on one line, bounded."""
    text = _SPACE.sub(" ", _TAG.sub("", html)).strip()
    for entity, char in (("&quot;", '"'), ("&#039;", "'"), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")):
        text = text.replace(entity, char)
    return text[:limit]


def parse_datetime(value: Any) -> datetime.datetime | None:
    """An ISO 8601 timestamp from an answer ("2023-04-04T00:00:00Z"), or None."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.UTC)


def malformed(what: str) -> ProviderError:
    return ProviderError(f"the answer is not in the documented format ({what})", transient=False)
