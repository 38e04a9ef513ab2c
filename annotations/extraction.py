"""Turn a fetched body into text and metadata: HTML through trafilatura, PDF through pypdf, plain text as is."""

from __future__ import annotations

import datetime
import io
import logging
from dataclasses import dataclass

import trafilatura
from charset_normalizer import from_bytes
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from annotations import anchoring

logger = logging.getLogger(__name__)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
PDF_TYPES = frozenset({"application/pdf"})
ACCEPTED_TYPES = HTML_TYPES | TEXT_TYPES | PDF_TYPES


class ExtractionError(Exception):
    """The body cannot be read as a document; the message is for editors."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ExtractedDocument:
    text: str
    title: str = ""
    publisher: str = ""
    author: str = ""
    published_at: datetime.datetime | None = None
    canonical_url: str = ""


def media_type(content_type: str) -> str:
    """ "text/html; charset=utf-8" -> "text/html"."""
    return content_type.split(";", 1)[0].strip().lower()


def _charset(content_type: str) -> str | None:
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"')
    return None


def decode_text(body: bytes, content_type: str) -> str:
    """Decode with the declared charset, else the detected one, else UTF-8 with replacement."""
    declared = _charset(content_type)
    if declared:
        try:
            return body.decode(declared)
        except (LookupError, UnicodeDecodeError):
            logger.info("declared charset %r does not decode the body; detecting", declared)
    best = from_bytes(body).best()
    if best is not None:
        return str(best)
    return body.decode("utf-8", errors="replace")


def _clean(text: str, limit: int) -> str:
    # Canonical like article text (so offsets mean the same), no NUL (PostgreSQL), bounded.
    return anchoring.canonicalize(text.replace("\x00", "")).strip()[:limit]


def _date(value: str | None) -> datetime.datetime | None:
    if not value:
        return None
    try:
        day = datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)


def extract(body: bytes, content_type: str, *, url: str, text_limit: int) -> ExtractedDocument:
    """The main text and metadata of a body, or ExtractionError saying why it cannot be read."""
    kind = media_type(content_type)
    if kind in HTML_TYPES:
        return _extract_html(decode_text(body, content_type), url=url, text_limit=text_limit)
    if kind in PDF_TYPES:
        return _extract_pdf(body, text_limit=text_limit)
    if kind in TEXT_TYPES:
        return ExtractedDocument(text=_clean(decode_text(body, content_type), text_limit))
    raise ExtractionError(f"not HTML, text or PDF: {kind or 'no content type'}")


def _extract_html(html: str, *, url: str, text_limit: int) -> ExtractedDocument:
    document = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if document is None or isinstance(document, dict) or not (document.text or "").strip():
        raise ExtractionError("no main text found in the page")
    return ExtractedDocument(
        text=_clean(document.text or "", text_limit),
        title=(document.title or "")[:1000],
        publisher=(document.sitename or "")[:300],
        author=(document.author or "")[:300],
        published_at=_date(document.date),
        canonical_url=document.url or "",
    )


def _extract_pdf(body: bytes, *, text_limit: int) -> ExtractedDocument:
    try:
        reader = PdfReader(io.BytesIO(body))
        pages: list[str] = []
        size = 0
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            size += len(pages[-1])
            if size > text_limit:
                break
        metadata = reader.metadata
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise ExtractionError(f"the PDF cannot be read: {error}") from error
    text = _clean("\n\n".join(pages), text_limit)
    if not text:
        raise ExtractionError("the PDF holds no text (a scan?)")
    title = str(metadata.title or "") if metadata else ""
    author = str(metadata.author or "") if metadata else ""
    return ExtractedDocument(text=text, title=title[:1000], author=author[:300])
