"""Every write of suggestions and matches: detect, accept, dismiss; refresh a claim's matches, reject, restore."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from annotations import anchoring
from annotations import services as annotation_services
from annotations.errors import ApplicationError
from annotations.models import Article, ArticleRevision, Claim
from annotations.passages import split_sentences
from suggestions import detection, matching, pair_model, queries
from suggestions.models import ClaimMatch, DetectionRun, MatchRun, Suggestion, SuggestionState

# A checkable sentence longer than this is cut: the editor rewrites it anyway.
MAX_CLAIM_TEXT = 500


@dataclass(frozen=True)
class DetectSummary:
    revision_number: int
    open_count: int
    created: int
    superseded: bool = False  # the article was edited while detecting; nothing was stored


def _covered_by_claim(candidate: detection.Candidate, claims: list[tuple[int, int]]) -> bool:
    """An existing claim covers at least half of the candidate: suggesting it again is noise."""
    for start, end in claims:
        overlap = min(end, candidate.end) - max(start, candidate.start)
        if overlap > 0 and overlap * 2 >= candidate.end - candidate.start:
            return True
    return False


def suggestions_detect(*, article_id: int) -> DetectSummary | None:
    """Propose check-worthy spans of the article's current revision.

    Idempotent: a revision already detected is left alone. Open suggestions move onto the new text (or go
    when their quote is gone); quotes an editor accepted or dismissed, keyed by type and normalised text,
    never come back. Returns None when the article is gone.
    """
    revision = ArticleRevision.objects.filter(article_id=article_id, article__current_revision=F("pk")).first()
    if revision is None:
        return None
    run = DetectionRun.objects.filter(article_id=article_id, revision=revision).first()
    if run is not None:
        return DetectSummary(revision.number, run.suggestion_count, 0)
    # The CPU work runs before any lock is taken, so that editing the article meanwhile is not held up.
    candidates = detection.detect(revision.body)
    return _suggestions_store(article_id=article_id, revision=revision, candidates=candidates)


@transaction.atomic
def _suggestions_store(
    *, article_id: int, revision: ArticleRevision, candidates: list[detection.Candidate]
) -> DetectSummary | None:
    article = Article.objects.select_for_update(of=("self",)).filter(pk=article_id).first()
    if article is None:
        return None
    if article.current_revision_id != revision.pk:
        # Edited meanwhile: the newer revision's own task makes its suggestions.
        return DetectSummary(revision.number, 0, 0, superseded=True)
    run = DetectionRun.objects.filter(article=article).first()
    if run is not None and run.revision_id == revision.pk:
        return DetectSummary(revision.number, run.suggestion_count, 0)

    text = revision.body
    claims = list(
        Claim.objects.filter(article=article, revision=revision).values_list("position_start", "position_end")
    )
    existing = {(s.type, s.quote_key): s for s in Suggestion.objects.select_for_update().filter(article=article)}
    wanted: dict[tuple[str, str], Suggestion] = {}
    for candidate in candidates:
        if len(wanted) >= settings.FACTCHECK_MAX_SUGGESTIONS:
            break  # the list is ranked, so the cap drops the least check-worthy
        key = (candidate.type, detection.normalise_quote(text[candidate.start : candidate.end]))
        if not key[1] or key in wanted or _covered_by_claim(candidate, claims):
            continue
        row = existing.get(key)
        if row is not None and row.state != SuggestionState.OPEN:
            continue  # an editor decided on this quote already
        selectors = anchoring.selectors_from_position(text, candidate.start, candidate.end)
        row = row or Suggestion(article=article, type=candidate.type, quote_key=key[1])
        row.revision = revision
        row.position_start, row.position_end = selectors.position.start, selectors.position.end
        row.quote_exact, row.quote_prefix, row.quote_suffix = (
            selectors.quote.exact,
            selectors.quote.prefix,
            selectors.quote.suffix,
        )
        row.score, row.reason, row.numbers = candidate.score, candidate.reason, list(candidate.numbers)
        wanted[key] = row

    gone = [s.pk for k, s in existing.items() if s.state == SuggestionState.OPEN and k not in wanted]
    Suggestion.objects.filter(pk__in=gone).delete()
    fresh = [row for row in wanted.values() if row.pk is None]
    moved = [row for row in wanted.values() if row.pk is not None]
    now = timezone.now()
    for row in moved:
        row.updated_at = now  # bulk_update does not apply auto_now
    Suggestion.objects.bulk_create(fresh)
    Suggestion.objects.bulk_update(
        moved,
        [
            "revision",
            "position_start",
            "position_end",
            "quote_exact",
            "quote_prefix",
            "quote_suffix",
            "score",
            "reason",
            "numbers",
            "updated_at",
        ],
    )
    DetectionRun.objects.update_or_create(
        article=article, defaults={"revision": revision, "suggestion_count": len(wanted)}
    )
    return DetectSummary(revision.number, len(wanted), len(fresh))


def _sentence_around(text: str, start: int, end: int) -> str:
    for sentence in split_sentences(text):
        if sentence.start <= start < sentence.end:
            return text[sentence.start : max(sentence.end, end)].strip()[:MAX_CLAIM_TEXT]
    return text[start:end]


def _lock_open(suggestion: Suggestion) -> Suggestion:
    return (
        Suggestion.objects.select_for_update(of=("self",))
        .select_related("article__current_revision")
        .get(pk=suggestion.pk)
    )


@transaction.atomic
def suggestion_accept(*, suggestion: Suggestion, actor: User | None, claim_text: str = "", claimant: str = "") -> Claim:
    """Make an open suggestion a claim on the same span of the current text.

    Without `claim_text` the claim's checkable sentence is the sentence holding the span, for the editor
    to tighten. Refused (409) when the suggestion was decided already or its text is no longer there.
    """
    locked = _lock_open(suggestion)
    if locked.state != SuggestionState.OPEN:
        raise ApplicationError(f"the suggestion was already {locked.state}.", code="not_open", status=409)
    article = locked.article
    revision = article.current_revision
    assert revision is not None, "an article always has a revision; create it with article_create()"
    if revision.body[locked.position_start : locked.position_end] != locked.quote_exact:
        raise ApplicationError(
            "the article text changed and no longer holds this suggestion's quote at its place; "
            "reload the suggestions (they are being made again for the new text).",
            code="stale_suggestion",
            status=409,
        )
    claim = annotation_services.claim_create(
        article=article,
        created_by=actor,
        start=locked.position_start,
        end=locked.position_end,
        claim_text=claim_text or _sentence_around(revision.body, locked.position_start, locked.position_end),
        claimant=claimant,
    )
    locked.state = SuggestionState.ACCEPTED
    locked.claim = claim
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["state", "claim", "decided_by", "decided_at", "updated_at"])
    return claim


@transaction.atomic
def suggestion_dismiss(*, suggestion: Suggestion, actor: User | None) -> Suggestion:
    """Dismiss a suggestion; its quote is remembered so that later revisions do not propose it again.

    Dismissing twice changes nothing; an accepted suggestion cannot be dismissed (409).
    """
    locked = _lock_open(suggestion)
    if locked.state == SuggestionState.ACCEPTED:
        raise ApplicationError("the suggestion was accepted; delete the claim instead.", code="accepted", status=409)
    if locked.state == SuggestionState.OPEN:
        locked.state = SuggestionState.DISMISSED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.save(update_fields=["state", "decided_by", "decided_at", "updated_at"])
    return locked


def matching_text(claim: Claim) -> str:
    """What a claim is matched by: its checkable sentence, else its quote (queries.matching_text_expression in SQL)."""
    return claim.claim_text or claim.quote_exact


def claim_match_differences(*, claim: Claim, matched: Iterable[Claim]) -> dict[int, matching.Differences]:
    """Per matched claim id, what it and the claim each say that the other does not (for the editor to weigh)."""
    query = matching.profile(matching_text(claim))
    return {other.pk: matching.differences(query, matching.profile(matching_text(other))) for other in matched}


def claim_matches_refresh(*, claim_id: int) -> int | None:
    """Store the earlier claims and public fact-checks that say what the claim says (above the threshold).

    Idempotent: the matches are replaced as a whole, and a claim whose text was matched already is left alone.
    Matches an editor rejected stay rejected and are never listed again, whatever the claim's text becomes.
    Returns the number of matches not rejected, or None when the claim is gone.
    """
    claim = Claim.objects.filter(pk=claim_id).only("pk", "article_id", "claim_text", "quote_exact").first()
    if claim is None:
        return None
    text = matching_text(claim)
    if MatchRun.objects.filter(claim=claim, text=text).exists():
        return ClaimMatch.objects.filter(claim=claim, rejected_at__isnull=True).count()
    # Reading and scoring every candidate happens before any lock is taken. Matches an editor rejected are left
    # out before the pair model reads the rules' best, so that the others fill their places.
    rejected = _rejected_ids(claim)
    candidates = ((pk, other) for pk, other in queries.match_candidates(claim=claim, text=text) if pk not in rejected)
    return _matches_store(claim_id=claim_id, text=text, ranked=pair_model.rank(text, candidates))


def _rejected_ids(claim: Claim) -> set[int]:
    return set(ClaimMatch.objects.filter(claim=claim, rejected_at__isnull=False).values_list("matched_id", flat=True))


@transaction.atomic
def _matches_store(*, claim_id: int, text: str, ranked: list[matching.Scored]) -> int | None:
    claim = Claim.objects.select_for_update(of=("self",)).filter(pk=claim_id).first()
    if claim is None:
        return None
    if matching_text(claim) != text:
        return None  # edited meanwhile: the edit enqueued matching of the new text
    rejected = _rejected_ids(claim)  # again, under the lock: one may have been rejected meanwhile
    wanted = [s for s in ranked if s.key not in rejected]
    # A candidate deleted since it was read would break the foreign key: keep those still there.
    present = set(Claim.objects.filter(pk__in=[s.key for s in wanted]).values_list("pk", flat=True))
    kept = [s for s in wanted if s.key in present][: matching.MAX_MATCHES]
    ClaimMatch.objects.filter(claim=claim, rejected_at__isnull=True).delete()
    ClaimMatch.objects.bulk_create(ClaimMatch(claim=claim, matched_id=s.key, score=s.score) for s in kept)
    MatchRun.objects.update_or_create(claim=claim, defaults={"text": text})
    return len(kept)


def _lock_match(match: ClaimMatch) -> ClaimMatch:
    """The match, locked after its claim, as _matches_store locks them: a rejection cannot slip between its reading
    the rejected matches and its replacing the others. 409 when matching replaced the match meanwhile."""
    Claim.objects.select_for_update(of=("self",)).filter(pk=match.claim_id).first()
    locked = ClaimMatch.objects.select_for_update().filter(pk=match.pk).first()
    if locked is None:
        raise ApplicationError(
            "the claim was matched again meanwhile and this match is gone; reload the matches.",
            code="stale_match",
            status=409,
        )
    return locked


@transaction.atomic
def claim_match_reject(*, match: ClaimMatch, actor: User | None) -> ClaimMatch:
    """An editor says the earlier claim does not say what this one says: it is no longer listed as a match, and
    matching the claim again (after an edit) does not bring it back. Rejecting twice changes nothing."""
    locked = _lock_match(match)
    if locked.rejected_at is None:
        locked.rejected_at = timezone.now()
        locked.rejected_by = actor
        locked.save(update_fields=["rejected_at", "rejected_by"])
    return locked


@transaction.atomic
def claim_match_restore(*, match: ClaimMatch) -> ClaimMatch:
    """Undo a rejection: the earlier claim is listed as a match again, with the score it had. Restoring a match
    that was not rejected changes nothing."""
    locked = _lock_match(match)
    if locked.rejected_at is not None:
        locked.rejected_at = None
        locked.rejected_by = None
        locked.save(update_fields=["rejected_at", "rejected_by"])
    return locked
