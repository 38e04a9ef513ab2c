"""ClaimReview builder without a database: Google's required properties, types, corrections, safe embedding."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

import pytest

from annotations.claimreview import build_claim_review, iso_datetime, json_for_script
from annotations.models import Article, Claim, Rating, VerdictVersion
from annotations.public_queries import FactCheck, PublicSite

SITE = PublicSite(base_url="https://checks.example.org/", org_name="Example Desk", org_url="https://example.org/")
PUBLISHED = datetime.datetime(2024, 5, 2, 9, 30, tzinfo=datetime.UTC)
CORRECTED = datetime.datetime(2024, 5, 3, 12, 0, 15, 123456, tzinfo=datetime.UTC)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$")


def google_claim_review_problems(doc: dict[str, Any]) -> list[str]:
    """What Google's fact-check markup documentation requires (and what it recommends, typed), as problems."""
    problems: list[str] = []

    def need(condition: bool, message: str) -> None:
        if not condition:
            problems.append(message)

    need(doc.get("@context") == "https://schema.org", "@context must be https://schema.org")
    need(doc.get("@type") == "ClaimReview", "@type must be ClaimReview")
    need(isinstance(doc.get("claimReviewed"), str) and bool(doc["claimReviewed"]), "claimReviewed: non-empty text")
    need(isinstance(doc.get("url"), str) and doc["url"].startswith(("http://", "https://")), "url: absolute url")
    rating = doc.get("reviewRating")
    need(isinstance(rating, dict) and rating.get("@type") == "Rating", "reviewRating: a Rating")
    if isinstance(rating, dict):
        need(isinstance(rating.get("alternateName"), str) and bool(rating["alternateName"]), "alternateName: text")
        if "ratingValue" in rating:
            numbers = [rating.get(key) for key in ("ratingValue", "bestRating", "worstRating")]
            need(all(isinstance(n, int | float) for n in numbers), "numeric rating needs best/worst numbers")
            if all(isinstance(n, int | float) for n in numbers):
                value, best, worst = numbers
                need(worst >= 1, "worstRating must be at least 1")  # type: ignore[operator]
                need(best > worst, "bestRating must exceed worstRating")  # type: ignore[operator]
                need(worst <= value <= best, "ratingValue must be within worstRating..bestRating")  # type: ignore[operator]
    author = doc.get("author")
    if author is not None:
        need(author.get("@type") in ("Organization", "Person") and bool(author.get("name")), "author: named org")
    if "datePublished" in doc:
        need(bool(ISO_DATE.match(doc["datePublished"])), "datePublished: ISO 8601")
    item = doc.get("itemReviewed")
    if item is not None:
        need(item.get("@type") == "Claim", "itemReviewed: a Claim")
        if "author" in item:
            need(item["author"].get("@type") in ("Organization", "Person"), "itemReviewed.author: Person/Org")
        if "datePublished" in item:
            need(bool(ISO_DATE.match(item["datePublished"])), "itemReviewed.datePublished: ISO 8601")
        for appearance in [*item.get("appearance", []), item.get("firstAppearance")]:
            if appearance is not None:
                need(
                    isinstance(appearance, str) or appearance.get("@type") == "CreativeWork",
                    "appearance: url or CreativeWork",
                )
    return problems


def _fact_check(*, versions: list[VerdictVersion] | None = None, **claim_fields: Any) -> FactCheck:
    article = Article(
        title="NATO grows",
        url="https://news.example.com/nato",
        publisher="Example News",
        published_at=datetime.datetime(2024, 5, 1, 8, 0, tzinfo=datetime.UTC),
        language="de",
    )
    fields: dict[str, Any] = {
        "id": 7,
        "quote_exact": "31 members",
        "claim_text": "NATO has 31 members",
        "claimant": "A. Minister",
        "claim_date": datetime.date(2024, 4, 30),
    }
    fields.update(claim_fields)
    claim = Claim(article=article, **fields)
    true = Rating(slug="true", label="True", value=5)
    if versions is None:
        versions = [
            VerdictVersion(number=1, rating=true, summary="Yes, 31.", explanation="...", published_at=PUBLISHED)
        ]
    return FactCheck(claim=claim, versions=versions, sources=[])


def test_a_published_fact_check_meets_googles_requirements() -> None:
    doc = build_claim_review(_fact_check(), site=SITE)
    assert google_claim_review_problems(doc) == []
    assert doc["@id"] == "https://checks.example.org/fact-checks/7/#claim-review"
    assert doc["url"] == "https://checks.example.org/fact-checks/7/"
    assert doc["claimReviewed"] == "NATO has 31 members"
    assert doc["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 5,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "True",
        "ratingExplanation": "Yes, 31.",
    }
    assert doc["author"] == {"@type": "Organization", "name": "Example Desk", "url": "https://example.org/"}
    assert doc["datePublished"] == "2024-05-02T09:30:00Z"
    assert doc["inLanguage"] == "de"
    item = doc["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "A. Minister"}
    assert item["datePublished"] == "2024-04-30"
    appearance = {
        "@type": "CreativeWork",
        "url": "https://news.example.com/nato",
        "headline": "NATO grows",
        "publisher": {"@type": "Organization", "name": "Example News"},
        "datePublished": "2024-05-01T08:00:00Z",
    }
    assert item["appearance"] == [appearance]
    assert item["firstAppearance"] == appearance
    # Not corrected: no dateModified, no correction.
    assert "dateModified" not in doc and "correction" not in doc
    json.dumps(doc)  # plain JSON types only


def test_a_rating_without_a_number_has_a_label_and_no_numbers() -> None:
    misleading = Rating(slug="misleading", label="Misleading", value=None)
    version = VerdictVersion(number=1, rating=misleading, summary="Out of context.", published_at=PUBLISHED)
    doc = build_claim_review(_fact_check(versions=[version]), site=SITE)
    assert doc["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Misleading",
        "ratingExplanation": "Out of context.",
    }
    assert google_claim_review_problems(doc) == []


def test_the_quote_stands_in_for_a_missing_sentence_and_the_article_date_for_a_missing_claim_date() -> None:
    doc = build_claim_review(_fact_check(claim_text="", claimant="", claim_date=None), site=SITE)
    assert doc["claimReviewed"] == "31 members"
    assert "author" not in doc["itemReviewed"]
    assert doc["itemReviewed"]["datePublished"] == "2024-05-01T08:00:00Z"
    assert google_claim_review_problems(doc) == []


def test_a_correction_shows_the_current_version_the_dates_and_the_note() -> None:
    true = Rating(slug="true", label="True", value=5)
    half = Rating(slug="half-true", label="Half true", value=3)
    versions = [
        VerdictVersion(number=1, rating=true, summary="Yes.", published_at=PUBLISHED),
        VerdictVersion(
            number=3, rating=half, summary="Partly.", published_at=CORRECTED, correction_note="Sweden joined later."
        ),
    ]
    doc = build_claim_review(_fact_check(versions=versions), site=SITE)
    assert doc["reviewRating"]["alternateName"] == "Half true"
    assert doc["reviewRating"]["ratingValue"] == 3
    assert doc["datePublished"] == "2024-05-02T09:30:00Z"
    assert doc["dateModified"] == "2024-05-03T12:00:15Z"
    assert doc["correction"] == [
        {"@type": "CorrectionComment", "text": "Sweden joined later.", "datePublished": "2024-05-03T12:00:15Z"}
    ]
    assert google_claim_review_problems(doc) == []


def test_only_http_urls_appear() -> None:
    fact_check = _fact_check()
    fact_check.article.url = "javascript:alert(1)"
    doc = build_claim_review(fact_check, site=SITE)
    assert "url" not in doc["itemReviewed"]["appearance"][0]


def test_the_checker_catches_what_google_requires() -> None:
    doc = build_claim_review(_fact_check(), site=SITE)
    broken = {**doc, "reviewRating": {"@type": "Rating", "ratingValue": 9, "bestRating": 5, "worstRating": 1}}
    del broken["claimReviewed"]
    problems = google_claim_review_problems(broken)
    assert "claimReviewed: non-empty text" in problems
    assert "alternateName: text" in problems
    assert "ratingValue must be within worstRating..bestRating" in problems


@pytest.mark.parametrize("hostile", ["</script><script>alert(1)</script>", "<!-- x", "a & b", "\u2028"])
def test_json_for_script_cannot_close_the_script_element(hostile: str) -> None:
    text = json_for_script({"claimReviewed": hostile})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"claimReviewed": hostile}


def test_iso_datetime_is_utc_to_the_second() -> None:
    plus_two = datetime.timezone(datetime.timedelta(hours=2))
    assert iso_datetime(datetime.datetime(2024, 5, 2, 11, 30, 5, 999, tzinfo=plus_two)) == "2024-05-02T09:30:05Z"
