"""Every write to the domain: articles and revisions, claims, sources, verdicts, comments."""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from annotations import anchoring, tasks
from annotations.audit import audit_record, diff, snapshot
from annotations.errors import ApplicationError
from annotations.models import (
    PUBLIC_CLAIM_STATES,
    AnchoringState,
    Article,
    ArticleRevision,
    AuditAction,
    Claim,
    Comment,
    FetchState,
    Rating,
    Source,
    Stance,
    Verdict,
    VerdictVersion,
)
from suggestions import tasks as suggestion_tasks


def _check_body_size(body: str) -> None:
    limit = settings.FACTCHECK_MAX_ARTICLE_BYTES
    size = len(body.encode("utf-8"))
    if size > limit:
        raise ApplicationError(
            f"the text is {size} bytes; the limit is {limit} bytes.", code="too_large", field="body", status=413
        )


def _check_text(value: str, *, field: str) -> None:
    # PostgreSQL cannot store NUL; refuse it with a reason rather than fail in the database.
    if "\x00" in value:
        raise ApplicationError(f"{field} contains a NUL character, which is not allowed.", code="invalid", field=field)


# --- Articles -----------------------------------------------------------------------------


@transaction.atomic
def article_create(
    *,
    title: str,
    body: str,
    created_by: User | None,
    url: str = "",
    publisher: str = "",
    author: str = "",
    published_at: datetime.datetime | None = None,
    language: str = "en",
) -> Article:
    """Create an article with its first revision; the body is stored canonical (NFC, "\\n")."""
    _check_body_size(body)
    canonical = anchoring.canonicalize(body)
    for field, value in (("title", title), ("body", canonical)):
        _check_text(value, field=field)
    if not title.strip():
        raise ApplicationError("title may not be blank.", code="blank", field="title")
    if not canonical.strip():
        raise ApplicationError("body may not be blank.", code="blank", field="body")
    article = Article.objects.create(
        title=title.strip(),
        url=url,
        publisher=publisher,
        author=author,
        published_at=published_at,
        language=language,
        created_by=created_by,
    )
    revision = ArticleRevision.objects.create(article=article, number=1, body=canonical, created_by=created_by)
    article.current_revision = revision
    article.save(update_fields=["current_revision", "updated_at"])
    audit_record(
        actor=created_by,
        action=AuditAction.CREATED,
        obj=article,
        changes={**snapshot(article, ARTICLE_METADATA_FIELDS), "revision": 1},
    )
    article_id = article.pk
    transaction.on_commit(lambda: suggestion_tasks.detect_article.delay(article_id))
    return article


@transaction.atomic
def article_revise(*, article: Article, body: str, actor: User | None) -> ArticleRevision | None:
    """Store an edited body as a new revision and re-anchor the claims after commit.

    Returns None when the canonical text did not change (no revision is made).
    """
    _check_body_size(body)
    canonical = anchoring.canonicalize(body)
    _check_text(canonical, field="body")
    if not canonical.strip():
        raise ApplicationError("body may not be blank.", code="blank", field="body")
    locked = Article.objects.select_for_update(of=("self",)).select_related("current_revision").get(pk=article.pk)
    current = locked.current_revision
    assert current is not None, "an article always has a revision; create it with article_create()"
    if current.body == canonical:
        return None
    revision = ArticleRevision.objects.create(
        article=locked, number=current.number + 1, body=canonical, created_by=actor
    )
    locked.current_revision = revision
    locked.save(update_fields=["current_revision", "updated_at"])
    article.current_revision = revision
    article_id = locked.pk
    audit_record(
        actor=actor, action=AuditAction.UPDATED, obj=locked, changes={"revision": [current.number, revision.number]}
    )
    transaction.on_commit(lambda: tasks.reanchor_article.delay(article_id))
    transaction.on_commit(lambda: suggestion_tasks.detect_article.delay(article_id))
    return revision


ARTICLE_METADATA_FIELDS = ("title", "url", "publisher", "author", "published_at", "language")


@transaction.atomic
def article_update_metadata(*, article: Article, changes: dict[str, Any], actor: User | None) -> Article:
    """Change an article's title, url, publisher, author, published_at or language."""
    unknown = set(changes) - set(ARTICLE_METADATA_FIELDS)
    assert not unknown, f"article_update_metadata() does not change {sorted(unknown)}; use article_revise() for body"
    if "title" in changes:
        _check_text(changes["title"], field="title")
        if not changes["title"].strip():
            raise ApplicationError("title may not be blank.", code="blank", field="title")
        changes["title"] = changes["title"].strip()
    before = snapshot(article, list(changes))
    for field, value in changes.items():
        setattr(article, field, value)
    changed = diff(before, snapshot(article, list(changes)))
    if changed:
        article.save(update_fields=[*changes, "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATED, obj=article, changes=changed)
    return article


@transaction.atomic
def article_update(*, article: Article, changes: dict[str, Any], actor: User | None) -> Article:
    """Change metadata and, when `changes` holds a body, store it as a new revision; all or nothing."""
    changes = dict(changes)
    body = changes.pop("body", None)
    article_update_metadata(article=article, changes=changes, actor=actor)
    if body is not None:
        article_revise(article=article, body=body, actor=actor)
    return article


@transaction.atomic
def article_delete(*, article: Article, actor: User | None) -> None:
    """Delete an article with its revisions and claims, unless a fact-check on it is public."""
    if article.claims.filter(state__in=PUBLIC_CLAIM_STATES).exists():
        raise ApplicationError(
            "the article has published fact-checks; unpublish them first.", code="published", status=409
        )
    audit_record(actor=actor, action=AuditAction.DELETED, obj=article, changes=snapshot(article, ["title", "url"]))
    # Claims protect their revisions, so they go first.
    article.claims.all().delete()
    Article.objects.filter(pk=article.pk).update(current_revision=None)
    article.revisions.all().delete()
    Article.objects.filter(pk=article.pk).delete()


@dataclass(frozen=True)
class ReanchorSummary:
    revision_number: int
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@transaction.atomic
def article_reanchor_claims(*, article_id: int) -> ReanchorSummary | None:
    """Move every claim not yet on the article's current revision onto it.

    Idempotent: claims already on the current revision are left alone, so running it twice
    (a redelivered task, the sweep) changes nothing more. Orphaned claims are tried again
    against the newest text and stay orphaned, with their last selectors, if they still fail.
    """
    article = (
        Article.objects.select_for_update(of=("self",)).select_related("current_revision").filter(pk=article_id).first()
    )
    if article is None or article.current_revision is None:
        return None
    target = article.current_revision
    claims = list(
        Claim.objects.select_for_update(of=("self",))
        .filter(article_id=article_id)
        .exclude(revision_id=target.pk)
        .select_related("revision")
        .order_by("id")
    )
    by_revision: dict[int, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_revision[claim.revision_id].append(claim)

    counts: dict[str, int] = defaultdict(int)
    for group in by_revision.values():
        old_text = group[0].revision.body
        results = anchoring.reanchor_many(old_text, target.body, [_selectors_of(c) for c in group])
        for claim, result in zip(group, results, strict=True):
            _apply_anchor_result(claim, result, target)
            counts[claim.anchoring_state] += 1
    Claim.objects.bulk_update(
        claims,
        [
            "revision",
            "position_start",
            "position_end",
            "quote_exact",
            "quote_prefix",
            "quote_suffix",
            "anchoring_state",
            "needs_review",
        ],
    )
    return ReanchorSummary(revision_number=target.number, counts=dict(counts))


def _selectors_of(claim: Claim) -> anchoring.Selectors:
    return anchoring.Selectors(
        position=anchoring.TextPosition(claim.position_start, claim.position_end),
        quote=anchoring.TextQuote(claim.quote_exact, claim.quote_prefix, claim.quote_suffix),
    )


def _apply_anchor_result(claim: Claim, result: anchoring.AnchorResult, target: ArticleRevision) -> None:
    claim.anchoring_state = result.state
    if result.selectors is None:
        # Orphaned: keep the last selectors and their revision so editors still see the quote.
        claim.needs_review = True
        return
    claim.revision = target
    _set_selectors(claim, result.selectors)
    claim.needs_review = claim.needs_review or result.quote_changed


def _set_selectors(claim: Claim, selectors: anchoring.Selectors) -> None:
    claim.position_start = selectors.position.start
    claim.position_end = selectors.position.end
    claim.quote_exact = selectors.quote.exact
    claim.quote_prefix = selectors.quote.prefix
    claim.quote_suffix = selectors.quote.suffix


# --- Claims -------------------------------------------------------------------------------


def build_selectors(
    *,
    text: str,
    start: int | None = None,
    end: int | None = None,
    exact: str | None = None,
    prefix: str = "",
    suffix: str = "",
) -> anchoring.Selectors:
    """Both W3C selectors for a span given by position or by quote; refusals name the selector."""
    try:
        if exact is not None:
            return anchoring.selectors_from_quote(text, exact, prefix, suffix)
        if start is None or end is None:
            raise ApplicationError(
                "give either start and end, or exact (with optional prefix and suffix).",
                code="invalid",
                field="selector",
            )
        return anchoring.selectors_from_position(text, start, end)
    except anchoring.AnchoringError as error:
        raise ApplicationError(error.message, code=error.code, field="selector") from error


@transaction.atomic
def claim_create(
    *,
    article: Article,
    created_by: User | None,
    start: int | None = None,
    end: int | None = None,
    exact: str | None = None,
    prefix: str = "",
    suffix: str = "",
    claim_text: str = "",
    claimant: str = "",
    claim_date: datetime.date | None = None,
    tags: Sequence[str] = (),
    assignee: User | None = None,
) -> Claim:
    """Mark a span of the article's current revision as a claim."""
    revision = article.current_revision
    assert revision is not None, "an article always has a revision; create it with article_create()"
    for field, value in (("claim_text", claim_text), ("claimant", claimant)):
        _check_text(value, field=field)
    selectors = build_selectors(text=revision.body, start=start, end=end, exact=exact, prefix=prefix, suffix=suffix)
    claim = Claim(
        article=article,
        revision=revision,
        claim_text=claim_text.strip(),
        claimant=claimant.strip(),
        claim_date=claim_date,
        tags=list(tags),
        assignee=assignee,
        created_by=created_by,
        anchoring_state=AnchoringState.ANCHORED,
    )
    _set_selectors(claim, selectors)
    claim.save()
    audit_record(
        actor=created_by,
        action=AuditAction.CREATED,
        obj=claim,
        changes=snapshot(claim, ("position_start", "position_end", "quote_exact", *CLAIM_EDITABLE_FIELDS)),
    )
    claim_id = claim.pk
    transaction.on_commit(lambda: suggestion_tasks.match_claim.delay(claim_id))
    _request_reference_search(claim)
    return claim


def _request_reference_search(claim: Claim) -> None:
    # Imported here: discovery builds on these services (attaching a suggestion adds a source).
    from discovery.services import reference_search_request

    reference_search_request(claim=claim)


CLAIM_EDITABLE_FIELDS = ("claim_text", "claimant", "claim_date", "tags", "assignee")


def _check_assignee(assignee: User | None) -> None:
    from annotations.models import Role
    from annotations.permissions import has_role

    if assignee is not None and not (assignee.is_active and has_role(assignee, Role.ANNOTATOR)):
        raise ApplicationError(
            f"{assignee.username} cannot be assigned claims: they have no editorial role.",
            code="invalid",
            field="assignee",
        )


@transaction.atomic
def claim_update(*, claim: Claim, changes: dict[str, Any], actor: User | None) -> Claim:
    """Change a claim's checkable sentence, claimant, date, tags or assignee (never its span)."""
    unknown = set(changes) - set(CLAIM_EDITABLE_FIELDS)
    assert not unknown, f"claim_update() does not change {sorted(unknown)}"
    for field in ("claim_text", "claimant"):
        if field in changes:
            _check_text(changes[field], field=field)
            changes[field] = changes[field].strip()
    if "assignee" in changes:
        _check_assignee(changes["assignee"])
    before = snapshot(claim, list(changes))
    for field, value in changes.items():
        setattr(claim, field, value)
    changed = diff(before, snapshot(claim, list(changes)))
    if changed:
        claim.save(update_fields=[*changes, "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATED, obj=claim, changes=changed)
        if "claim_text" in changed:
            claim_id = claim.pk
            transaction.on_commit(lambda: suggestion_tasks.match_claim.delay(claim_id))
            # The searches looked for the old sentence.
            _request_reference_search(claim)
    return claim


@transaction.atomic
def claim_delete(*, claim: Claim, actor: User | None) -> None:
    """Delete a claim that has not gone public; public ones are unpublished instead."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if locked.state in PUBLIC_CLAIM_STATES:
        raise ApplicationError("a published fact-check cannot be deleted; unpublish it.", code="published", status=409)
    audit_record(
        actor=actor, action=AuditAction.DELETED, obj=locked, changes=snapshot(locked, ("quote_exact", "claim_text"))
    )
    locked.delete()


# --- Sources ------------------------------------------------------------------------------

SOURCE_FIELDS = ("url", "stance", "note")


@transaction.atomic
def source_add(*, claim: Claim, url: str, stance: str, added_by: User | None, note: str = "") -> Source:
    """Attach a reference to a claim; fetching it is background work (pending until a worker runs)."""
    if stance not in Stance.values:
        raise ApplicationError(f"stance must be one of {', '.join(Stance.values)}.", code="invalid", field="stance")
    _check_text(note, field="note")
    try:
        # The unique constraint decides, so two editors adding the same url at once get one row.
        with transaction.atomic():
            source = Source.objects.create(
                claim=claim, url=url, stance=stance, note=note, added_by=added_by, next_attempt_at=timezone.now()
            )
    except IntegrityError as error:
        raise ApplicationError("this url is already a source of the claim.", code="duplicate", field="url") from error
    audit_record(actor=added_by, action=AuditAction.CREATED, obj=source, changes=snapshot(source, SOURCE_FIELDS))
    source_id = source.pk
    transaction.on_commit(lambda: tasks.fetch_source.delay(source_id, 1))
    return source


@dataclass(frozen=True)
class FetchedDocument:
    """What a fetch of a source found; the fetch worker builds it, and the demo loads stored ones."""

    final_url: str
    http_status: int
    content_sha256: str
    extracted_text: str = ""
    title: str = ""
    publisher: str = ""
    author: str = ""
    published_at: datetime.datetime | None = None
    canonical_url: str = ""
    passage_text: str = ""
    passage_start: int | None = None
    passage_end: int | None = None
    passage_score: float | None = None
    passages: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    numbers_agreement: str = ""


@transaction.atomic
def source_record_fetched(*, source: Source, document: FetchedDocument, generation: int | None = None) -> Source:
    """Store a successful fetch on the source: state fetched, the document's fields, fetched_at now.

    With `generation`, a result for a superseded fetch request (the url changed, a refetch was
    asked for) is dropped.
    """
    locked = Source.objects.select_for_update().get(pk=source.pk)
    if generation is not None and locked.fetch_generation != generation:
        return locked
    for name, value in vars(document).items():
        setattr(locked, name, value)
    locked.fetch_state = FetchState.FETCHED
    locked.fetch_error = ""
    locked.fetched_at = timezone.now()
    locked.next_attempt_at = None
    locked.save(
        update_fields=[*vars(document), "fetch_state", "fetch_error", "fetched_at", "next_attempt_at", "updated_at"]
    )
    return locked


@transaction.atomic
def source_update(*, source: Source, changes: dict[str, Any], actor: User | None) -> Source:
    """Change a source's url, stance or note; a new url is fetched again."""
    unknown = set(changes) - {"url", "stance", "note"}
    assert not unknown, f"source_update() does not change {sorted(unknown)}"
    if "stance" in changes and changes["stance"] not in Stance.values:
        raise ApplicationError(f"stance must be one of {', '.join(Stance.values)}.", code="invalid", field="stance")
    if "note" in changes:
        _check_text(changes["note"], field="note")
    before = snapshot(source, list(changes))
    for field, value in changes.items():
        setattr(source, field, value)
    changed = diff(before, snapshot(source, list(changes)))
    if changed:
        try:
            with transaction.atomic():
                source.save(update_fields=[*changes, "updated_at"])
        except IntegrityError as error:
            raise ApplicationError(
                "this url is already a source of the claim.", code="duplicate", field="url"
            ) from error
        audit_record(actor=actor, action=AuditAction.UPDATED, obj=source, changes=changed)
        if "url" in changed:
            from annotations.fetching import source_request_fetch

            source_request_fetch(source=source)
    return source


@transaction.atomic
def source_delete(*, source: Source, actor: User | None) -> None:
    audit_record(actor=actor, action=AuditAction.DELETED, obj=source, changes=snapshot(source, SOURCE_FIELDS))
    source.delete()


# --- Verdicts -----------------------------------------------------------------------------


@transaction.atomic
def verdict_write(
    *,
    claim: Claim,
    author: User | None,
    rating: Rating | None,
    summary: str,
    explanation: str,
    expected_version: int | None,
) -> VerdictVersion:
    """Write a new version of the claim's verdict.

    `expected_version` is the version the writer last saw (None for the first); a stale one
    is refused so that two editors never overwrite each other.
    """
    from annotations.workflow import VERDICT_WRITABLE_STATES

    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if locked.state not in VERDICT_WRITABLE_STATES:
        raise ApplicationError(
            f"the verdict cannot be edited while the claim is {locked.get_state_display().lower()}.",
            code="not_editable",
            status=409,
        )
    for field, value in (("summary", summary), ("explanation", explanation)):
        _check_text(value, field=field)
    verdict, _ = Verdict.objects.get_or_create(claim=locked)
    current = verdict.current_version
    current_number = current.number if current is not None else None
    if expected_version != current_number:
        raise ApplicationError(
            f"the verdict is at version {current_number or 0}, not {expected_version or 0}; reload and try again.",
            code="stale_version",
            field="version",
            status=412,
        )
    version = VerdictVersion.objects.create(
        verdict=verdict,
        number=(current_number or 0) + 1,
        rating=rating,
        summary=summary.strip(),
        explanation=explanation.strip(),
        author=author,
    )
    verdict.current_version = version
    verdict.save(update_fields=["current_version"])
    audit_record(
        actor=author,
        action=AuditAction.CREATED,
        obj=version,
        changes={"version": version.number, **snapshot(version, ("rating", "summary", "explanation"))},
    )
    return version


# --- Comments -----------------------------------------------------------------------------


@transaction.atomic
def comment_add(*, claim: Claim, author: User | None, body: str) -> Comment:
    """Add a message to the claim's review thread."""
    _check_text(body, field="body")
    if not body.strip():
        raise ApplicationError("body may not be blank.", code="blank", field="body")
    return Comment.objects.create(claim=claim, author=author, body=body.strip())
