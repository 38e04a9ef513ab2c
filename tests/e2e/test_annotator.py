"""The whole desk in a real browser: mark a claim, source it, write and review the verdict, publish it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect

from annotations import services, workflow
from annotations.models import Claim, ClaimState, Rating, Role, Source, VerdictVersion
from tests.e2e.browser import REPO, assert_accessible, log_in, select_with_mouse
from tests.factories import make_article, make_claim, make_fetched_source, make_user
from tests.integration.conftest import WorkerFactory
from tests.sourceserver import SourceServer, running_source_server

# Serialized rollback: the flush after a transactional test would drop the migrated roles and ratings.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ARTICLE = (
    "NATO leaders met in Vilnius on July 11.\n\n"
    "The alliance now has 31 members, after Finland joined in April. "
    "Four additional NATO ships arrived in the Baltic, officials said."
)
SCREENSHOT = REPO / "docs" / "annotator.png"


@pytest.fixture
def web() -> Iterator[SourceServer]:
    with running_source_server() as server:
        yield server


def _new_page(browser: Browser, live_server: Any) -> Page:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, base_url=live_server.url)
    return context.new_page()


def test_annotator_marks_sources_and_submits_then_a_reviewer_publishes(
    browser: Browser, live_server: Any, celery_workers: WorkerFactory, web: SourceServer
) -> None:
    celery_workers.start({"FETCH_ALLOWED_HOSTS": web.allow_entry})
    make_user(Role.ANNOTATOR, username="ana")
    make_user(Role.REVIEWER, username="rev")
    page = _new_page(browser, live_server)

    # The annotator pastes an article.
    log_in(page, live_server.url, "ana")
    assert_accessible(page)
    page.get_by_role("link", name="Add article").click()
    expect(page.get_by_role("heading", name="Add an article")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Add article").click()
    expect(page.locator("#article-title-error")).to_contain_text("may not be blank")
    page.get_by_label("Title", exact=True).fill("Alliance grows to 31 members")
    page.get_by_label("Text", exact=True).fill(ARTICLE)
    page.get_by_label("Publisher").fill("Baltic Wire")
    page.get_by_role("button", name="Add article").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alliance grows to 31 members")
    expect(page.locator(".article-body p")).to_have_count(2)

    # Selects "31 members" with the mouse and marks it from the popover.
    select_with_mouse(page, "31 members")
    page.get_by_role("button", name="Mark claim").click()
    expect(page.get_by_role("heading", name="Claim: “31 members”")).to_be_visible()
    expect(page.locator(".article-body mark.hl")).to_have_text(["31 members"])
    claim = Claim.objects.get()
    assert (claim.position_start, claim.position_end, claim.quote_exact) == (62, 72, "31 members")
    expect(page.get_by_label("Checkable claim")).to_be_focused()
    page.get_by_label("Checkable claim").fill("The alliance has 31 members.")
    page.get_by_label("Claimant").fill("NATO officials")
    page.get_by_role("button", name="Save claim").click()
    expect(page.get_by_role("status").filter(has_text="Claim saved.")).to_be_attached()

    # A hostile url is refused with the reason; the local page is fetched by the worker, live.
    page.locator("body").click(position={"x": 5, "y": 400})
    page.keyboard.press("o")
    expect(page.get_by_label("Source url")).to_be_focused()
    page.get_by_label("Source url").fill("javascript:alert(1)")
    page.get_by_role("button", name="Add source").click()
    expect(page.locator("#source-url-error")).to_contain_text("valid URL")
    assert not Source.objects.exists()
    page.get_by_label("Source url").fill(web.url("/article.html"))
    page.get_by_role("button", name="Add source").click()
    source_item = page.locator(".source").first
    expect(source_item.locator(".fetch-state")).to_have_text("Fetched", timeout=30_000)
    expect(source_item.get_by_role("link", name="Members of the alliance")).to_have_attribute(
        "rel", "noopener noreferrer"
    )
    expect(source_item.locator("mark.number-agree")).to_have_text("thirty-one")

    # The verdict, then submit by keyboard.
    page.get_by_label("Rating").select_option(label="True")
    page.get_by_label("Summary").fill("NATO has had 31 members since Finland joined in April 2023.")
    page.get_by_label("Explanation").fill("The alliance's own list names 31 members.")
    page.get_by_role("button", name="Save verdict").click()
    expect(page.get_by_text("Version 1 by ana")).to_be_visible()
    page.get_by_label("New comment").fill("<b>Checked</b> against the alliance's list.")
    page.get_by_role("button", name="Add comment").click()
    expect(page.locator(".comments")).to_contain_text("<b>Checked</b> against the alliance's list.")
    page.get_by_role("heading", name="Claim: “31 members”").focus()
    page.keyboard.press("Shift+S")
    expect(page.locator(".claim-panel .state-badge")).to_have_text("In review")
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)  # not the annotator's to take
    assert_accessible(page)
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0); document.querySelector('.side-column').scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOT))

    # A reviewer finds it in the queue, approves by key and publishes.
    reviewer = _new_page(browser, live_server)
    log_in(reviewer, live_server.url, "rev")
    queue = reviewer.get_by_role("region", name="Review queue")
    queue.get_by_role("link").first.click()
    reviewer.get_by_role("button", name=re.compile("31 members")).click()
    expect(reviewer.get_by_role("heading", name="Claim: “31 members”")).to_be_focused()
    expect(reviewer.get_by_role("button", name="Approve")).to_be_visible()
    expect(reviewer.locator(".comments")).to_contain_text("ana")
    reviewer.get_by_text("History").click()
    expect(reviewer.locator(".history")).to_contain_text("submit (Draft → In review)")
    reviewer.get_by_role("button", name=re.compile("Request changes")).click()
    expect(reviewer.locator("#workflow-comment-error")).to_have_text("Write a comment to request changes.")
    expect(reviewer.get_by_label("Comment for the review action")).to_be_focused()
    reviewer.get_by_role("heading", name="Claim: “31 members”").focus()
    reviewer.keyboard.press("Shift+A")
    expect(reviewer.locator(".claim-panel .state-badge")).to_have_text("Approved")
    reviewer.get_by_role("button", name="Publish").click()
    expect(reviewer.locator(".claim-panel .state-badge")).to_have_text("Published")
    assert_accessible(reviewer)

    # The public page shows the verdict and its ClaimReview.
    reviewer.get_by_role("link", name="public page").click()
    expect(reviewer.get_by_role("heading", level=1)).to_have_text("The alliance has 31 members.")
    expect(reviewer.locator(".rating")).to_have_text("True")
    ld = json.loads(reviewer.locator('script[type="application/ld+json"]').text_content() or "{}")
    assert ld["@type"] == "ClaimReview"
    assert ld["reviewRating"]["alternateName"] == "True"
    assert ld["claimReviewed"] == "The alliance has 31 members."
    assert_accessible(reviewer)
    reviewer.get_by_role("link", name="Corrections").click()
    expect(reviewer.get_by_role("heading", name="Corrections")).to_be_visible()
    assert_accessible(reviewer)


def test_script_in_an_article_is_shown_as_text_and_never_runs(browser: Browser, live_server: Any) -> None:
    make_user(Role.ANNOTATOR, username="ana")
    page = _new_page(browser, live_server)
    dialogs: list[str] = []
    problems: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", lambda response: problems.append(response.url) if response.status >= 400 else None)
    payload = '<script>alert("script")</script> 31 members <img src=x onerror="alert(\'onerror\')">'

    log_in(page, live_server.url, "ana")
    page.goto("/articles/new/")
    page.get_by_label("Title", exact=True).fill('<script>alert("title")</script>')
    page.get_by_label("Text", exact=True).fill(payload + "\n\nSecond paragraph.")
    page.get_by_role("button", name="Add article").click()
    expect(page.get_by_role("heading", level=1)).to_have_text('<script>alert("title")</script>')
    expect(page.locator(".article-body p").first).to_have_text(payload)
    select_with_mouse(page, "31 members")
    page.keyboard.press("m")
    expect(page.locator(".article-body mark.hl")).to_have_text(["31 members"])
    page.reload()
    expect(page.locator(".article-body mark.hl")).to_have_text(["31 members"])

    assert page.locator(".article-body img, .article-body script").count() == 0
    assert dialogs == []
    assert problems == []


def test_a_stale_verdict_edit_shows_the_newer_version_instead_of_overwriting(
    browser: Browser, live_server: Any
) -> None:
    make_user(Role.ANNOTATOR, username="ana")
    bob = make_user(Role.ANNOTATOR, username="bob")
    claim = make_claim(make_article(), "31 members")
    services.verdict_write(
        claim=claim,
        author=bob,
        rating=Rating.objects.get(slug="true"),
        summary="First take.",
        explanation="Checked.",
        expected_version=None,
    )
    page = _new_page(browser, live_server)
    log_in(page, live_server.url, "ana")
    page.goto(f"/articles/{claim.article_id}/")
    page.get_by_role("button", name=re.compile("31 members")).click()
    expect(page.get_by_label("Summary")).to_have_value("First take.")

    # Bob saves version 2 while Ana is still editing version 1.
    services.verdict_write(
        claim=claim,
        author=bob,
        rating=Rating.objects.get(slug="mostly-true"),
        summary="Bob's newer take.",
        explanation="Rechecked.",
        expected_version=1,
    )
    page.get_by_label("Summary").fill("Ana's take.")
    page.get_by_role("button", name="Save verdict").click()

    conflict = page.locator(".conflict")
    expect(conflict).to_contain_text("bob saved version 2 while you were editing")
    expect(conflict).to_contain_text("Bob's newer take.")
    expect(page.get_by_label("Summary")).to_have_value("Ana's take.")  # her draft is kept, not saved
    assert VerdictVersion.objects.filter(verdict__claim=claim).count() == 2
    assert_accessible(page)

    page.get_by_role("button", name="Use their version").click()
    expect(page.get_by_label("Summary")).to_have_value("Bob's newer take.")
    expect(page.get_by_label("Rating")).to_have_value("mostly-true")
    claim.refresh_from_db()
    assert claim.state == ClaimState.DRAFT


def _published_fact_check(claim_text: str) -> Claim:
    """A claim of another article, published through the workflow by two people."""
    author = make_user(Role.ANNOTATOR)
    reviewer = make_user(Role.REVIEWER)
    claim = make_claim(make_article(title="Earlier story"), "31 members", claim_text=claim_text)
    make_fetched_source(claim)
    services.verdict_write(
        claim=claim,
        author=author,
        rating=Rating.objects.get(slug="true"),
        summary="Yes: 31.",
        explanation="The treaty lists them.",
        expected_version=None,
    )
    workflow.claim_transition(claim=claim, action="submit", actor=author)
    workflow.claim_transition(claim=claim, action="approve", actor=reviewer)
    workflow.claim_transition(claim=claim, action="publish", actor=reviewer)
    return claim


def test_suggested_claims_are_accepted_and_dismissed_by_key_and_matches_show_the_earlier_fact_check(
    browser: Browser, live_server: Any
) -> None:
    earlier = _published_fact_check("The alliance has 31 members.")
    make_user(Role.ANNOTATOR, username="ana")
    page = _new_page(browser, live_server)
    log_in(page, live_server.url, "ana")
    page.goto("/articles/new/")
    page.get_by_label("Title", exact=True).fill("Alliance grows")
    page.get_by_label("Text", exact=True).fill(ARTICLE)
    page.get_by_role("button", name="Add article").click()

    # Detection ran when the article was saved: the suggestions are dashed in the text and listed.
    suggestions = page.locator(".suggestion-item")
    expect(suggestions.first).to_contain_text("31 members")
    expect(page.locator(".article-body mark.suggestion").filter(has_text="31 members")).to_have_count(1)
    count = suggestions.count()
    assert count >= 3
    assert_accessible(page)

    # n focuses the best suggestion, y makes it a claim on the same span.
    page.locator("body").click(position={"x": 5, "y": 600})
    page.keyboard.press("n")
    expect(suggestions.first).to_be_focused()
    page.keyboard.press("y")
    expect(page.get_by_role("heading", name="Claim: “31 members”")).to_be_visible()
    expect(page.locator(".article-body mark.hl")).to_have_text(["31 members"])
    expect(suggestions).to_have_count(count - 1)

    # Matching found the earlier published fact-check of the reworded claim.
    checked = page.get_by_role("region", name="Checked before")
    expect(checked).to_contain_text("The alliance has 31 members.")
    expect(checked).to_contain_text("True")
    # ...and what the new claim's sentence says beyond it, for the editor to weigh the match.
    expect(checked.locator(".match-differences")).to_have_text("Only in this claim: April, Finland, joined")
    expect(checked.get_by_role("link", name="public fact-check")).to_have_attribute(
        "href", f"/fact-checks/{earlier.pk}/"
    )

    # "Not the same claim" takes the match out of the list and keeps it apart, to be restored after a slip.
    checked.get_by_role("button", name="Not the same claim").click()
    expect(checked).to_contain_text("No earlier claim says the same.")
    rejected = checked.locator("details.rejected-matches")
    expect(rejected.locator("summary")).to_have_text("Marked as other claims (1)")
    rejected.locator("summary").click()
    rejected.get_by_role("button", name="Same claim after all").click()
    expect(checked.get_by_role("button", name="Not the same claim")).to_have_count(1)
    expect(rejected).to_have_count(0)
    checked.locator("li.match").focus()  # x on a focused match does the same
    page.keyboard.press("x")
    expect(rejected.locator("summary")).to_have_text("Marked as other claims (1)")

    # x dismisses; a dismissed suggestion does not come back.
    page.locator("body").click(position={"x": 5, "y": 600})
    page.keyboard.press("n")
    dismissed = suggestions.first.locator("p").first.inner_text()
    page.keyboard.press("x")
    expect(suggestions).to_have_count(count - 2)
    page.reload()
    expect(page.locator(".suggestion-item")).to_have_count(count - 2)
    assert dismissed not in page.locator(".claim-suggestions").inner_text()

    # ...nor does the rejected match, when the claim is opened again.
    page.locator(".article-body mark.hl").click()
    checked = page.get_by_role("region", name="Checked before")
    expect(checked).to_contain_text("No earlier claim says the same.")
    expect(checked.locator("details.rejected-matches summary")).to_have_text("Marked as other claims (1)")
    checked.locator("details.rejected-matches summary").click()
    expect(checked.locator("details.rejected-matches")).to_contain_text("Marked by ana")
    assert_accessible(page)


def test_a_new_claim_gets_suggested_references_and_one_is_attached_by_key(
    browser: Browser, live_server: Any, web: SourceServer, settings: Any
) -> None:
    settings.FETCH_ALLOWED_HOSTS = [web.allow_entry]
    # The desk's library: a page fetched for an earlier claim (tasks run in-process here).
    older = make_claim(make_article(title="Older story", body="The alliance has 31 members."), "31 members")
    services.source_add(claim=older, url=web.url("/article.html"), stance="supports", added_by=None)
    _published_fact_check("The alliance has 31 members.")
    article = make_article(title="Summit", body="Officials said the alliance now has 31 members after Finland joined.")
    make_user(Role.ANNOTATOR, username="ana")
    page = _new_page(browser, live_server)
    log_in(page, live_server.url, "ana")
    page.goto(f"/articles/{article.pk}/")

    select_with_mouse(page, "31 members")
    page.keyboard.press("m")
    references = page.get_by_role("region", name="Suggested references")
    library_item = references.locator(".reference").filter(has_text="Members of the alliance")
    expect(library_item).to_be_visible()
    expect(references.locator(".reference").filter(has_text="The alliance has 31 members.")).to_be_visible()
    expect(references.locator(".searches")).to_contain_text("found")
    assert_accessible(page)

    # y on a focused suggestion attaches it: it becomes a source, fetched like any other.
    library_item.focus()
    page.keyboard.press("y")
    sources = page.get_by_role("region", name="Sources")
    expect(sources.locator(".source").filter(has_text="Members of the alliance").locator(".fetch-state")).to_have_text(
        "Fetched"
    )
    expect(library_item).to_have_count(0)

    # x dismisses; the dismissal is remembered.
    fact_check_item = references.locator(".reference").filter(has_text="The alliance has 31 members.")
    fact_check_item.focus()
    page.keyboard.press("x")
    expect(fact_check_item).to_have_count(0)
    page.reload()
    page.get_by_role("button", name=re.compile("31 members")).click()
    references = page.get_by_role("region", name="Suggested references")
    expect(references.locator(".reference").filter(has_text="Report")).to_be_visible()
    expect(references.locator(".reference").filter(has_text="The alliance has 31 members.")).to_have_count(0)
    expect(references.locator(".reference").filter(has_text="Members of the alliance")).to_have_count(0)


def test_an_article_imported_by_url_opens_in_the_annotator(
    browser: Browser, live_server: Any, web: SourceServer, settings: Any
) -> None:
    settings.FETCH_ALLOWED_HOSTS = [web.allow_entry]
    make_user(Role.ANNOTATOR, username="ana")
    page = _new_page(browser, live_server)
    log_in(page, live_server.url, "ana")
    page.goto("/articles/new/")

    page.get_by_label("Article url").fill("ftp://example.org/file")
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#import-url-error")).to_contain_text("only http and https")

    page.get_by_label("Article url").fill(web.url("/article.html"))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Members of the alliance")
    expect(page.locator(".article-body")).to_contain_text("the alliance has thirty-one members")

    # Without a mouse: the words are typed, the server finds their one place (or says why not).
    page.get_by_label("Words to mark as a claim").fill("members")
    page.keyboard.press("Enter")
    expect(page.locator("#quote-to-mark-error")).to_contain_text("occurs")
    page.get_by_label("Words to mark as a claim").fill("thirty-one members")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Claim: “thirty-one members”")).to_be_visible()
    expect(page.get_by_label("Checkable claim")).to_be_focused()
    expect(page.locator(".article-body mark.hl")).to_have_text(["thirty-one members"])
    assert_accessible(page)
