"""Wikipedia through the MediaWiki Action API: list=search for the pages, then prop=extracts for their intros."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from django.conf import settings

from discovery import querytext
from discovery.providers.base import (
    MAX_SNIPPET,
    ClaimQuery,
    Found,
    Provider,
    ProviderError,
    malformed,
    parse_datetime,
    plain_text,
)

# Below the desk's own library and fact-checks, falling with the position in Wikipedia's ranking.
SCORE_SCALE = 0.8
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


class WikipediaProvider(Provider):
    name = "wikipedia"
    label = "Wikipedia"
    external = True

    def base_url(self, language: str) -> str:
        """The wiki of the article's language ("en" when the tag is not a plain language code)."""
        primary = language.lower().split("-", 1)[0]
        template: str = settings.DISCOVERY_WIKIPEDIA_BASE_URL
        return template.format(lang=primary if _LANGUAGE.match(primary) else "en").rstrip("/")

    def search(self, query: ClaimQuery) -> list[Found]:
        base = self.base_url(query.language)
        terms = querytext.keyword_query(query.text)
        if not terms:
            return []
        answer = self.get_json(
            f"{base}/w/api.php",
            {
                "action": "query",
                "list": "search",
                "srsearch": terms,
                "srlimit": str(self.max_results),
                "srprop": "snippet|timestamp",
                "format": "json",
                "formatversion": "2",
            },
        )
        hits = _search_hits(answer)
        if not hits:
            return []
        extracts = self._extracts(base, [hit["pageid"] for hit in hits])
        found = []
        for index, hit in enumerate(hits):
            title = str(hit["title"])
            page = extracts.get(int(hit["pageid"]), {})
            found.append(
                Found(
                    url=str(page.get("fullurl") or f"{base}/wiki/{quote(title.replace(' ', '_'))}"),
                    title=title,
                    snippet=plain_text(str(page.get("extract") or hit.get("snippet") or ""), limit=MAX_SNIPPET),
                    score=round(SCORE_SCALE * (1 - index / (len(hits) + 1)), 4),
                    published_at=parse_datetime(hit.get("timestamp")),
                    publisher="Wikipedia",
                )
            )
        return found

    def _extracts(self, base: str, page_ids: list[int]) -> dict[int, dict[str, Any]]:
        """The pages' plain-text intros and urls; without them the search snippets still serve."""
        try:
            answer = self.get_json(
                f"{base}/w/api.php",
                {
                    "action": "query",
                    "prop": "extracts|info",
                    "inprop": "url",
                    "pageids": "|".join(str(page_id) for page_id in page_ids),
                    "exintro": "1",
                    "explaintext": "1",
                    "exsentences": "3",
                    "exlimit": "max",
                    "format": "json",
                    "formatversion": "2",
                },
            )
        except ProviderError as error:
            if error.retry_after is not None:
                raise  # over the rate limit: the whole search waits and runs again
            return {}
        pages = answer.get("query", {}).get("pages", []) if isinstance(answer, dict) else []
        if not isinstance(pages, list):
            return {}
        return {int(page["pageid"]): page for page in pages if isinstance(page, dict) and "pageid" in page}


def _search_hits(answer: Any) -> list[dict[str, Any]]:
    if not isinstance(answer, dict):
        raise malformed("not an object")
    if "error" in answer:
        error = answer["error"] if isinstance(answer["error"], dict) else {}
        raise ProviderError(f"the API refused the search: {error.get('info') or error.get('code') or 'error'}")
    query = answer.get("query")
    if not isinstance(query, dict) or not isinstance(query.get("search"), list):
        raise malformed("no query.search list")
    hits = []
    for hit in query["search"]:
        if not isinstance(hit, dict) or not isinstance(hit.get("title"), str) or not isinstance(hit.get("pageid"), int):
            raise malformed("a search hit without title or pageid")
        hits.append(hit)
    return hits
