"""A real HTTP server on 127.0.0.1 that answers as the MediaWiki Action API and Fact Check Tools claims:search do.

The bodies follow the services' documented formats (MediaWiki `action=query&list=search` and
`prop=extracts|info` with formatversion=2; Fact Check Tools v1alpha1 `claims:search`). A test sets
`modes[service]` to make a service answer normally, with nothing, 429 with Retry-After, 500,
slowly, or with malformed JSON; every request is logged with its arrival time.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.loopback import serving

WIKIPEDIA = "wikipedia"
FACT_CHECK_TOOLS = "fact_check_tools"
API_KEY = "test-key-not-secret"

WIKI_PAGES = [
    {
        "pageid": 1234,
        "title": "Member states of NATO",
        "snippet": 'NATO has <span class="searchmatch">31</span> <span class="searchmatch">members</span> since 2023',
        "timestamp": "2024-03-07T12:00:00Z",
        "extract": "The North Atlantic Treaty Organization had 31 member states after Finland joined on 4 April 2023.",
        "fullurl": "https://en.wikipedia.org/wiki/Member_states_of_NATO",
    },
    {
        "pageid": 21133,
        "title": "NATO",
        "snippet": 'The <span class="searchmatch">alliance</span> was founded in 1949',
        "timestamp": "2024-05-01T08:30:00Z",
        "extract": "NATO is an intergovernmental military alliance founded in 1949.",
        "fullurl": "https://en.wikipedia.org/wiki/NATO",
    },
]

FACT_CHECK_CLAIMS = {
    "claims": [
        {
            "text": "NATO has 31 members.",
            "claimant": "A minister",
            "claimDate": "2023-04-04T00:00:00Z",
            "claimReview": [
                {
                    "publisher": {"name": "Example Checkers", "site": "checkers.example.org"},
                    "url": "https://checkers.example.org/nato-31-members",
                    "title": "Does NATO have 31 members?",
                    "reviewDate": "2023-04-05T10:00:00Z",
                    "textualRating": "True",
                    "languageCode": "en",
                }
            ],
        },
        {
            "text": "NATO has 40 members.",
            "claimant": "A blog",
            "claimReview": [
                {
                    "publisher": {"site": "other.example.net"},
                    "url": "https://other.example.net/checks/nato-40",
                    "title": "No, NATO does not have 40 members",
                    "reviewDate": "2023-06-01T00:00:00Z",
                    "textualRating": "False",
                    "languageCode": "en",
                }
            ],
        },
    ],
    "nextPageToken": "CAI",
}


@dataclass
class ProviderServer:
    host: str
    port: int
    # service -> ok | empty | 429 | 500 | slow | malformed
    modes: dict[str, str] = field(default_factory=lambda: {WIKIPEDIA: "ok", FACT_CHECK_TOOLS: "ok"})
    retry_after: str = "30"
    slow_seconds: float = 2.0
    # (monotonic arrival time, service, query parameters, headers)
    requests: list[tuple[float, str, dict[str, list[str]], dict[str, str]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def allow_entry(self) -> str:
        return f"{self.host}:{self.port}"

    def hits(self, service: str) -> int:
        return sum(1 for _, name, _, _ in self.requests if name == service)


def _wikipedia_answer(params: dict[str, list[str]]) -> dict[str, Any]:
    if params.get("list") == ["search"]:
        search = [{"ns": 0, **{k: page[k] for k in ("title", "pageid", "snippet", "timestamp")}} for page in WIKI_PAGES]
        return {
            "batchcomplete": True,
            "continue": {"sroffset": len(search), "continue": "-||"},
            "query": {"searchinfo": {"totalhits": len(search)}, "search": search},
        }
    if "extracts" in params.get("prop", [""])[0]:
        wanted = {int(i) for i in params.get("pageids", [""])[0].split("|") if i.isdigit()}
        pages = [
            {
                "pageid": page["pageid"],
                "ns": 0,
                "title": page["title"],
                "extract": page["extract"],
                "contentmodel": "wikitext",
                "pagelanguage": "en",
                "fullurl": page["fullurl"],
                "canonicalurl": page["fullurl"],
            }
            for page in WIKI_PAGES
            if page["pageid"] in wanted
        ]
        return {"batchcomplete": True, "query": {"pages": pages}}
    return {"error": {"code": "badvalue", "info": "Unrecognized parameters."}}


def _handler(server: ProviderServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _send(self, status: int, body: bytes, extra: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for name, value in (extra or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            split = urlsplit(self.path)
            params = parse_qs(split.query)
            if split.path == "/w/api.php":
                service = WIKIPEDIA
            elif split.path == "/v1alpha1/claims:search":
                service = FACT_CHECK_TOOLS
            else:
                self._send(404, b'{"error": "not found"}')
                return
            with server.lock:
                server.requests.append((time.monotonic(), service, params, dict(self.headers.items())))
            mode = server.modes.get(service, "ok")
            if mode == "429":
                self._send(
                    429,
                    b'{"error": {"code": 429, "status": "RESOURCE_EXHAUSTED"}}',
                    {"Retry-After": server.retry_after},
                )
            elif mode == "500":
                self._send(500, b'{"error": {"code": 500, "message": "Internal error"}}')
            elif mode == "malformed":
                self._send(200, b'{"query": {"search": [ {"title": "trunc')
            elif mode == "slow":
                time.sleep(server.slow_seconds)
                self._send(200, b"{}")
            elif service == FACT_CHECK_TOOLS:
                if self.headers.get("X-Goog-Api-Key") != API_KEY:
                    error = {
                        "error": {
                            "code": 403,
                            "message": "The request is missing a valid API key.",
                            "status": "PERMISSION_DENIED",
                        }
                    }
                    self._send(403, json.dumps(error).encode())
                else:
                    self._send(200, json.dumps({} if mode == "empty" else FACT_CHECK_CLAIMS).encode())
            elif mode == "empty":
                empty = {"batchcomplete": True, "query": {"searchinfo": {"totalhits": 0}, "search": []}}
                self._send(200, json.dumps(empty).encode())
            else:
                self._send(200, json.dumps(_wikipedia_answer(params)).encode())

    return Handler


@contextmanager
def running_provider_server() -> Iterator[ProviderServer]:
    state = ProviderServer(host="127.0.0.1", port=0)
    with serving(_handler(state)) as port:
        state.port = port
        yield state
