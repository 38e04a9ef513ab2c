"""Article and claim services on PostgreSQL: canonical text, selectors, revisions and re-anchoring."""

from __future__ import annotations

import pytest

from annotations import services
from annotations.errors import ApplicationError
from annotations.models import AnchoringState, ArticleRevision, Claim
from tests.factories import make_article, make_claim

pytestmark = pytest.mark.django_db


def test_body_is_stored_canonical_with_code_point_offsets() -> None:
    article = make_article(body="Cafe\u0301 🇪🇺 has\r\n31 members.\r\n")
    assert article.current_revision is not None
    assert article.current_revision.body == "Café 🇪🇺 has\n31 members.\n"
    claim = make_claim(article, "31 members")
    # "Café 🇪🇺 has\n" is 12 code points (the flag is two), whatever UTF-16 would say.
    assert (claim.position_start, claim.position_end) == (12, 22)
    assert claim.quote_prefix == "Café 🇪🇺 has\n"


def test_claim_by_position_holds_both_selectors() -> None:
    article = make_article(body="NATO has 31 members. Four additional ships arrived.")
    claim = services.claim_create(article=article, start=9, end=19, created_by=None)
    assert claim.quote_exact == "31 members"
    assert claim.quote_prefix == "NATO has "
    assert claim.quote_suffix == ". Four additional ships arrived."


@pytest.mark.parametrize(
    ("kwargs", "code", "words"),
    [
        ({"start": 5, "end": 500}, "out_of_range", "past the end"),
        ({"start": 9, "end": 9}, "empty", ""),
        ({"start": 19, "end": 9}, "reversed", ""),
        ({"exact": "42 members"}, "not_found", ""),
        ({"exact": "s"}, "ambiguous", "prefix"),
        ({}, "invalid", "start and end"),
    ],
)
def test_bad_selectors_are_refused_and_change_nothing(kwargs: dict[str, object], code: str, words: str) -> None:
    article = make_article(body="NATO has 31 members. Four additional ships arrived.")
    with pytest.raises(ApplicationError) as caught:
        services.claim_create(article=article, created_by=None, **kwargs)  # type: ignore[arg-type]
    assert caught.value.code == code
    assert caught.value.field == "selector"
    assert words in caught.value.message
    assert not Claim.objects.exists()


def test_nul_and_blank_input_are_refused() -> None:
    with pytest.raises(ApplicationError) as caught:
        make_article(body="bad \x00 text")
    assert caught.value.field == "body"
    with pytest.raises(ApplicationError) as caught:
        make_article(body="   \n  ")
    assert caught.value.code == "blank"
    assert not ArticleRevision.objects.exists()


def test_revise_makes_a_revision_and_reanchors_in_process() -> None:
    article = make_article(body="NATO has 31 members. Four additional ships arrived.")
    members = make_claim(article, "31 members")
    ships = make_claim(article, "Four additional ships")
    with pytest.raises(ApplicationError):
        services.article_revise(article=article, body="\x00", actor=None)

    # Tasks run in-process in these tests; on_commit fires when the test transaction is left.
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        revision = services.article_revise(
            article=article, body="Today NATO has 31 members. Nothing else is known.", actor=None
        )
    assert revision is not None and revision.number == 2
    members.refresh_from_db()
    ships.refresh_from_db()
    assert (members.revision_id, members.anchoring_state) == (revision.pk, AnchoringState.MOVED)
    assert revision.body[members.position_start : members.position_end] == "31 members"
    assert ships.anchoring_state == AnchoringState.ORPHANED
    assert ships.revision_id != revision.pk, "an orphaned claim keeps the revision its quote came from"
    assert ships.needs_review


def test_unchanged_body_makes_no_revision() -> None:
    article = make_article(body="NATO has 31 members.")
    assert services.article_revise(article=article, body="NATO has 31 members.\r\n".rstrip(), actor=None) is None
    assert ArticleRevision.objects.filter(article=article).count() == 1


def test_reanchoring_twice_changes_nothing_more() -> None:
    article = make_article(body="NATO has 31 members.")
    claim = make_claim(article, "31 members")
    services.article_revise(article=article, body="Now NATO has 31 members.", actor=None)
    first = services.article_reanchor_claims(article_id=article.pk)
    assert first is not None and first.counts == {AnchoringState.MOVED: 1}
    second = services.article_reanchor_claims(article_id=article.pk)
    assert second is not None and second.total == 0
    claim.refresh_from_db()
    assert (claim.position_start, claim.position_end) == (13, 23)


def test_duplicate_source_url_is_refused() -> None:
    article = make_article()
    claim = make_claim(article, "31 members")
    services.source_add(claim=claim, url="https://example.org/a", stance="supports", added_by=None)
    with pytest.raises(ApplicationError) as caught:
        services.source_add(claim=claim, url="https://example.org/a", stance="refutes", added_by=None)
    assert (caught.value.field, caught.value.code) == ("url", "duplicate")
    with pytest.raises(ApplicationError) as caught:
        services.source_add(claim=claim, url="https://example.org/b", stance="maybe", added_by=None)
    assert caught.value.field == "stance"
    assert claim.sources.count() == 1
