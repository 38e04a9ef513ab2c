"""A real HTTP server on 127.0.0.1 that plays the web for fetch tests: pages, a PDF, and every way to fail."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler

from tests.loopback import serving

ARTICLE_HTML = """<!doctype html>
<html lang="en"><head>
<title>Members of the alliance</title>
<meta name="author" content="Jane Roe">
<meta property="og:site_name" content="Stats Office">
<meta name="date" content="2023-04-04">
<link rel="canonical" href="https://stats.example.org/members">
</head><body>
<nav>Home · About · Contact</nav>
<article>
<h1>Members of the alliance</h1>
<p>The alliance was founded in 1949 by twelve countries after long negotiations in Washington.</p>
<p>Since April 2023 the alliance has thirty-one members, after Finland completed its accession.</p>
<p>Several members of the alliance met in Vilnius, where the members discussed many other questions.</p>
<p>Sweden's accession was still being ratified by the parliaments of two members at the time.</p>
</article>
<footer>Copyright Stats Office</footer>
</body></html>
"""

LATIN1_PAGE = (
    "<html><head><title>Caf\xe9</title></head>"
    "<body><p>Le caf\xe9 compte 31 membres \xe0 Paris depuis longtemps.</p></body></html>"
)
SCRIPT_PAGE = (
    "<html><head><title><script>alert(1)</script>Evil</title></head><body>"
    "<p>Evil page says 31 members <script>alert(2)</script> are enough for everyone here.</p></body></html>"
)
PLAIN_TEXT = "Harbour statistics.\n\nThe ferries carried about 28,000 passengers on an ordinary weekday."


def _pdf(text: str) -> bytes:
    """A minimal one-page PDF with one line of text (Helvetica)."""
    stream = b"BT /F1 12 Tf 72 720 Td (" + text.encode() + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


PDF_BYTES = _pdf("The register lists 31 members in 2023.")


@dataclass
class SourceServer:
    host: str
    port: int
    # Requests seen, by path, so tests can tell what was (not) fetched.
    hits: dict[str, int] = field(default_factory=dict)
    # How many times /flaky still answers 500 before it answers 200.
    flaky_failures: int = 1
    slow_seconds: float = 3.0
    huge_bytes: int = 2_000_000

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def allow_entry(self) -> str:
        return f"{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.origin + path


def _handler(server: SourceServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _send(self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (extra or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            server.hits[path] = server.hits.get(path, 0) + 1
            if path == "/article.html":
                self._send(200, ARTICLE_HTML.encode(), "text/html; charset=utf-8")
            elif path == "/latin1.html":
                page = LATIN1_PAGE
                self._send(200, page.encode("latin-1"), "text/html; charset=iso-8859-1")
            elif path == "/report.pdf":
                self._send(200, PDF_BYTES, "application/pdf")
            elif path == "/plain.txt":
                self._send(200, PLAIN_TEXT.encode(), "text/plain")
            elif path == "/redirect":
                self._send(302, b"", "text/plain", {"Location": "/article.html"})
            elif path == "/redirect-private":
                self._send(302, b"", "text/plain", {"Location": "http://10.0.0.5/secret"})
            elif path == "/redirect-loop":
                self._send(302, b"", "text/plain", {"Location": "/redirect-loop"})
            elif path == "/slow":
                time.sleep(server.slow_seconds)
                self._send(200, ARTICLE_HTML.encode(), "text/html")
            elif path == "/huge":
                self._send(200, b"<p>" + b"x" * server.huge_bytes + b"</p>", "text/html")
            elif path == "/archive.zip":
                self._send(200, b"PK\x03\x04 not really a zip", "application/zip")
            elif path == "/flaky":
                if server.flaky_failures > 0:
                    server.flaky_failures -= 1
                    self._send(500, b"try later", "text/plain")
                else:
                    self._send(200, ARTICLE_HTML.encode(), "text/html")
            elif path == "/changing":
                body = ARTICLE_HTML.replace("thirty-one members", f"thirty-one members (visit {server.hits[path]})")
                self._send(200, body.encode(), "text/html")
            elif path == "/vanishing":
                if server.hits[path] == 1:
                    self._send(200, ARTICLE_HTML.encode(), "text/html")
                else:
                    self._send(404, b"gone", "text/plain")
            elif path == "/error":
                self._send(500, b"broken", "text/plain")
            elif path == "/script.html":
                page = SCRIPT_PAGE
                self._send(200, page.encode(), "text/html")
            else:
                self._send(404, b"not found", "text/plain")

    return Handler


@contextmanager
def running_source_server() -> Iterator[SourceServer]:
    state = SourceServer(host="127.0.0.1", port=0)
    with serving(_handler(state)) as port:
        state.port = port
        yield state
