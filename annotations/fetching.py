"""Fetching sources and article imports: the database records every step, workers only carry them out.

A fetch runs in two tasks: `fetch.source` downloads on the I/O queue and keeps the body as the
stored copy; `annotations.extract_source` reads it on the CPU queue, extracts the text and ranks
the passages. Each step re-reads the row and does nothing when its work is done or was
superseded (a newer `fetch_generation`), so a redelivered or duplicated task changes nothing.
No transaction is held open while the network is used.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import random
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from annotations import extraction, passages, safe_http, services, tasks
from annotations.errors import ApplicationError
from annotations.models import (
    PUBLIC_CLAIM_STATES,
    Article,
    ArticleImport,
    FetchState,
    ImportState,
    LinkStatus,
    Source,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Download:
    body: bytes
    content_type: str
    final_url: str
    status_code: int


def download(url: str) -> Download:
    """GET an untrusted url through the safe client; refuses non-2xx and unreadable content types."""
    response = safe_http.request(
        "GET",
        url,
        headers={"Accept": "text/html, application/xhtml+xml, text/plain, application/pdf;q=0.9"},
        timeout=settings.FETCH_TIMEOUT_SECONDS,
        connect_timeout=settings.FETCH_CONNECT_TIMEOUT_SECONDS,
        max_bytes=settings.FETCH_MAX_BYTES,
        max_redirects=settings.FETCH_MAX_REDIRECTS,
    )
    response.raise_for_status()
    content_type = response.headers.get("content-type", "")
    if extraction.media_type(content_type) not in extraction.ACCEPTED_TYPES:
        raise safe_http.FetchError(f"not HTML, text or PDF: {extraction.media_type(content_type) or 'no content type'}")
    return Download(response.body, content_type, response.final_url, response.status_code)


def retry_delay(attempts: int) -> float:
    """Exponential backoff with jitter (half fixed, half random), so many retries do not arrive together."""
    ceiling = float(settings.FETCH_RETRY_BASE_SECONDS) * 2.0 ** max(attempts - 1, 0)
    return ceiling / 2 + random.uniform(0, ceiling / 2)  # noqa: S311 - jitter, not security


def _compressed(body: bytes) -> ContentFile[bytes]:
    return ContentFile(gzip.compress(body, mtime=0))


def read_stored_copy(field_file: object) -> bytes:
    """The raw body kept in a stored-copy FileField."""
    with field_file.open("rb") as handle:  # type: ignore[attr-defined]
        return gzip.decompress(handle.read())


# --- Sources ----------------------------------------------------------------------------------


@transaction.atomic
def source_request_fetch(*, source: Source) -> Source:
    """(Re)start fetching a source: a new generation, pending now; the task is enqueued on commit."""
    Source.objects.filter(pk=source.pk).update(
        fetch_generation=F("fetch_generation") + 1,
        fetch_state=FetchState.PENDING,
        fetch_error="",
        attempts=0,
        next_attempt_at=timezone.now(),
        updated_at=timezone.now(),
    )
    source.refresh_from_db()
    source_id, generation = source.pk, source.fetch_generation
    transaction.on_commit(lambda: tasks.fetch_source.delay(source_id, generation))
    return source


def _start_attempt(model: type[Source] | type[ArticleImport], pk: int, generation: int | None) -> object | None:
    """Mark the row as fetching and count the attempt, unless its work is done or superseded."""
    with transaction.atomic():
        row = model.objects.select_for_update().filter(pk=pk).first()
        if row is None:
            return None
        if isinstance(row, Source):
            if row.fetch_generation != generation or row.fetch_state in (FetchState.FETCHED, FetchState.FAILED):
                return None
            row.fetch_state = FetchState.FETCHING
            state_field = "fetch_state"
        else:
            if row.state in (ImportState.DONE, ImportState.FAILED):
                return None
            row.state = ImportState.FETCHING
            state_field = "state"
        row.attempts += 1
        # While it runs, the sweep leaves it alone; a worker that dies leaves it overdue.
        row.next_attempt_at = timezone.now() + timedelta(seconds=settings.FETCH_STALE_SECONDS)
        row.save(update_fields=[state_field, "attempts", "next_attempt_at", "updated_at"])
        return row


def source_fetch_step(*, source_id: int, generation: int) -> None:
    """Download a source and keep the body; then extraction is enqueued, or a retry, or it fails."""
    source = _start_attempt(Source, source_id, generation)
    if source is None:
        return
    assert isinstance(source, Source)
    try:
        result = download(source.url)
    except safe_http.FetchError as error:
        _source_failed_attempt(source_id, generation, error)
        return
    with transaction.atomic():
        locked = Source.objects.select_for_update().filter(pk=source_id, fetch_generation=generation).first()
        if locked is None or locked.fetch_state != FetchState.FETCHING:
            return
        digest = hashlib.sha256(result.body).hexdigest()
        locked.stored_copy.save(f"{locked.pk}-{digest[:16]}.gz", _compressed(result.body), save=False)
        locked.content_type = result.content_type[:200]
        locked.final_url = result.final_url[:2000]
        locked.http_status = result.status_code
        locked.content_sha256 = digest
        locked.save(
            update_fields=["stored_copy", "content_type", "final_url", "http_status", "content_sha256", "updated_at"]
        )
        transaction.on_commit(lambda: tasks.extract_source.delay(source_id, generation))


def _source_failed_attempt(source_id: int, generation: int, error: safe_http.FetchError) -> None:
    with transaction.atomic():
        locked = Source.objects.select_for_update().filter(pk=source_id, fetch_generation=generation).first()
        if locked is None:
            return
        if error.transient and locked.attempts < settings.FETCH_MAX_ATTEMPTS:
            delay = retry_delay(locked.attempts)
            locked.fetch_state = FetchState.PENDING
            locked.fetch_error = f"{error.message}; retrying in {delay:.0f} s (attempt {locked.attempts} failed)"
            locked.next_attempt_at = timezone.now() + timedelta(seconds=delay)
            transaction.on_commit(lambda: tasks.fetch_source.apply_async((source_id, generation), countdown=delay))
        else:
            locked.fetch_state = FetchState.FAILED
            locked.fetch_error = error.message
            if error.transient:
                locked.fetch_error += f" (gave up after {locked.attempts} attempts)"
            locked.next_attempt_at = None
        locked.http_status = error.status_code
        locked.save(update_fields=["fetch_state", "fetch_error", "next_attempt_at", "http_status", "updated_at"])


def source_extract_step(*, source_id: int, generation: int) -> None:
    """Read the stored copy: text and metadata, ranked passages; the source becomes fetched (or failed)."""
    source = (
        Source.objects.select_related("claim")
        .filter(pk=source_id, fetch_generation=generation, fetch_state=FetchState.FETCHING)
        .first()
    )
    if source is None or not source.stored_copy:
        return
    try:
        document = extraction.extract(
            read_stored_copy(source.stored_copy),
            source.content_type,
            url=source.final_url or source.url,
            text_limit=settings.FETCH_TEXT_LIMIT,
        )
    except extraction.ExtractionError as error:
        Source.objects.filter(pk=source_id, fetch_generation=generation).update(
            fetch_state=FetchState.FAILED, fetch_error=error.message, next_attempt_at=None, updated_at=timezone.now()
        )
        return
    claim_text = source.claim.claim_text or source.claim.quote_exact
    ranked = passages.rank_passages(claim_text, document.text, top=3)
    best = ranked[0] if ranked else None
    services.source_record_fetched(
        source=source,
        document=services.FetchedDocument(
            final_url=source.final_url,
            http_status=source.http_status or 200,
            content_sha256=source.content_sha256,
            extracted_text=document.text,
            title=document.title,
            publisher=document.publisher,
            author=document.author,
            published_at=document.published_at,
            canonical_url=document.canonical_url[:2000],
            passage_text=best.text if best else "",
            passage_start=best.start if best else None,
            passage_end=best.end if best else None,
            passage_score=best.score if best else None,
            passages=[
                {
                    "start": p.start,
                    "end": p.end,
                    "text": p.text,
                    "score": round(p.score, 4),
                    "numbers": p.numbers,
                    # Which stated quantity agrees or differs with which of the claim's, for the annotator to mark.
                    "details": [{"claim": c, "passage": q, "relation": r} for c, q, r in p.details],
                }
                for p in ranked
            ],
            numbers_agreement=passages.numbers_verdict(ranked),
        ),
        generation=generation,
    )


def sources_overdue() -> QuerySet[Source]:
    """Sources whose fetch should have moved on by now: a lost message, a dead worker, a broker restart."""
    margin = timezone.now() - timedelta(seconds=settings.FETCH_SWEEP_GRACE_SECONDS)
    return Source.objects.filter(
        fetch_state__in=(FetchState.PENDING, FetchState.FETCHING), next_attempt_at__lt=margin
    ).order_by("next_attempt_at")


def sweep_overdue_fetches(*, limit: int = 500) -> list[int]:
    """Re-enqueue overdue source fetches and article imports; returns the source ids re-enqueued."""
    swept = []
    for source in sources_overdue()[:limit]:
        if source.fetch_state == FetchState.FETCHING and source.stored_copy:
            tasks.extract_source.delay(source.pk, source.fetch_generation)
        else:
            tasks.fetch_source.delay(source.pk, source.fetch_generation)
        swept.append(source.pk)
    margin = timezone.now() - timedelta(seconds=settings.FETCH_SWEEP_GRACE_SECONDS)
    for article_import in ArticleImport.objects.filter(
        state__in=(ImportState.PENDING, ImportState.FETCHING), next_attempt_at__lt=margin
    )[:limit]:
        tasks.import_article.delay(article_import.pk)
    return swept


# --- Link checks ------------------------------------------------------------------------------


def sources_due_for_link_check() -> QuerySet[Source]:
    cutoff = timezone.now() - timedelta(days=settings.FETCH_LINK_CHECK_DAYS)
    return Source.objects.filter(claim__state__in=PUBLIC_CLAIM_STATES, fetch_state=FetchState.FETCHED).filter(
        Q(link_checked_at__isnull=True) | Q(link_checked_at__lt=cutoff)
    )


def source_check_link(*, source_id: int) -> None:
    """Fetch a published source again: flag a dead link or changed content; the stored copy stays as it was."""
    source = Source.objects.filter(pk=source_id, fetch_state=FetchState.FETCHED).first()
    if source is None:
        return
    status, problem = LinkStatus.OK, ""
    try:
        result = download(source.url)
    except safe_http.FetchError as error:
        status, problem = LinkStatus.DEAD, error.message
    else:
        if hashlib.sha256(result.body).hexdigest() != source.content_sha256:
            status, problem = LinkStatus.CHANGED, "the page differs from the stored copy the verdict relied on"
    Source.objects.filter(pk=source_id).update(
        link_status=status, link_error=problem, link_checked_at=timezone.now(), updated_at=timezone.now()
    )


# --- Article import by url --------------------------------------------------------------------


@transaction.atomic
def article_import_request(*, url: str, requested_by: User | None) -> ArticleImport:
    """Ask a worker to create an article from a page; answers at once."""
    article_import = ArticleImport.objects.create(url=url, requested_by=requested_by, next_attempt_at=timezone.now())
    import_id = article_import.pk
    transaction.on_commit(lambda: tasks.import_article.delay(import_id))
    return article_import


def article_import_step(*, import_id: int) -> None:
    """Download the page (I/O queue); extraction and the article follow on the CPU queue."""
    row = _start_attempt(ArticleImport, import_id, None)
    if row is None:
        return
    assert isinstance(row, ArticleImport)
    try:
        result = download(row.url)
    except safe_http.FetchError as error:
        with transaction.atomic():
            locked = ArticleImport.objects.select_for_update().get(pk=import_id)
            if error.transient and locked.attempts < settings.FETCH_MAX_ATTEMPTS:
                delay = retry_delay(locked.attempts)
                locked.state, locked.error = ImportState.PENDING, f"{error.message}; retrying in {delay:.0f} s"
                locked.next_attempt_at = timezone.now() + timedelta(seconds=delay)
                transaction.on_commit(lambda: tasks.import_article.apply_async((import_id,), countdown=delay))
            else:
                locked.state, locked.error, locked.next_attempt_at = ImportState.FAILED, error.message, None
            locked.save(update_fields=["state", "error", "next_attempt_at", "updated_at"])
        return
    with transaction.atomic():
        locked = ArticleImport.objects.select_for_update().get(pk=import_id)
        if locked.state != ImportState.FETCHING:
            return
        locked.stored_copy.save(f"{locked.pk}.gz", _compressed(result.body), save=False)
        locked.content_type, locked.final_url = result.content_type[:200], result.final_url[:2000]
        locked.save(update_fields=["stored_copy", "content_type", "final_url", "updated_at"])
        transaction.on_commit(lambda: tasks.extract_article_import.delay(import_id))


def article_import_extract_step(*, import_id: int) -> Article | None:
    """Create the article from the stored page, or record why it cannot be."""
    with transaction.atomic():
        locked = ArticleImport.objects.select_for_update().filter(pk=import_id, state=ImportState.FETCHING).first()
        if locked is None or not locked.stored_copy:
            return None
        try:
            document = extraction.extract(
                read_stored_copy(locked.stored_copy),
                locked.content_type,
                url=locked.final_url or locked.url,
                text_limit=settings.FACTCHECK_MAX_ARTICLE_BYTES,
            )
            article = services.article_create(
                title=document.title or locked.final_url or locked.url,
                body=document.text,
                url=locked.url,
                publisher=document.publisher,
                author=document.author,
                published_at=document.published_at,
                created_by=locked.requested_by,
            )
        except (extraction.ExtractionError, ApplicationError) as error:
            locked.state, locked.error, locked.next_attempt_at = ImportState.FAILED, error.message, None
            locked.save(update_fields=["state", "error", "next_attempt_at", "updated_at"])
            return None
        locked.state, locked.article, locked.error, locked.next_attempt_at = ImportState.DONE, article, "", None
        locked.save(update_fields=["state", "article", "error", "next_attempt_at", "updated_at"])
        return article
