"""Google Fact Check Tools: claims:search returns other organisations' ClaimReviews (on only with an API key)."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings

from discovery.providers.base import (
    MAX_SNIPPET,
    ClaimQuery,
    Found,
    Provider,
    malformed,
    parse_datetime,
)

SCORE_SCALE = 0.85
MAX_QUERY = 200
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


class FactCheckToolsProvider(Provider):
    name = "fact_check_tools"
    label = "Fact Check Tools"
    external = True

    def is_configured(self) -> bool:
        return bool(settings.DISCOVERY_FACT_CHECK_TOOLS_API_KEY)

    def search(self, query: ClaimQuery) -> list[Found]:
        text = " ".join(query.text.split())[:MAX_QUERY]
        if not text:
            return []
        params = {"query": text, "pageSize": str(self.max_results)}
        if _LANGUAGE.match(query.language):
            params["languageCode"] = query.language
        answer = self.get_json(
            settings.DISCOVERY_FACT_CHECK_TOOLS_BASE_URL.rstrip("/") + "/v1alpha1/claims:search",
            params,
            # In a header, not the url: the key stays out of caches, logs and error messages.
            headers={"X-Goog-Api-Key": settings.DISCOVERY_FACT_CHECK_TOOLS_API_KEY},
        )
        return _reviews(answer)[: self.max_results]


def _reviews(answer: Any) -> list[Found]:
    if not isinstance(answer, dict):
        raise malformed("not an object")
    claims = answer.get("claims", [])  # an empty result is {}
    if not isinstance(claims, list):
        raise malformed("claims is not a list")
    reviews: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for claim in claims:
        if not isinstance(claim, dict) or not isinstance(claim.get("claimReview", []), list):
            raise malformed("a claim without a claimReview list")
        reviews.extend((claim, review) for review in claim.get("claimReview", []) if isinstance(review, dict))
    found = []
    for index, (claim, review) in enumerate(reviews):
        url = review.get("url")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            continue  # a review without a readable url cannot become a source
        publisher = review.get("publisher") if isinstance(review.get("publisher"), dict) else {}
        claimant = claim.get("claimant")
        snippet = str(claim.get("text") or "")
        if isinstance(claimant, str) and claimant:
            snippet = f"{claimant}: {snippet}"
        found.append(
            Found(
                url=url,
                title=str(review.get("title") or claim.get("text") or url),
                snippet=snippet[:MAX_SNIPPET],
                score=round(SCORE_SCALE * (1 - index / (len(reviews) + 1)), 4),
                published_at=parse_datetime(review.get("reviewDate")),
                publisher=str(publisher.get("name") or publisher.get("site") or ""),  # type: ignore[union-attr]
                textual_rating=str(review.get("textualRating") or "")[:300],
            )
        )
    return found
