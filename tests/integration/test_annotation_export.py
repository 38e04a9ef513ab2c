"""The W3C export over HTTP: offsets round-trip from create to export, and the page meets the W3C MUSTs."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from annotations.models import Role
from tests.factories import make_user
from tests.unit.test_w3c_export import ANNOTATION_MUSTS, PAGE_MUSTS, standalone, suite  # noqa: F401

pytestmark = pytest.mark.django_db

# Emoji (flag, ZWJ family) and a combining mark that NFC keeps, all before the span.
BODY = "🇪🇺 and 👩‍👩‍👧 met; g\u0303 noted: NATO has 31 members.\n\nFour additional NATO ships came."


@pytest.fixture
def api() -> APIClient:
    client = APIClient()
    client.force_authenticate(make_user(Role.ANNOTATOR))
    return client


def test_offsets_round_trip_through_create_read_and_export(api: APIClient, suite: Any) -> None:  # noqa: F811
    article = api.post(
        "/api/v1/articles/", {"title": "T", "body": BODY, "url": "https://news.example.org/a"}, format="json"
    ).json()
    created = api.post(
        f"/api/v1/articles/{article['id']}/claims/",
        {"selector": {"exact": "31 members"}, "claim_text": "NATO has 31 members.", "tags": ["numbers"]},
        format="json",
    ).json()
    start = BODY.index("31 members")  # Python counts code points, as the W3C model does.
    assert created["selectors"][0] == {"type": "TextPositionSelector", "start": start, "end": start + 10}
    read = api.get(f"/api/v1/claims/{created['id']}/").json()
    assert read["selectors"] == created["selectors"]

    response = api.get(f"/api/v1/annotations/?article={article['id']}", HTTP_ACCEPT="application/ld+json")
    assert response.status_code == 200
    assert response["Content-Type"] == 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
    page = response.json()
    assert page["@context"] == "http://www.w3.org/ns/anno.jsonld" and page["type"] == "AnnotationPage"
    (item,) = page["items"]
    assert item["motivation"] == "assessing"
    assert item["target"]["source"] == "https://news.example.org/a"
    assert item["target"]["selector"] == created["selectors"]
    assert item["id"].endswith(f"/api/v1/claims/{created['id']}/")
    assert suite.failures(PAGE_MUSTS, page) == []
    assert suite.failures(ANNOTATION_MUSTS, standalone(item)) == []


def test_export_without_article_url_points_at_the_api_and_refuses_bad_input(api: APIClient) -> None:
    article = api.post("/api/v1/articles/", {"title": "T", "body": BODY}, format="json").json()
    api.post(f"/api/v1/articles/{article['id']}/claims/", {"selector": {"exact": "Four"}}, format="json")
    page = api.get(f"/api/v1/annotations/?article={article['id']}").json()
    assert page["items"][0]["target"]["source"].endswith(f"/api/v1/articles/{article['id']}/")
    missing = api.get("/api/v1/annotations/")
    assert missing.status_code == 400 and "article" in missing.json()
    assert api.get("/api/v1/annotations/?article=abc").status_code == 400
    assert api.get("/api/v1/annotations/?article=99999").status_code == 404
    assert APIClient().get(f"/api/v1/annotations/?article={article['id']}").status_code == 401
