"""Build schema.org ClaimReview (JSON-LD) for a published fact-check, as Google's fact-check markup asks.

Google requires `claimReviewed`, `reviewRating` (with `alternateName`, the textual verdict) and `url`;
`ratingValue`, `bestRating` and `worstRating` are given only for ratings on the numeric scale, since
Google asks for them when a rating is numeric and a number would misstate a rating such as
"Misleading". The builder is pure: it reads the objects it is given and the site settings passed in.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from annotations.models import Article, Rating
from annotations.public_queries import FactCheck, PublicSite, http_url

JSONObject = dict[str, Any]

SCHEMA_CONTEXT = "https://schema.org"
BEST_RATING = 5
WORST_RATING = 1

# As django.utils.html.json_script escapes: no "</script>", "<!--" or "&" can appear in the
# output, so the JSON is inert inside an HTML <script> element; U+2028/9 for old JS parsers.
_SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def iso_datetime(value: datetime.datetime) -> str:
    """ISO 8601 in UTC to the second ("2024-05-01T10:00:00Z")."""
    assert value.tzinfo is not None, "public dates must be timezone-aware"
    return value.astimezone(datetime.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _iso_date_or_datetime(value: datetime.date | datetime.datetime) -> str:
    if isinstance(value, datetime.datetime):
        return iso_datetime(value)
    return value.isoformat()


def review_rating(rating: Rating | None, *, explanation: str) -> JSONObject:
    """schema.org Rating: the label always; the number and its scale only for ratings that have one."""
    result: JSONObject = {"@type": "Rating"}
    if rating is not None and rating.value is not None:
        result["ratingValue"] = rating.value
        result["bestRating"] = BEST_RATING
        result["worstRating"] = WORST_RATING
    result["alternateName"] = rating.label if rating is not None else ""
    if explanation:
        result["ratingExplanation"] = explanation
    return result


def _appearance(article: Article) -> JSONObject:
    work: JSONObject = {"@type": "CreativeWork"}
    url = http_url(article.url)
    if url:
        work["url"] = url
    if article.title:
        work["headline"] = article.title
    if article.publisher:
        work["publisher"] = {"@type": "Organization", "name": article.publisher}
    if article.published_at is not None:
        work["datePublished"] = iso_datetime(article.published_at)
    return work


def _item_reviewed(fact_check: FactCheck) -> JSONObject:
    claim, article = fact_check.claim, fact_check.article
    item: JSONObject = {"@type": "Claim"}
    if claim.claimant:
        # The model does not record whether a claimant is a person or an organisation; most
        # checked claims are said by people, so Person it is.
        item["author"] = {"@type": "Person", "name": claim.claimant}
    said_on = claim.claim_date or article.published_at
    if said_on is not None:
        item["datePublished"] = _iso_date_or_datetime(said_on)
    appearance = _appearance(article)
    item["appearance"] = [appearance]
    item["firstAppearance"] = appearance
    return item


def build_claim_review(fact_check: FactCheck, *, site: PublicSite) -> JSONObject:
    """The ClaimReview of a published fact-check: only published versions, never a draft."""
    page_url = site.page_url(fact_check.id)
    verdict = fact_check.verdict
    review: JSONObject = {
        "@context": SCHEMA_CONTEXT,
        "@type": "ClaimReview",
        "@id": f"{page_url}#claim-review",
        "url": page_url,
        "claimReviewed": fact_check.claim_sentence,
        "reviewRating": review_rating(verdict.rating, explanation=verdict.summary),
        "itemReviewed": _item_reviewed(fact_check),
        "author": {"@type": "Organization", "name": site.org_name, "url": site.org_url},
        "datePublished": iso_datetime(fact_check.date_published),
        "inLanguage": fact_check.article.language,
    }
    if fact_check.is_corrected:
        review["dateModified"] = iso_datetime(fact_check.date_modified)
        review["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": version.correction_note,
                "datePublished": iso_datetime(version.published_at),
            }
            for version in fact_check.corrections
            if version.published_at is not None
        ]
    return review


def json_for_script(data: JSONObject) -> str:
    """JSON text safe to place, unescaped, between <script type="application/ld+json"> and </script>."""
    return json.dumps(data, ensure_ascii=False, sort_keys=False).translate(_SCRIPT_ESCAPES)
