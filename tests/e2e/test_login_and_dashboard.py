"""A person logs in with a printed demo login, sees the dashboard and reads the highlighted article."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from annotations.demo import DEMO_TITLE

# Serialized rollback: the flush after a transactional test would drop the migrated roles and ratings.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_demo_login_dashboard_and_article(page: Page, live_server) -> None:
    out = StringIO()
    call_command("load_demo", stdout=out)
    password = re.search(r"username: demo-annotator\s+password: (\S+)", out.getvalue())
    assert password is not None

    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/login/"))
    page.get_by_label("Username").fill("demo-annotator")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("did not match")

    page.get_by_label("Password").fill(password.group(1))
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    page.get_by_role("link", name=DEMO_TITLE, exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("four new ferry routes")
    marks = page.locator(".article-body mark")
    expect(marks.first).to_be_visible()
    assert "31 vessels" in " ".join(marks.all_inner_texts())

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login/"))
