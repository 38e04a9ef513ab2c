"""Every write of reference discovery from the editors' side: ask for searches, attach or dismiss a suggestion."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from annotations import services as annotation_services
from annotations.errors import ApplicationError
from annotations.models import Claim, Source
from discovery import tasks
from discovery.models import ReferenceSearch, ReferenceSuggestion, SearchState, SuggestionState
from discovery.providers import enabled_providers


@transaction.atomic
def reference_search_request(*, claim: Claim, providers: Sequence[str] | None = None) -> list[ReferenceSearch]:
    """Start a new search of each enabled provider (or of `providers`) for the claim; tasks run after commit.

    A search already under way is superseded: its generation moves on, so its task's results are dropped.
    """
    enabled = [provider.name for provider in enabled_providers()]
    if providers is not None:
        off = [name for name in providers if name not in enabled]
        if off:
            raise ApplicationError(
                f"{', '.join(off)} is not enabled; enabled providers: {', '.join(enabled) or 'none'}.",
                code="invalid",
                field="providers",
            )
    names = enabled if providers is None else [name for name in enabled if name in providers]
    if not names:
        return []
    # One request per claim at a time, so two requests never both create a provider's row.
    Claim.objects.select_for_update().filter(pk=claim.pk).first()
    now = timezone.now()
    text = claim.claim_text or claim.quote_exact
    existing = {
        search.provider: search
        for search in ReferenceSearch.objects.select_for_update().filter(claim_id=claim.pk, provider__in=names)
    }
    created, updated = [], []
    for name in names:
        search = existing.get(name)
        if search is None:
            search = ReferenceSearch(claim_id=claim.pk, provider=name, requested_at=now)
            created.append(search)
        else:
            search.generation += 1
            updated.append(search)
        search.state, search.message, search.attempts, search.query = SearchState.PENDING, "", 0, text
        search.requested_at, search.finished_at, search.next_attempt_at = now, None, now
    ReferenceSearch.objects.bulk_create(created)
    ReferenceSearch.objects.bulk_update(
        updated,
        ["generation", "state", "message", "attempts", "query", "requested_at", "finished_at", "next_attempt_at"],
    )
    work = [(search.pk, search.generation) for search in [*created, *updated]]

    def enqueue() -> None:
        for search_id, generation in work:
            tasks.discover_references.delay(search_id, generation)

    transaction.on_commit(enqueue)
    return [*created, *updated]


@transaction.atomic
def reference_suggestion_attach(
    *, suggestion: ReferenceSuggestion, stance: str, actor: User | None, note: str = ""
) -> Source:
    """Make the suggestion a source of its claim; it is fetched like any other (the source service enqueues it)."""
    # The claim first, as a search storing its results does: adding the source touches the claim row too.
    Claim.objects.select_for_update().filter(pk=suggestion.claim_id).first()
    locked = ReferenceSuggestion.objects.select_for_update().select_related("claim").get(pk=suggestion.pk)
    if locked.state == SuggestionState.ATTACHED:
        raise ApplicationError("this suggestion is attached already.", code="attached", status=409)
    source = annotation_services.source_add(
        claim=locked.claim, url=locked.url, stance=stance, note=note, added_by=actor
    )
    locked.state, locked.source, locked.decided_by, locked.decided_at = (
        SuggestionState.ATTACHED,
        source,
        actor,
        timezone.now(),
    )
    locked.save(update_fields=["state", "source", "decided_by", "decided_at", "updated_at"])
    suggestion.refresh_from_db()
    return source


@transaction.atomic
def reference_suggestion_dismiss(*, suggestion: ReferenceSuggestion, actor: User | None) -> ReferenceSuggestion:
    """Hide the suggestion for good: later searches that find the same url leave it dismissed."""
    locked = ReferenceSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if locked.state == SuggestionState.ATTACHED:
        raise ApplicationError("this suggestion is attached; delete the source instead.", code="attached", status=409)
    if locked.state != SuggestionState.DISMISSED:
        locked.state, locked.decided_by, locked.decided_at = SuggestionState.DISMISSED, actor, timezone.now()
        locked.save(update_fields=["state", "decided_by", "decided_at", "updated_at"])
    return locked
