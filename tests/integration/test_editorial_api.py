"""The editorial API as a client sees it: shapes, selectors, errors that name the field, roles."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import TestCase
from rest_framework.test import APIClient

from annotations.models import Article, ArticleRevision, Claim, Rating, Role, Source, VerdictVersion
from tests.factories import make_article, make_claim, make_user

pytestmark = pytest.mark.django_db

BODY = "Cafe\u0301 👩‍👩‍👧 report: NATO has 31 members.\r\nFour additional NATO ships arrived on July 11."


@pytest.fixture
def annotator() -> Any:
    return make_user(Role.ANNOTATOR)


@pytest.fixture
def api(annotator: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(annotator)
    return client


def _create_article(api: APIClient, **overrides: Any) -> dict[str, Any]:
    payload = {"title": "Ships", "body": BODY, "url": "https://news.example.org/ships", **overrides}
    response = api.post("/api/v1/articles/", payload, format="json")
    assert response.status_code == 201, response.json()
    created: dict[str, Any] = response.json()
    return created


def test_token_auth_round_trip(annotator: Any) -> None:
    client = APIClient()
    bad = client.post("/api/v1/auth/token/", {"username": annotator.username, "password": "nope"}, format="json")
    assert bad.status_code == 400
    good = client.post(
        "/api/v1/auth/token/", {"username": annotator.username, "password": "pw-for-tests"}, format="json"
    )
    token = good.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/articles/").status_code == 200


def test_article_is_stored_canonical_and_claims_round_trip_with_code_points(api: APIClient) -> None:
    article = _create_article(api)
    assert article["body"] == BODY.replace("\r\n", "\n").replace("e\u0301", "é")
    assert article["revision"] == 1

    by_quote = api.post(
        f"/api/v1/articles/{article['id']}/claims/",
        {"selector": {"exact": "31 members"}, "claim_text": "NATO has 31 members."},
        format="json",
    )
    assert by_quote.status_code == 201, by_quote.json()
    claim = by_quote.json()
    position, quote = claim["selectors"]
    # "Café 👩‍👩‍👧 report: NATO has " is 28 code points (the family emoji is five); UTF-16 would say 31.
    assert position == {"type": "TextPositionSelector", "start": 28, "end": 38}
    assert quote["exact"] == "31 members" and quote["prefix"].endswith("NATO has ")
    assert article["body"][28:38] == "31 members"

    by_position = api.post(
        f"/api/v1/articles/{article['id']}/claims/", {"selector": {"start": 28, "end": 38}}, format="json"
    )
    assert by_position.json()["selectors"] == claim["selectors"]
    read_back = api.get(f"/api/v1/claims/{claim['id']}/").json()
    assert read_back["selectors"] == claim["selectors"]
    assert read_back["anchoring_state"] == "anchored" and read_back["state"] == "draft"


@pytest.mark.parametrize(
    ("selector", "message"),
    [
        ({"start": 5, "end": 900}, "past the end of the text"),
        ({"start": 10, "end": 10}, ""),
        ({"start": 20, "end": 10}, ""),
        ({"exact": "42 members"}, ""),
        ({"exact": "NATO"}, "occurs 2 times"),
        ({"start": 1}, "start and end go together"),
        ({"start": 1, "end": 2, "exact": "a"}, "not both"),
        ({}, "give either"),
        ({"exact": "a\x00"}, "NUL"),
        ({"start": "one", "end": 2}, "valid integer"),
    ],
)
def test_bad_selectors_answer_400_naming_selector_and_change_nothing(
    api: APIClient, selector: dict[str, Any], message: str
) -> None:
    article = _create_article(api)
    response = api.post(f"/api/v1/articles/{article['id']}/claims/", {"selector": selector}, format="json")
    assert response.status_code == 400
    assert "selector" in response.json()
    assert message in str(response.json()["selector"])
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title": "", "body": "x"}, "title"),
        ({"title": "t"}, "body"),
        ({"title": "t", "body": "   "}, "body"),
        ({"title": "t", "body": "a\x00b"}, "body"),
        ({"title": "t", "body": "x", "url": "not a url"}, "url"),
        ({"title": "t", "body": "x", "published_at": "yesterday"}, "published_at"),
    ],
)
def test_bad_articles_answer_400_naming_the_field(api: APIClient, payload: dict[str, Any], field: str) -> None:
    response = api.post("/api/v1/articles/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Article.objects.exists()


def test_oversized_article_answers_413(api: APIClient, settings: Any) -> None:
    settings.FACTCHECK_MAX_ARTICLE_BYTES = 1000
    response = api.post("/api/v1/articles/", {"title": "Big", "body": "é" * 600}, format="json")
    assert response.status_code == 413
    assert "limit is 1000 bytes" in response.json()["body"][0]
    assert not Article.objects.exists()


def test_request_body_over_the_upload_limit_answers_413(api: APIClient, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api.post("/api/v1/articles/", {"title": "Big", "body": "x" * 5000}, format="json")
    assert response.status_code == 413
    assert not Article.objects.exists()


def test_editing_the_body_makes_a_revision_and_reanchors(api: APIClient) -> None:
    article = _create_article(api)
    claim = api.post(
        f"/api/v1/articles/{article['id']}/claims/", {"selector": {"exact": "31 members"}}, format="json"
    ).json()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = api.patch(
            f"/api/v1/articles/{article['id']}/",
            {"body": "Update. " + article["body"], "title": "Ships, updated"},
            format="json",
        )
    assert response.status_code == 200
    assert (response.json()["revision"], response.json()["title"]) == (2, "Ships, updated")
    moved = api.get(f"/api/v1/claims/{claim['id']}/").json()
    assert moved["revision"] == 2 and moved["anchoring_state"] == "moved"
    assert moved["selectors"][0]["start"] == claim["selectors"][0]["start"] + len("Update. ")

    bad = api.patch(f"/api/v1/articles/{article['id']}/", {"body": "", "title": "Renamed"}, format="json")
    assert bad.status_code == 400
    assert Article.objects.get().title == "Ships, updated", "a refused edit changes nothing"
    assert ArticleRevision.objects.count() == 2


def test_sources_verdict_versions_comments_and_history(api: APIClient, annotator: Any) -> None:
    claim = make_claim(make_article(), "31 members")
    base = f"/api/v1/claims/{claim.pk}"
    source = api.post(f"{base}/sources/", {"url": "https://example.org/report", "stance": "supports"}, format="json")
    assert source.status_code == 201 and source.json()["fetch_state"] == "pending"
    assert (
        api.post(f"{base}/sources/", {"url": "javascript:alert(1)", "stance": "supports"}, format="json").status_code
        == 400
    )
    duplicate = api.post(f"{base}/sources/", {"url": "https://example.org/report", "stance": "refutes"}, format="json")
    assert duplicate.status_code == 400 and "url" in duplicate.json()
    assert (
        api.post(f"{base}/sources/", {"url": "https://example.org/b", "stance": "meh"}, format="json").status_code
        == 400
    )
    patched = api.patch(f"/api/v1/sources/{source.json()['id']}/", {"note": "Table 3"}, format="json")
    assert patched.json()["note"] == "Table 3"

    assert api.get(f"{base}/verdict/").status_code == 404
    first = api.put(f"{base}/verdict/", {"rating": "true", "summary": "Yes.", "explanation": "Treaty."}, format="json")
    assert first.status_code == 200 and first.headers["ETag"] == '"v1"'
    stale = api.put(
        f"{base}/verdict/",
        {"rating": "false", "summary": "No.", "explanation": "x"},
        format="json",
        HTTP_IF_MATCH='"v0"',
    )
    assert stale.status_code == 412
    second = api.put(
        f"{base}/verdict/",
        {"rating": "false", "summary": "No.", "explanation": "x"},
        format="json",
        HTTP_IF_MATCH='"v1"',
    )
    assert second.status_code == 200 and second.json()["version"] == 2
    by_field = api.put(
        f"{base}/verdict/", {"rating": "half-true", "summary": "S", "explanation": "E", "version": 2}, format="json"
    )
    assert by_field.json()["version"] == 3
    unknown_rating = api.put(
        f"{base}/verdict/", {"rating": "sort-of", "summary": "S", "explanation": "E", "version": 3}, format="json"
    )
    assert unknown_rating.status_code == 400 and "rating" in unknown_rating.json()
    assert api.get(f"{base}/verdict/").json()["rating"]["slug"] == "half-true"

    assert api.post(f"{base}/comments/", {"body": "<script>x</script>"}, format="json").status_code == 201
    assert api.post(f"{base}/comments/", {"body": ""}, format="json").status_code == 400
    assert api.get(f"{base}/comments/").json()[0]["body"] == "<script>x</script>"

    submitted = api.post(f"{base}/transitions/", {"action": "submit"}, format="json")
    assert submitted.status_code == 200 and submitted.json()["state"] == "in_review"
    self_approval = api.post(f"{base}/transitions/", {"action": "approve"}, format="json")
    assert self_approval.status_code == 403
    history = api.get(f"{base}/history/").json()
    assert [e["action"] for e in history["events"]] == ["submit"]
    assert [v["version"] for v in history["verdict_versions"]] == [1, 2, 3]


def test_claim_list_filters(api: APIClient, annotator: Any) -> None:
    article = make_article()
    first = make_claim(article, "31 members", assignee=annotator)
    make_claim(article, "Four additional ships")
    assert [c["id"] for c in api.get(f"/api/v1/claims/?assignee={annotator.pk}").json()["results"]] == [first.pk]
    assert api.get("/api/v1/claims/?state=draft").json()["count"] == 2
    assert api.get("/api/v1/claims/?state=published").json()["count"] == 0
    assert api.get(f"/api/v1/claims/?article={article.pk}").json()["count"] == 2
    bad_state = api.get("/api/v1/claims/?state=lost")
    assert bad_state.status_code == 400 and "state" in bad_state.json()
    assert api.get("/api/v1/claims/?rating=nope").status_code == 400
    assert api.get("/api/v1/claims/?assignee=abc").status_code == 400


def test_published_claims_cannot_be_deleted_and_verdict_edits_become_private_versions(api: APIClient) -> None:
    claim = make_claim(make_article(), "31 members")
    first = api.put(f"/api/v1/claims/{claim.pk}/verdict/", {"rating": "true", "summary": "s", "explanation": "e"})
    assert first.status_code == 200
    claim.state = "published"
    claim.save(update_fields=["state"])
    assert api.delete(f"/api/v1/claims/{claim.pk}/").status_code == 409
    edit = api.put(
        f"/api/v1/claims/{claim.pk}/verdict/", {"rating": None, "summary": "", "explanation": "", "version": 1}
    )
    # Never in place: a new version, the draft of a correction.
    assert edit.status_code == 200 and edit.json()["version"] == 2 and edit.json()["published_at"] is None
    assert Claim.objects.filter(pk=claim.pk).exists()
    claim.state = "approved"
    claim.save(update_fields=["state"])
    frozen = api.put(
        f"/api/v1/claims/{claim.pk}/verdict/", {"rating": None, "summary": "", "explanation": "", "version": 2}
    )
    assert frozen.status_code == 409


def test_unassignable_assignee_is_refused(api: APIClient) -> None:
    claim = make_claim(make_article(), "31 members")
    outsider = make_user(None)
    response = api.patch(f"/api/v1/claims/{claim.pk}/", {"assignee": outsider.pk}, format="json")
    assert response.status_code == 400 and "assignee" in response.json()
    assert api.patch(f"/api/v1/claims/{claim.pk}/", {"assignee": 999999}, format="json").status_code == 400


# --- The role matrix ---------------------------------------------------------------------------

ROLES = ["anonymous", "no_role", "annotator", "reviewer", "admin"]
EDITOR_ROLES = {"annotator", "reviewer", "admin"}


def _fixture_objects() -> dict[str, Any]:
    article = make_article()
    claim = make_claim(article, "31 members")
    source = Source.objects.create(claim=claim, url="https://example.org/s", stance="supports")
    spare = make_article(title="Spare")
    return {"article": article.pk, "claim": claim.pk, "source": source.pk, "spare": spare.pk}


# (method, path template, payload, roles allowed, status when allowed)
ENDPOINTS: list[tuple[str, str, dict[str, Any] | None, set[str], int]] = [
    ("get", "/api/v1/articles/", None, EDITOR_ROLES, 200),
    ("post", "/api/v1/articles/", {"title": "T", "body": "Text."}, EDITOR_ROLES, 201),
    ("get", "/api/v1/articles/{article}/", None, EDITOR_ROLES, 200),
    ("patch", "/api/v1/articles/{article}/", {"title": "New"}, EDITOR_ROLES, 200),
    ("delete", "/api/v1/articles/{spare}/", None, {"admin"}, 204),
    ("get", "/api/v1/articles/{article}/claims/", None, EDITOR_ROLES, 200),
    ("post", "/api/v1/articles/{article}/claims/", {"selector": {"exact": "Four"}}, EDITOR_ROLES, 201),
    ("get", "/api/v1/claims/", None, EDITOR_ROLES, 200),
    ("get", "/api/v1/claims/{claim}/", None, EDITOR_ROLES, 200),
    ("patch", "/api/v1/claims/{claim}/", {"claimant": "X"}, EDITOR_ROLES, 200),
    ("get", "/api/v1/claims/{claim}/sources/", None, EDITOR_ROLES, 200),
    (
        "post",
        "/api/v1/claims/{claim}/sources/",
        {"url": "https://example.org/n", "stance": "context"},
        EDITOR_ROLES,
        201,
    ),
    ("get", "/api/v1/sources/{source}/", None, EDITOR_ROLES, 200),
    ("patch", "/api/v1/sources/{source}/", {"note": "n"}, EDITOR_ROLES, 200),
    ("delete", "/api/v1/sources/{source}/", None, EDITOR_ROLES, 204),
    (
        "put",
        "/api/v1/claims/{claim}/verdict/",
        {"rating": "true", "summary": "s", "explanation": "e"},
        EDITOR_ROLES,
        200,
    ),
    ("get", "/api/v1/claims/{claim}/history/", None, EDITOR_ROLES, 200),
    ("get", "/api/v1/claims/{claim}/comments/", None, EDITOR_ROLES, 200),
    ("post", "/api/v1/claims/{claim}/comments/", {"body": "Hi"}, EDITOR_ROLES, 201),
    ("get", "/api/v1/ratings/", None, EDITOR_ROLES, 200),
    ("get", "/api/v1/annotations/?article={article}", None, EDITOR_ROLES, 200),
    ("delete", "/api/v1/claims/{claim}/", None, EDITOR_ROLES, 204),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("method", "template", "payload", "allowed", "ok"), ENDPOINTS, ids=[f"{e[0]} {e[1]}" for e in ENDPOINTS]
)
def test_role_matrix(
    role: str, method: str, template: str, payload: dict[str, Any] | None, allowed: set[str], ok: int
) -> None:
    ids = _fixture_objects()
    client = APIClient()
    if role != "anonymous":
        user = make_user(None if role == "no_role" else Role(role))
        client.force_authenticate(user)
    before = (Article.objects.count(), Claim.objects.count(), Source.objects.count(), Rating.objects.count())
    response = getattr(client, method)(template.format(**ids), payload, format="json")
    if role == "anonymous":
        assert response.status_code == 401
    elif role in allowed:
        assert response.status_code == ok, response.content
    else:
        assert response.status_code == 403
    if role not in allowed:
        after = (Article.objects.count(), Claim.objects.count(), Source.objects.count(), Rating.objects.count())
        assert after == before, "a refused request changes nothing"


def test_my_work_and_review_queue(api: APIClient, annotator: Any) -> None:
    other = make_user(Role.ANNOTATOR)
    article = make_article()
    mine = make_claim(article, "31 members", assignee=annotator)
    theirs = make_claim(article, "Four additional ships", assignee=other)
    for claim, author in ((mine, annotator), (theirs, other)):
        api.force_authenticate(author)
        api.put(f"/api/v1/claims/{claim.pk}/verdict/", {"rating": "true", "summary": "s", "explanation": "e"})
        assert api.post(f"/api/v1/claims/{claim.pk}/transitions/", {"action": "submit"}).status_code == 200
    api.force_authenticate(annotator)
    assert [c["id"] for c in api.get("/api/v1/claims/?queue=mine").json()["results"]] == [mine.pk]
    assert [c["id"] for c in api.get("/api/v1/claims/?queue=review").json()["results"]] == [theirs.pk]
    assert api.get("/api/v1/claims/?queue=everything").status_code == 400


def test_every_change_is_in_the_audit_trail_with_who_and_what(api: APIClient, annotator: Any) -> None:
    article = _create_article(api)
    claim = api.post(f"/api/v1/articles/{article['id']}/claims/", {"selector": {"exact": "31 members"}}).json()
    base = f"/api/v1/claims/{claim['id']}"
    api.patch(f"{base}/", {"claimant": "The minister"})
    source = api.post(f"{base}/sources/", {"url": "https://example.org/r", "stance": "supports"}).json()
    api.patch(f"/api/v1/sources/{source['id']}/", {"stance": "refutes"})
    api.delete(f"/api/v1/sources/{source['id']}/")
    api.put(f"{base}/verdict/", {"rating": "true", "summary": "s", "explanation": "e"})
    api.patch(f"/api/v1/articles/{article['id']}/", {"title": "Renamed"})

    audit = api.get(f"{base}/history/").json()["audit"]
    rows = [(e["action"], e["object_type"], e["actor"]) for e in audit]
    me = annotator.username
    assert rows == [
        ("created", "article", me),
        ("created", "claim", me),
        ("updated", "claim", me),
        ("created", "source", me),
        ("updated", "source", me),
        ("deleted", "source", me),
        ("created", "verdict", me),
        ("updated", "article", me),
    ]
    assert audit[2]["changes"] == {"claimant": ["", "The minister"]}
    assert audit[4]["changes"] == {"stance": ["supports", "refutes"]}
    assert audit[-1]["changes"] == {"title": ["Ships", "Renamed"]}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"rating": "\x00", "summary": "s", "explanation": "e"}, "rating"),
        ({"rating": "no-such-rating", "summary": "s", "explanation": "e"}, "rating"),
        ({"rating": "true", "summary": "s\x00", "explanation": "e"}, "summary"),
    ],
)
def test_bad_verdicts_answer_400_naming_the_field(api: APIClient, payload: dict[str, Any], field: str) -> None:
    claim = make_claim(make_article(), "31 members")
    response = api.put(f"/api/v1/claims/{claim.pk}/verdict/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not VerdictVersion.objects.exists()
