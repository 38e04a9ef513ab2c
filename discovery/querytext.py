"""Pure text helpers for searching: the words and numbers of a claim, normalised urls."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

# Words that say nothing about what a claim is about; PostgreSQL drops its own stop words too,
# but the SQLite fallback and the external providers need the list.
STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having he
    her here hers him his how i if in into is it its itself just last least less like made make many may me more
    most much must my new no nor not now of off on once one only or other our ours out over own per said same say
    says she should since so some such than that the their theirs them then there these they this those through
    to too under until up very was we were what when where which while who whom why will with would year years you
    your""".split()  # noqa: SIM905 - a list of 150 quoted words reads worse
)
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Query parameters that only track the reader; two urls differing in them are the same page.
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|ref_src)$", re.IGNORECASE)
MAX_TERMS = 24


def content_words(text: str) -> list[str]:
    """The claim's distinctive words, lower case, in order, each once."""
    seen: dict[str, None] = {}
    for match in _WORD.finditer(text.lower()):
        word = match.group()
        if word not in STOP_WORDS:
            seen.setdefault(word, None)
    return list(seen)


def number_parts(text: str) -> list[list[str]]:
    """Each number written in digits, as the digit groups PostgreSQL's parser makes of it ("40,000": 40, 000)."""
    found: list[list[str]] = []
    for match in _NUMBER.finditer(text):
        parts = re.split(r"[.,]", match.group())
        if parts not in found:
            found.append(parts)
    return found


def tsquery(text: str) -> str:
    """A PostgreSQL tsquery (raw syntax) matching any of the claim's words or numbers; ranking does the rest.

    Only letters and digits reach it, so nothing in the claim can change the query's syntax.
    """
    terms = content_words(text)[:MAX_TERMS]
    numbers = [" <-> ".join(parts) if len(parts) > 1 else parts[0] for parts in number_parts(text)]
    pieces = [*terms, *(f"({number})" for number in numbers)]
    return " | ".join(pieces)


def keyword_query(text: str, *, limit: int = 5) -> str:
    """A short query for search engines that require every word (MediaWiki's): names first, then other words.

    Names (capitalised words after the first) say what the claim is about; a long query, or one with
    the claim's figures, would match no page at all.
    """
    names = [
        match.group().lower() for match in _WORD.finditer(text) if match.start() > 0 and match.group()[0].isupper()
    ]
    words = content_words(text)
    chosen = [word for word in names if word in words]
    chosen += [word for word in words if word not in chosen]
    return " ".join(chosen[:limit])


def normalise_url(url: str) -> str:
    """One spelling per page: no scheme difference, no www., no fragment, no tracking parameters, no trailing slash."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower().rstrip(".")
        port = parts.port
    except ValueError:
        return url.strip()
    host = host.removeprefix("www.")
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    path = quote(unquote(parts.path), safe="/:@!$&'()*+,;=-._~") or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    query = urlencode(
        sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k))
    )
    return urlunsplit(("", host, path, query, "")).removeprefix("//")


def url_key(url: str) -> str:
    """The de-duplication key of a url: sha256 of its normalised form."""
    return hashlib.sha256(normalise_url(url).encode()).hexdigest()
