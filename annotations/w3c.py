"""W3C Web Annotation export: an article's claims as an AnnotationPage of "assessing" annotations (pure)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.utils.encoding import iri_to_uri

from annotations.anchoring import Selectors, TextPosition, TextQuote
from annotations.models import Claim

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ANNO_MEDIA_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'


def claim_annotation(
    claim: Claim, *, annotation_id: str, target_source: str, creator_name: str | None
) -> dict[str, Any]:
    """One claim as an Annotation (no @context: it is meant to sit in a page, which carries it)."""
    if not annotation_id:
        raise ValueError("an annotation needs an id (an absolute URL)")
    annotation: dict[str, Any] = {
        "id": annotation_id,
        "type": "Annotation",
        "motivation": "assessing",
        "created": w3c_datetime(claim.created_at, field="created_at"),
        "modified": w3c_datetime(claim.updated_at, field="updated_at"),
    }
    if creator_name:
        annotation["creator"] = {"type": "Person", "name": creator_name}
    annotation["body"] = _bodies(claim)
    selectors = Selectors(
        TextPosition(claim.position_start, claim.position_end),
        TextQuote(claim.quote_exact, claim.quote_prefix, claim.quote_suffix),
    )
    annotation["target"] = {
        "type": "SpecificResource",
        "source": _as_uri(target_source),
        "selector": selectors.to_w3c(),
    }
    return annotation


def annotation_page(
    claims: Sequence[Claim],
    *,
    page_id: str,
    article_source: str,
    annotation_id_for: Callable[[Claim], str],
    creator_name_for: Callable[[Claim], str | None] = lambda c: None,
) -> dict[str, Any]:
    """An article's claims, in the order given, as one complete AnnotationPage (JSON-LD)."""
    if not page_id:
        raise ValueError("an annotation page needs an id (an absolute URL)")
    return {
        "@context": ANNO_CONTEXT,
        "id": page_id,
        "type": "AnnotationPage",
        "startIndex": 0,
        "items": [
            claim_annotation(
                claim,
                annotation_id=annotation_id_for(claim),
                target_source=article_source,
                creator_name=creator_name_for(claim),
            )
            for claim in claims
        ],
    }


def w3c_datetime(value: datetime | None, *, field: str = "datetime") -> str:
    """xsd:dateTime in UTC with "Z", to the second, as the model's created/modified want."""
    if value is None:
        raise ValueError(f"{field} is not set (is the claim saved?)")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{field} is a naive datetime; W3C annotations need timezone-aware times")
    # isoformat pads the year to four digits, which strftime("%Y") does not do on every platform.
    return value.astimezone(UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def _bodies(claim: Claim) -> list[dict[str, Any]]:
    """The checkable sentence (or the quote when there is none), then one tagging body per distinct tag."""
    sentence = claim.claim_text if claim.claim_text.strip() else claim.quote_exact
    bodies: list[dict[str, Any]] = [
        {"type": "TextualBody", "value": sentence, "format": "text/plain", "purpose": "describing"}
    ]
    seen: set[str] = set()
    for tag in claim.tags or []:
        if not isinstance(tag, str):
            raise ValueError(f"claim tags must be strings, got {type(tag).__name__}")
        if tag.strip() and tag not in seen:
            seen.add(tag)
            bodies.append({"type": "TextualBody", "value": tag, "format": "text/plain", "purpose": "tagging"})
    return bodies


def _as_uri(iri: str) -> str:
    """An article URL as a URI: IDNA host, other non-ASCII percent-encoded (the model's schemas want format uri)."""
    if not iri:
        raise ValueError("an annotation target needs a source (the article's URL)")
    if iri.isascii():
        return iri_to_uri(iri)
    parts = urlsplit(iri)
    netloc = parts.netloc
    if parts.hostname and not parts.hostname.isascii():
        try:
            host = parts.hostname.encode("idna").decode("ascii")
        except UnicodeError:
            host = parts.hostname  # left to iri_to_uri's percent-encoding
        userinfo, _, hostport = netloc.rpartition("@")
        netloc = (userinfo + "@" if userinfo else "") + hostport.lower().replace(parts.hostname, host, 1)
    return iri_to_uri(urlunsplit(parts._replace(netloc=netloc)))
