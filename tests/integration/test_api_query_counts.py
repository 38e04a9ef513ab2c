"""Every editorial list answers in the same number of queries for 1 item and for 50."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Rating, Role
from tests.factories import make_article, make_claim, make_user

pytestmark = pytest.mark.django_db


def _fill(count: int, user: Any) -> tuple[int, int]:
    article = make_article(body=" ".join(f"Claim number {i} holds." for i in range(count)))
    rating = Rating.objects.get(slug="true")
    claim = None
    for i in range(count):
        claim = make_claim(article, f"number {i} holds", assignee=user)
        services.source_add(claim=claim, url=f"https://example.org/{i}", stance="supports", added_by=user)
        services.comment_add(claim=claim, author=user, body=f"comment {i}")
        services.verdict_write(
            claim=claim, author=user, rating=rating, summary="s", explanation="e", expected_version=None
        )
        make_article(title=f"Other {i}")
    assert claim is not None
    # One claim gathers many sources and comments, for the per-claim lists.
    for i in range(count):
        services.source_add(claim=claim, url=f"https://example.org/extra/{i}", stance="context", added_by=user)
        services.comment_add(claim=claim, author=user, body=f"more {i}")
    return article.pk, claim.pk


LISTS = [
    "/api/v1/articles/?limit={n}",
    "/api/v1/claims/?limit={n}",
    "/api/v1/claims/?limit={n}&state=draft&rating=true",
    "/api/v1/articles/{article}/claims/?limit={n}",
    "/api/v1/claims/{claim}/sources/",
    "/api/v1/claims/{claim}/comments/",
    "/api/v1/claims/{claim}/history/",
    "/api/v1/ratings/",
]


@pytest.mark.parametrize("template", LISTS)
def test_list_query_count_does_not_grow_with_the_page(template: str) -> None:
    user = make_user(Role.ANNOTATOR)
    client = APIClient()
    client.force_authenticate(user)
    counts = []
    for n in (1, 50):
        article, claim = _fill(n, user)
        url = template.format(n=n, article=article, claim=claim)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], f"{template}: {counts}"
