"""The README's curl example over HTTP with tokens: mark "31 members" by quote, publish, read ClaimReview."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from annotations.models import Claim
from tests.factories import make_fetched_source

pytestmark = pytest.mark.django_db

BODY = "The alliance now has 31 members, the minister said.\n\nFour additional NATO ships arrived."


def _client_for(username: str, password: str) -> APIClient:
    client = APIClient()
    token = client.post("/api/v1/auth/token/", {"username": username, "password": password}, format="json")
    assert token.status_code == 200, token.content
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    return client


def test_readme_example() -> None:
    out = StringIO()
    call_command("load_demo", stdout=out)
    logins = dict(re.findall(r"username: (\S+)\s+password: (\S+)", out.getvalue()))
    annotator = _client_for("demo-annotator", logins["demo-annotator"])
    reviewer = _client_for("demo-reviewer", logins["demo-reviewer"])

    article = annotator.post(
        "/api/v1/articles/", {"title": "Summit", "url": "https://news.example.org/summit", "body": BODY}
    ).json()
    claim = annotator.post(
        f"/api/v1/articles/{article['id']}/claims/",
        {"selector": {"exact": "31 members"}, "claim_text": "NATO has 31 members.", "claimant": "The minister"},
    ).json()
    assert claim["selectors"][0] == {"type": "TextPositionSelector", "start": 21, "end": 31}
    make_fetched_source(Claim.objects.get(pk=claim["id"]))
    verdict = annotator.put(
        f"/api/v1/claims/{claim['id']}/verdict/",
        {"rating": "true", "summary": "The treaty depositary lists 31 members.", "explanation": "Checked."},
    )
    assert verdict.status_code == 200
    for client, action in ((annotator, "submit"), (reviewer, "approve"), (reviewer, "publish")):
        step = client.post(f"/api/v1/claims/{claim['id']}/transitions/", {"action": action})
        assert step.status_code == 200, step.content

    review = APIClient().get(
        f"/api/v1/public/fact-checks/{claim['id']}/claim-review/", HTTP_ACCEPT="application/ld+json"
    )
    assert review.status_code == 200
    assert review["Content-Type"].startswith("application/ld+json")
    body = review.json()
    assert body["@type"] == "ClaimReview"
    assert body["claimReviewed"] == "NATO has 31 members."
    assert body["reviewRating"]["alternateName"] == "True"
    assert body["itemReviewed"]["appearance"][0]["url"] == "https://news.example.org/summit"
