"""The first-run experience: demo data, printed logins, health probes, pages and a usable admin."""

from __future__ import annotations

import json
import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations import services
from annotations.models import Article, Claim, ClaimState, Role, Source, VerdictVersion, WorkflowEvent
from tests.factories import make_article, make_claim, make_user

pytestmark = pytest.mark.django_db

LOGIN_LINE = re.compile(r"username: (\S+)\s+password: (\S+)")


def _load_demo(*args: str) -> dict[str, str]:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return dict(LOGIN_LINE.findall(out.getvalue()))


def test_demo_loads_once_with_claims_in_several_states_and_working_logins() -> None:
    logins = _load_demo()
    assert set(logins) == {"demo-annotator", "demo-reviewer", "demo-admin"}
    article = Article.objects.get()
    states = set(Claim.objects.values_list("state", flat=True))
    assert {ClaimState.DRAFT, ClaimState.IN_REVIEW, ClaimState.CHANGES_REQUESTED, ClaimState.APPROVED,
            ClaimState.PUBLISHED} <= states  # fmt: skip
    assert article.current_revision is not None
    for claim in Claim.objects.all():
        assert article.current_revision.body[claim.position_start : claim.position_end] == claim.quote_exact
    assert Source.objects.exists() and VerdictVersion.objects.exists() and WorkflowEvent.objects.exists()
    assert Client().login(username="demo-reviewer", password=logins["demo-reviewer"])

    # A second run adds nothing and prints no passwords; asking for new ones replaces them.
    assert _load_demo() == {}
    assert Article.objects.count() == 1
    renewed = _load_demo("--new-passwords")
    assert renewed["demo-reviewer"] != logins["demo-reviewer"]
    assert not Client().login(username="demo-reviewer", password=logins["demo-reviewer"])


def test_healthz_and_readyz(client: Client, settings) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"]["database"] == "ok"
    assert ready.json()["checks"]["broker"] == "in-process"


def test_readyz_reports_an_unreachable_broker(client: Client, settings) -> None:
    from factcheck.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    previous = app.conf.broker_url
    app.conf.update(broker_url="redis://127.0.0.1:1/0")
    try:
        response = client.get("/readyz")
    finally:
        app.conf.update(broker_url=previous)
    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("error:")


def test_pages_need_a_login_and_an_editorial_role(client: Client) -> None:
    article = make_article()
    pages = [reverse("dashboard"), reverse("article-new"), reverse("article-detail", args=[article.pk])]
    for url in pages:
        assert client.get(url).status_code == 302
    client.force_login(make_user(None))
    assert client.get(reverse("dashboard")).status_code == 200
    for url in pages[1:]:
        assert client.get(url).status_code == 403
    client.force_login(make_user(Role.ANNOTATOR))
    for url in pages:
        assert client.get(url).status_code == 200
    assert client.get(reverse("article-detail", args=[9999])).status_code == 404


def test_annotator_page_carries_the_text_as_inert_data(client: Client) -> None:
    article = make_article(title="<script>alert(1)</script>", body="He said <b>31</b> members.")
    make_claim(article, "31</b> members")
    client.force_login(make_user(Role.ANNOTATOR))
    for url in (reverse("dashboard"), reverse("article-detail", args=[article.pk])):
        page = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "<b>31</b>" not in page
    response = client.get(reverse("article-detail", args=[article.pk]))
    found = re.search(r'<script id="boot" type="application/json">(.*?)</script>', response.content.decode(), re.S)
    assert found is not None
    boot = json.loads(found[1])
    assert boot["page"] == "annotator"
    assert boot["article"]["body"] == "He said <b>31</b> members."
    assert [(c["quote"], c["start"], c["end"], c["state"], c["orphaned"]) for c in boot["claims"]] == [
        ("31</b> members", 11, 25, "draft", False)
    ]
    assert boot["user"]["roles"] == ["annotator"]
    assert {r["slug"] for r in boot["ratings"]} >= {"false", "true"}


def test_admin_lists_and_change_pages_work_for_every_model(client: Client) -> None:
    _load_demo()
    admin_user = make_user(None, is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    claim = Claim.objects.filter(state=ClaimState.PUBLISHED).first()
    assert claim is not None
    objects = {
        "article": claim.article_id,
        "articlerevision": claim.revision_id,
        "claim": claim.pk,
        "source": claim.sources.first().pk,  # type: ignore[union-attr]
        "rating": 1,
        "verdict": claim.verdict.pk,
        "workflowevent": claim.events.first().pk,  # type: ignore[union-attr]
        "comment": None,
    }
    for model, pk in objects.items():
        listing = client.get(f"/admin/annotations/{model}/?q=31")
        assert listing.status_code == 200, model
        if pk is not None:
            assert client.get(f"/admin/annotations/{model}/{pk}/change/").status_code == 200, model
    # The audit trail cannot be edited or deleted from the admin.
    event = claim.events.first()
    assert event is not None
    assert client.post(f"/admin/annotations/workflowevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert WorkflowEvent.objects.filter(pk=event.pk).exists()


def test_annotator_page_queries_do_not_grow_with_its_claims(client: Client, django_assert_max_num_queries: Any) -> None:
    article = make_article(body="One 31 members. Two 32 members. Three 33 members. Four 34 members.")
    client.force_login(make_user(Role.ANNOTATOR))
    make_claim(article, "31 members")
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("article-detail", args=[article.pk])).status_code == 200
    for quote in ("32 members", "33 members", "34 members"):
        make_claim(article, quote)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse("article-detail", args=[article.pk])).status_code == 200


def test_annotator_outlines_say_which_claims_an_edit_orphaned(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    article = make_article(body="NATO has 31 members. Four additional ships arrived.")
    kept = make_claim(article, "Four additional ships")
    lost = make_claim(article, "31 members")
    with django_capture_on_commit_callbacks(execute=True):  # re-anchoring runs on commit
        services.article_revise(article=article, body="NATO is large. Four additional ships arrived.", actor=None)
    client.force_login(make_user(Role.ANNOTATOR))
    response = client.get(reverse("article-detail", args=[article.pk]))
    found = re.search(r'<script id="boot" type="application/json">(.*?)</script>', response.content.decode(), re.S)
    assert found is not None
    outlines = {c["id"]: c for c in json.loads(found[1])["claims"]}
    assert outlines[kept.pk]["orphaned"] is False
    assert (outlines[kept.pk]["start"], outlines[kept.pk]["end"]) == (15, 36)
    assert outlines[lost.pk]["orphaned"] is True
