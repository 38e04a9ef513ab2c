"""Running a provider's search for a claim: the search row records every step, workers only carry them out.

A task re-reads its row and does nothing when the search was superseded (a newer generation) or
is done; no transaction is held open while a provider works. Results are merged per claim under
the claim's row lock, de-duplicated by normalised url across providers; attached and dismissed
suggestions keep their state whatever a later search finds.
"""

from __future__ import annotations

import logging
import random
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import OperationalError, transaction
from django.utils import timezone

from annotations.models import Claim, Source
from discovery import querytext, tasks
from discovery.models import OPEN_SEARCH_STATES, ReferenceSearch, ReferenceSuggestion, SearchState, SuggestionState
from discovery.providers import ClaimQuery, Found, ProviderError, enabled_providers, label_of, provider_named

logger = logging.getLogger(__name__)

MAX_RETRY_DELAY_SECONDS = 3600.0
# Fields a provider's result sets on a suggestion (the best-scoring provider's win).
RESULT_FIELDS = ("url", "title", "snippet", "published_at", "publisher", "textual_rating")


def retry_delay(attempts: int) -> float:
    """Exponential backoff with jitter, so retries of many searches do not arrive together."""
    ceiling = float(settings.DISCOVERY_RETRY_BASE_SECONDS) * 2.0 ** max(attempts - 1, 0)
    return ceiling / 2 + random.uniform(0, ceiling / 2)  # noqa: S311 - jitter, not security


def _start(search_id: int, generation: int) -> tuple[ReferenceSearch, ClaimQuery] | None:
    """Mark the search as running and count the attempt, unless it is done, superseded or running elsewhere."""
    now = timezone.now()
    with transaction.atomic():
        search = (
            ReferenceSearch.objects.select_for_update(of=("self",))
            .select_related("claim__article")
            .filter(pk=search_id)
            .first()
        )
        if search is None or search.generation != generation or search.state not in OPEN_SEARCH_STATES:
            return None
        if search.state == SearchState.SEARCHING and search.next_attempt_at and search.next_attempt_at > now:
            return None  # another worker holds the lease; the sweep takes over if it dies
        claim = search.claim
        search.state = SearchState.SEARCHING
        search.attempts += 1
        search.query = claim.claim_text or claim.quote_exact
        search.next_attempt_at = now + timedelta(seconds=settings.DISCOVERY_STALE_SECONDS)
        search.save(update_fields=["state", "attempts", "query", "next_attempt_at"])
        query = ClaimQuery(
            claim_id=claim.pk, article_id=claim.article_id, text=search.query, language=claim.article.language
        )
        return search, query


def reference_search_step(*, search_id: int, generation: int) -> None:
    """Run the search and store its results, or record the failure in words (and schedule a retry)."""
    started = _start(search_id, generation)
    if started is None:
        return
    search, query = started
    if search.provider not in {provider.name for provider in enabled_providers()}:
        _finish_failed(search_id, generation, ProviderError("turned off in the settings"), search.provider)
        return
    provider = provider_named(search.provider)
    try:
        found = provider.search(query)
    except ProviderError as error:
        _finish_failed(search_id, generation, error, provider.name)
        return
    except SoftTimeLimitExceeded:
        _finish_failed(
            search_id,
            generation,
            ProviderError(f"timed out after {provider.timeout:g} s", transient=True),
            provider.name,
        )
        return
    except OperationalError as error:
        if "statement timeout" not in str(error):
            raise
        _finish_failed(
            search_id,
            generation,
            ProviderError(f"timed out after {provider.timeout:g} s", transient=True),
            provider.name,
        )
        return
    _finish_done(search_id, generation, provider.name, found)


def _finish_failed(search_id: int, generation: int, error: ProviderError, provider: str) -> None:
    label = label_of(provider)
    rate_limited = error.retry_after is not None and error.message.startswith("waiting for the rate limit")
    with transaction.atomic():
        search = (
            ReferenceSearch.objects.select_for_update()
            .filter(pk=search_id, generation=generation, state=SearchState.SEARCHING)
            .first()
        )
        if search is None:
            return
        if rate_limited:
            # Waiting for our own limit is no failure of the provider's; it does not use up an attempt.
            search.attempts -= 1
        if error.transient and search.attempts < settings.DISCOVERY_MAX_ATTEMPTS:
            delay = min(
                error.retry_after if error.retry_after is not None else retry_delay(search.attempts),
                MAX_RETRY_DELAY_SECONDS,
            )
            search.state = SearchState.PENDING
            search.message = f"{label}: {error.message}"
            if error.retry_after is None:
                search.message += f"; retrying in {delay:.0f} s"
            search.next_attempt_at = timezone.now() + timedelta(seconds=delay)
            transaction.on_commit(
                lambda: tasks.discover_references.apply_async((search_id, generation), countdown=delay)
            )
        else:
            search.state = SearchState.FAILED
            search.message = f"{label}: {error.message}"
            if error.transient:
                search.message += f" (gave up after {search.attempts} attempts)"
            search.finished_at, search.next_attempt_at = timezone.now(), None
        search.save(update_fields=["state", "message", "attempts", "next_attempt_at", "finished_at"])
    logger.info("reference search %s (%s): %s", search_id, provider, error.message)


def _finish_done(search_id: int, generation: int, provider: str, found: list[Found]) -> None:
    claim_id = ReferenceSearch.objects.filter(pk=search_id).values_list("claim_id", flat=True).first()
    if claim_id is None:
        return
    with transaction.atomic():
        # Providers of one claim finish concurrently; the claim's lock makes their merges take turns.
        # Claim first, then its search: the order reference_search_request() and claim_delete() lock in.
        Claim.objects.select_for_update().filter(pk=claim_id).first()
        search = (
            ReferenceSearch.objects.select_for_update()
            .filter(pk=search_id, generation=generation, state=SearchState.SEARCHING)
            .first()
        )
        if search is None:
            return
        count = merge_results(claim_id=search.claim_id, provider=provider, found=found)
        search.state, search.message, search.result_count = SearchState.DONE, "", count
        search.finished_at, search.next_attempt_at = timezone.now(), None
        search.save(update_fields=["state", "message", "result_count", "finished_at", "next_attempt_at"])


def merge_results(*, claim_id: int, provider: str, found: list[Found]) -> int:
    """Store one provider's results for a claim; returns how many were kept. Call under the claim's lock.

    One suggestion per normalised url: a url several providers found keeps every provider's score
    and the best one's title and snippet. What this provider no longer finds loses its score, and a
    plain suggestion nobody finds any more goes; attached and dismissed ones stay, as decided.
    """
    attached = {
        querytext.url_key(url) for url in Source.objects.filter(claim_id=claim_id).values_list("url", flat=True)
    }
    best: dict[str, Found] = {}
    for item in found:
        # Only web links: a service's "javascript:" or "data:" url must never reach an editor's page.
        if not item.url.lower().startswith(("http://", "https://")) or len(item.url) > 2000:
            continue
        key = querytext.url_key(item.url)
        if key in attached:
            continue
        if key not in best or item.score > best[key].score:
            best[key] = item
    existing = {row.url_key: row for row in ReferenceSuggestion.objects.select_for_update().filter(claim_id=claim_id)}
    created: list[ReferenceSuggestion] = []
    changed: list[ReferenceSuggestion] = []
    gone: list[int] = []
    for key, item in best.items():
        score = min(max(item.score, 0.0), 1.0)
        row = existing.get(key)
        if row is None:
            row = ReferenceSuggestion(claim_id=claim_id, url_key=key, found_by={})
            created.append(row)
        else:
            changed.append(row)
        row.found_by = {**row.found_by, provider: score}
        if row.pk is None or row.provider == provider or score >= row.score:
            row.provider = provider
            for field in RESULT_FIELDS:
                setattr(row, field, getattr(item, field))
        row.score = max(row.found_by.values())
    for key, row in existing.items():
        if key in best or provider not in row.found_by:
            continue
        found_by = {name: score for name, score in row.found_by.items() if name != provider}
        if not found_by and row.state == SuggestionState.SUGGESTED:
            gone.append(row.pk)
            continue
        row.found_by = found_by
        row.score = max(found_by.values(), default=0.0)
        if row.provider == provider and found_by:
            row.provider = max(found_by, key=lambda name: found_by[name])
        changed.append(row)
    ReferenceSuggestion.objects.filter(pk__in=gone).delete()
    ReferenceSuggestion.objects.bulk_create(created)
    ReferenceSuggestion.objects.bulk_update(changed, ["found_by", "provider", "score", *RESULT_FIELDS])
    return len(best)


def reference_searches_sweep(*, limit: int = 500) -> list[int]:
    """Re-enqueue searches overdue by the grace period: their message was lost or their worker died."""
    margin = timezone.now() - timedelta(seconds=settings.FETCH_SWEEP_GRACE_SECONDS)
    overdue = list(
        ReferenceSearch.objects.filter(state__in=OPEN_SEARCH_STATES, next_attempt_at__lt=margin)
        .order_by("next_attempt_at")
        .values_list("pk", "generation")[:limit]
    )
    for search_id, generation in overdue:
        tasks.discover_references.delay(search_id, generation)
    return [search_id for search_id, _ in overdue]
