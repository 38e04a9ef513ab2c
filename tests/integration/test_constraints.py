"""The database itself refuses bad spans and broken invariants, whatever code writes them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import IntegrityError, transaction

from annotations.models import ArticleRevision, Claim, Rating, Source, Verdict, VerdictVersion
from tests.factories import make_article, make_claim

pytestmark = pytest.mark.django_db


def _claim_with(**overrides: object) -> Callable[[], None]:
    def create() -> None:
        article = make_article(body="NATO has 31 members.")
        fields: dict[str, object] = {
            "article": article,
            "revision": article.current_revision,
            "position_start": 9,
            "position_end": 19,
            "quote_exact": "31 members",
        }
        fields.update(overrides)
        Claim.objects.create(**fields)

    return create


@pytest.mark.parametrize(
    "create",
    [
        _claim_with(position_start=19, position_end=9),
        _claim_with(position_start=9, position_end=9),
        _claim_with(position_start=-1),
        _claim_with(quote_exact=""),
        _claim_with(state="lost"),
        _claim_with(anchoring_state="floating"),
    ],
    ids=["reversed", "empty", "negative", "empty-quote", "bad-state", "bad-anchoring-state"],
)
def test_bad_claim_rows_are_rejected(create: Callable[[], None]) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_a_good_claim_row_is_accepted() -> None:
    _claim_with()()
    assert Claim.objects.count() == 1


def test_one_verdict_per_claim_and_unique_version_numbers() -> None:
    claim = make_claim(make_article(), "31 members")
    verdict = Verdict.objects.create(claim=claim)
    with pytest.raises(IntegrityError), transaction.atomic():
        Verdict.objects.create(claim=claim)
    VerdictVersion.objects.create(verdict=verdict, number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        VerdictVersion.objects.create(verdict=verdict, number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        VerdictVersion.objects.create(verdict=verdict, number=0)


def test_revision_numbers_are_unique_per_article() -> None:
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleRevision.objects.create(article=article, number=1, body="again")


def test_source_passage_and_rating_value_constraints() -> None:
    claim = make_claim(make_article(), "31 members")
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.create(
            claim=claim, url="https://example.org/", stance="supports", passage_start=5, passage_end=2
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.create(claim=claim, url="https://example.org/", stance="agrees")
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(slug="too-true", label="Too true", value=6)


def test_default_rating_scale_and_roles_exist() -> None:
    from django.contrib.auth.models import Group

    assert list(Rating.objects.values_list("label", "value")) == [
        ("True", 5),
        ("Mostly true", 4),
        ("Half true", 3),
        ("Mostly false", 2),
        ("False", 1),
        ("Misleading", None),
        ("Unverifiable", None),
    ]
    assert set(Group.objects.values_list("name", flat=True)) >= {"annotator", "reviewer", "admin"}
