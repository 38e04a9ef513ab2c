"""Outbound HTTP to untrusted URLs: vet every address, pin the connection to it, bound time, bytes and redirects.

The pattern is GitLab's Gitlab::HTTP and Ruby's ssrf_filter: resolve the host once, refuse the
url if any address it resolves to is not public, then connect to the vetted address itself (the
url's host is rewritten to the IP) while the original name travels in the Host header and, for
https, in TLS SNI and certificate verification (httpx's `sni_hostname` request extension). No
second DNS lookup happens, so a name cannot resolve to a public address for the check and to a
private one for the connection (DNS rebinding). Every redirect hop is vetted the same way.

Every failure is a `FetchError` whose message is in words for editors ("refused: 10.0.0.5 is a
private address", "timed out after 15 s") and whose `transient` flag says whether a retry may
help; refusals are the subclass `UnsafeURLError` and are never transient.
"""

from __future__ import annotations

import datetime
import email.utils
import functools
import ipaddress
import re
import socket
import ssl
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULT_TIMEOUT = 15.0
DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_MAX_BYTES = 5_000_000
DEFAULT_MAX_REDIRECTS = 5
MAX_URL_LENGTH = 8000
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Headers that must not follow a redirect to another origin.
CREDENTIAL_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization"})

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# A host whose last label is a number is an IPv4 address to browsers and to libc (WHATWG URL
# "ends in a number"), however it is written: 2130706433, 0x7f000001, 0177.0.0.1, 127.1.
_NUMERIC_LABEL = re.compile(r"^(?:0x[0-9a-f]*|[0-9]+)$", re.IGNORECASE)
_ERRNO_PREFIX = re.compile(r"^\[Errno -?\d+\]\s*")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_SHARED = ipaddress.IPv4Network("100.64.0.0/10")


class FetchError(Exception):
    """A fetch that did not produce a usable response; `message` is for people, `transient` for retry logic."""

    def __init__(self, message: str, *, transient: bool = False, status_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.transient = transient
        self.status_code = status_code

    def __str__(self) -> str:
        return self.message


class UnsafeURLError(FetchError):
    """The url was refused before any connection was made: its scheme, its form or its address."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"refused: {reason}", transient=False)


def retry_after_seconds(value: str | None) -> float | None:
    """A Retry-After header as seconds from now (delay-seconds or an HTTP date, GMT); None if absent or unreadable."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # "-0000": RFC 9110 dates are GMT anyway
        when = when.replace(tzinfo=datetime.UTC)
    return max(0.0, (when - datetime.datetime.now(tz=datetime.UTC)).total_seconds())


def is_transient_status(status_code: int) -> bool:
    """5xx, 408 Request Timeout and 429 Too Many Requests may succeed later; other statuses will not."""
    return status_code >= 500 or status_code in {408, 429}


@dataclass(frozen=True)
class VettedURL:
    """A url whose host resolved only to acceptable addresses; connect to one of `addresses`, nowhere else."""

    url: httpx.URL
    host: str  # as in the url: lower case, IDNA-encoded, IPv6 without brackets
    port: int
    addresses: tuple[IPAddress, ...]
    allow_listed: bool

    @property
    def host_header(self) -> str:
        return self.url.netloc.decode("ascii")

    @property
    def sni_hostname(self) -> str | None:
        """The name TLS must present and verify; None for plain http or an IP literal (verified as the IP)."""
        if self.url.scheme != "https" or _ip_literal(self.host) is not None:
            return None
        return self.host.rstrip(".")

    def connect_url(self, address: IPAddress) -> httpx.URL:
        return self.url.copy_with(host=str(address))


@dataclass(frozen=True)
class SafeResponse:
    """A complete response: the body is read (up to the byte cap) and the connection closed."""

    status_code: int
    headers: httpx.Headers
    body: bytes
    final_url: str
    redirects: tuple[str, ...] = ()
    truncated: bool = False

    @property
    def is_success(self) -> bool:
        return 200 <= self.status_code < 300

    def raise_for_status(self) -> None:
        """Raise FetchError("HTTP 404") for anything but 2xx; 5xx, 408 and 429 are transient."""
        if not self.is_success:
            raise FetchError(
                f"HTTP {self.status_code}",
                transient=is_transient_status(self.status_code),
                status_code=self.status_code,
            )


# --- Vetting ------------------------------------------------------------------------------


def check_url(url: str) -> VettedURL:
    """Parse, resolve and vet a url, or raise UnsafeURLError (refused) / FetchError (the name does not resolve)."""
    parsed = _parse(url)
    host = parsed.raw_host.decode("ascii").lower()
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    allow_listed = _is_allow_listed(host, port)
    addresses = _addresses(host, port)
    if not allow_listed:
        for address in addresses:
            reason = address_refusal(address)
            if reason is None:
                continue
            if _ip_literal(host) is not None:
                raise UnsafeURLError(f"{host} is {reason}")
            raise UnsafeURLError(f"{host} resolves to {address}, {reason}")
    return VettedURL(url=parsed, host=host, port=port, addresses=addresses, allow_listed=allow_listed)


def address_refusal(address: IPAddress) -> str | None:
    """Why an address may not be fetched ("a private address"), or None if it is a public unicast address."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            # ::ffff:a.b.c.d is the IPv4 address itself on a dual-stack socket.
            inner = _classify(address.ipv4_mapped)
            return None if inner is None else f"an IPv4-mapped form of {address.ipv4_mapped}, {inner}"
        for embedded in _embedded_ipv4(address):
            inner = _classify(embedded)
            if inner is not None:
                return f"an IPv6 form of {embedded}, {inner}"
    return _classify(address)


def _classify(address: IPAddress) -> str | None:
    # The order matters: 127.0.0.1 is also "private" and 240.0.0.1 also "reserved" to ipaddress.
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_reserved:
        return "a reserved address"
    if address.is_private:
        return "a private address"
    if isinstance(address, ipaddress.IPv6Address) and address.is_site_local:
        return "a site-local address"
    if isinstance(address, ipaddress.IPv4Address) and address in _SHARED:
        return "a shared address (carrier-grade NAT)"
    if not address.is_global:
        return "not a public address"
    return None


def _embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address can carry to a router: IPv4-compatible, 6to4, NAT64, Teredo."""
    found: list[ipaddress.IPv4Address] = []
    packed = int(address)
    if packed >> 32 == 0 and packed > 1:  # ::a.b.c.d (deprecated "IPv4-compatible")
        found.append(ipaddress.IPv4Address(packed & 0xFFFFFFFF))
    if address.sixtofour is not None:
        found.append(address.sixtofour)
    if address in _NAT64:
        found.append(ipaddress.IPv4Address(packed & 0xFFFFFFFF))
    if address.teredo is not None:
        found.extend(address.teredo)
    return found


def _parse(url: str) -> httpx.URL:
    if len(url) > MAX_URL_LENGTH:
        raise UnsafeURLError(f"the url is longer than {MAX_URL_LENGTH} characters")
    try:
        split = urlsplit(url.strip())
        split_host = split.hostname
    except ValueError as error:
        raise UnsafeURLError(f"not a valid url ({error})") from error
    if split.scheme.lower() not in {"http", "https"}:
        raise UnsafeURLError("only http and https urls can be fetched")
    # Checked on the standard library's reading too, before httpx's: httpx rejects 0177.0.0.1
    # outright, and refusing whatever either parser finds suspicious never weakens the check.
    if split_host:
        _refuse_numeric_host(split_host)
    try:
        parsed = httpx.URL(url.strip())
    except httpx.InvalidURL as error:
        raise UnsafeURLError(f"not a valid url ({error})") from error
    if parsed.scheme not in {"http", "https"}:
        raise UnsafeURLError("only http and https urls can be fetched")
    if not parsed.raw_host:
        raise UnsafeURLError("the url has no host")
    if parsed.userinfo:
        # Credentials in a url end up in logs and admin pages, and are the classic parser trick
        # (http://example.org@127.0.0.1/).
        raise UnsafeURLError("urls with a user name or password cannot be fetched")
    _refuse_numeric_host(parsed.raw_host.decode("ascii").lower())
    return parsed


def _refuse_numeric_host(host: str) -> None:
    if ":" in host or _ip_literal(host) is not None:
        return  # IPv6, or IPv4 written as four decimal numbers: vetted as an address
    if not _NUMERIC_LABEL.match(host.rstrip(".").rsplit(".", 1)[-1]):
        return
    try:
        meaning = socket.inet_ntoa(socket.inet_aton(host.rstrip(".")))
    except OSError:
        raise UnsafeURLError(f"{host} is not a valid address") from None
    raise UnsafeURLError(f"{host} is a non-standard way of writing the address {meaning}")


def _ip_literal(host: str) -> IPAddress | None:
    # A zone ("fe80::1%25eth0") only exists for link-local addresses; vet the address without it.
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return None


def _addresses(host: str, port: int) -> tuple[IPAddress, ...]:
    literal = _ip_literal(host)
    if literal is not None:
        return (literal,)
    found: list[IPAddress] = []
    for raw in resolve_host(host, port):
        address = _ip_literal(raw)
        if address is not None and address not in found:
            found.append(address)
    if not found:
        raise FetchError(f"connection failed: {host} has no address", transient=False)
    return tuple(found)


def resolve_host(host: str, port: int) -> list[str]:
    """The addresses a name resolves to, as strings; the one DNS lookup of a fetch (tests replace it)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        # EAI_AGAIN is a resolver that did not answer; "no such name" will not change on a retry.
        transient = error.errno == socket.EAI_AGAIN
        raise FetchError(f"connection failed: {host} could not be resolved", transient=transient) from error
    except UnicodeError as error:
        raise UnsafeURLError(f"{host} is not a valid host name") from error
    return [str(info[4][0]) for info in infos]


def _is_allow_listed(host: str, port: int) -> bool:
    for entry in settings.FETCH_ALLOWED_HOSTS:
        allowed_host, allowed_port = _split_allowed(entry)
        if allowed_host.rstrip(".") == host.rstrip(".") and allowed_port in (None, port):
            return True
    return False


@functools.cache
def _split_allowed(entry: str) -> tuple[str, int | None]:
    """ "host", "host:port", "[::1]:port" or a bare IPv6 address -> (host, port or None)."""
    text = entry.strip().lower()
    host, port = text, ""
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        port = rest.removeprefix(":")
    elif text.count(":") == 1:
        host, _, port = text.partition(":")
    if not host or (port and not port.isdigit()):
        raise ImproperlyConfigured(
            f"FETCH_ALLOWED_HOSTS entry {entry!r} is not a host, host:port or [IPv6]:port; fix the setting."
        )
    return host, int(port) if port else None


# --- Fetching -----------------------------------------------------------------------------


def request(
    method: str,
    url: str,
    *,
    content: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
    truncate: bool = False,
) -> SafeResponse:
    """Send one request to an untrusted url and read the whole response, or raise FetchError.

    `timeout` bounds the whole exchange, redirects included; `connect_timeout` each connection.
    Redirects are followed (and vetted) up to `max_redirects`; one more is an error, except
    that with `max_redirects=0` the 3xx response itself is returned. A body over `max_bytes`
    is an error, or with `truncate=True` is cut there (for callers that need only the status).
    Any status is returned; `SafeResponse.raise_for_status()` turns non-2xx into a FetchError.
    """
    deadline = time.monotonic() + timeout
    redirects: list[str] = []
    method = method.upper()
    current_headers = dict(headers or {})
    current_url = url
    while True:
        vetted = check_url(current_url)
        follow = max_redirects > 0
        status, response_headers, body, truncated = _exchange(
            vetted,
            method=method,
            content=content,
            headers=current_headers,
            timeout=timeout,
            connect_timeout=connect_timeout,
            deadline=deadline,
            max_bytes=max_bytes,
            truncate=truncate,
        )
        location = response_headers.get("location")
        if not (follow and status in REDIRECT_STATUSES and location):
            return SafeResponse(
                status_code=status,
                headers=response_headers,
                body=body,
                final_url=str(vetted.url),
                redirects=tuple(redirects),
                truncated=truncated,
            )
        if len(redirects) >= max_redirects:
            raise FetchError(f"stopped after {max_redirects} redirects", transient=False)
        try:
            next_url = vetted.url.join(location)
        except httpx.InvalidURL as error:
            raise UnsafeURLError(f"the redirect location {location!r} is not a valid url") from error
        # As browsers do: 303, and 301/302 after a POST, continue as a GET without the body.
        if status == 303 or (status in {301, 302} and method == "POST"):
            method = "GET" if method != "HEAD" else method
            content = None
            current_headers = {k: v for k, v in current_headers.items() if k.lower() != "content-type"}
        if _origin(next_url) != _origin(vetted.url):
            current_headers = {k: v for k, v in current_headers.items() if k.lower() not in CREDENTIAL_HEADERS}
        redirects.append(str(next_url))
        current_url = str(next_url)


def _origin(url: httpx.URL) -> tuple[str, bytes, int]:
    return url.scheme, url.raw_host.lower(), url.port or (443 if url.scheme == "https" else 80)


class _ConnectFailed(FetchError):
    """Nothing was sent to this address; another address of the same host may still answer."""


def _exchange(
    vetted: VettedURL,
    *,
    method: str,
    content: bytes | None,
    headers: Mapping[str, str],
    timeout: float,
    connect_timeout: float,
    deadline: float,
    max_bytes: int,
    truncate: bool,
) -> tuple[int, httpx.Headers, bytes, bool]:
    error: FetchError | None = None
    for address in vetted.addresses:
        try:
            return _exchange_with(
                vetted,
                address,
                method=method,
                content=content,
                headers=headers,
                timeout=timeout,
                connect_timeout=connect_timeout,
                deadline=deadline,
                max_bytes=max_bytes,
                truncate=truncate,
            )
        except _ConnectFailed as failed:
            error = failed
    assert error is not None, "a vetted url has at least one address"
    raise FetchError(error.message, transient=error.transient)


def _exchange_with(
    vetted: VettedURL,
    address: IPAddress,
    *,
    method: str,
    content: bytes | None,
    headers: Mapping[str, str],
    timeout: float,
    connect_timeout: float,
    deadline: float,
    max_bytes: int,
    truncate: bool,
) -> tuple[int, httpx.Headers, bytes, bool]:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError(f"timed out after {timeout:g} s", transient=True)
    connect = min(connect_timeout, remaining)
    # The Host header is ours: it must name the vetted host, whatever the caller passed.
    request_headers = {"User-Agent": _user_agent()}
    request_headers.update((name, value) for name, value in headers.items() if name.lower() != "host")
    request_headers["Host"] = vetted.host_header
    extensions = {"sni_hostname": vetted.sni_hostname} if vetted.sni_hostname else {}
    # A fresh transport per hop: a pooled connection keyed by IP must never carry another
    # name's request over a TLS session verified for the first name. trust_env=False keeps
    # proxy variables from routing around the vetted address.
    transport = httpx.HTTPTransport(verify=_ssl_context(), trust_env=False, retries=0)
    with httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(remaining, connect=connect),
        follow_redirects=False,
        trust_env=False,
    ) as client:
        outgoing = client.build_request(
            method, vetted.connect_url(address), content=content, headers=request_headers, extensions=extensions
        )
        try:
            response = client.send(outgoing, stream=True)
        except httpx.ConnectTimeout as error:
            raise _ConnectFailed(f"timed out after {connect:g} s while connecting", transient=True) from error
        except httpx.TimeoutException as error:
            raise FetchError(f"timed out after {timeout:g} s", transient=True) from error
        except httpx.ConnectError as error:
            certificate = _certificate_error(error)
            if certificate is not None:
                raise FetchError(
                    f"connection failed: the TLS certificate of {vetted.host} could not be verified ({certificate})",
                    transient=False,
                ) from error
            raise _ConnectFailed(f"connection failed: {_words(error)}", transient=True) from error
        except httpx.TransportError as error:
            raise FetchError(f"connection failed: {_words(error)}", transient=True) from error
        try:
            return (
                response.status_code,
                response.headers,
                *_read_body(response, max_bytes=max_bytes, truncate=truncate, deadline=deadline, timeout=timeout),
            )
        except httpx.TimeoutException as error:
            raise FetchError(f"timed out after {timeout:g} s", transient=True) from error
        except httpx.DecodingError as error:
            raise FetchError(f"the response could not be decoded ({_words(error)})", transient=False) from error
        except httpx.TransportError as error:
            raise FetchError(f"connection failed: {_words(error)}", transient=True) from error
        finally:
            response.close()


def _read_body(
    response: httpx.Response, *, max_bytes: int, truncate: bool, deadline: float, timeout: float
) -> tuple[bytes, bool]:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes and not truncate:
        raise FetchError(f"response larger than {max_bytes} bytes", transient=False)
    body = bytearray()
    # iter_bytes() yields decoded content, so the cap also holds for a compressed bomb.
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > max_bytes:
            if truncate:
                return bytes(body[:max_bytes]), True
            raise FetchError(f"response larger than {max_bytes} bytes", transient=False)
        if time.monotonic() > deadline:
            raise FetchError(f"timed out after {timeout:g} s", transient=True)
    return bytes(body), False


_SSL_CONTEXT_LOCK = threading.Lock()


@functools.cache
def _build_default_ssl_context() -> ssl.SSLContext:
    return httpx.create_ssl_context()


def _default_ssl_context() -> ssl.SSLContext:
    # Building it loads the CA bundle; the threads of a fresh fetch worker arriving together
    # wait for the first one instead of each building their own.
    with _SSL_CONTEXT_LOCK:
        return _build_default_ssl_context()


def _ssl_context() -> ssl.SSLContext:
    """The context that verifies servers (tests replace it to trust a local certificate)."""
    return _default_ssl_context()


def _certificate_error(error: BaseException) -> str | None:
    cause: BaseException | None = error
    for _ in range(10):  # httpx wraps httpcore, which wraps the ssl error
        if cause is None:
            break
        if isinstance(cause, ssl.SSLCertVerificationError):
            return str(cause.verify_message or cause.reason or "certificate verify failed")
        cause = cause.__cause__ or cause.__context__
    return None


def _words(error: BaseException) -> str:
    text = _ERRNO_PREFIX.sub("", str(error)).strip().rstrip(".")
    if not text:
        return type(error).__name__
    return text[0].lower() + text[1:]


def _user_agent() -> str:
    return f"factcheck/1 (+{settings.FACTCHECK_ORG_URL})"
