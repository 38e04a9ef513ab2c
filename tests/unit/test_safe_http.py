"""The safe outbound HTTP client: every refusal form, and real exchanges with a server on 127.0.0.1."""

from __future__ import annotations

import contextlib
import datetime
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx
import pytest
from django.core.exceptions import ImproperlyConfigured

from annotations import safe_http
from annotations.safe_http import FetchError, UnsafeURLError

REAL_RESOLVE_HOST = safe_http.resolve_host

# No test may reach a real resolver: names resolve from this table only.
FAKE_DNS = {
    "example.org": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"],
    "localhost": ["127.0.0.1", "::1"],
    "mixed.test": ["93.184.215.14", "10.0.0.5"],
    "metadata.test": ["169.254.169.254"],
    "receiver.test": ["127.0.0.1"],
    "wrong.test": ["127.0.0.1"],
}


@pytest.fixture(autouse=True)
def fake_dns(monkeypatch: pytest.MonkeyPatch, settings: Any) -> list[str]:
    looked_up: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        looked_up.append(host)
        if host not in FAKE_DNS:
            raise FetchError(f"connection failed: {host} could not be resolved")
        return FAKE_DNS[host]

    monkeypatch.setattr(safe_http, "resolve_host", resolve)
    settings.FETCH_ALLOWED_HOSTS = []
    return looked_up


# --- Refusals without any connection ------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://10.0.0.5/", "refused: 10.0.0.5 is a private address"),
        ("http://192.168.1.1/", "refused: 192.168.1.1 is a private address"),
        ("http://172.16.0.1/", "refused: 172.16.0.1 is a private address"),
        ("http://127.0.0.1:8000/", "refused: 127.0.0.1 is a loopback address"),
        ("http://[::1]/", "refused: ::1 is a loopback address"),
        ("http://[::ffff:127.0.0.1]/", "refused: ::ffff:127.0.0.1 is an IPv4-mapped form of 127.0.0.1, a loopback"),
        ("http://[::ffff:10.0.0.5]/", "refused: ::ffff:10.0.0.5 is an IPv4-mapped form of 10.0.0.5, a private"),
        ("http://[::127.0.0.1]/", "refused: ::127.0.0.1 is an IPv6 form of 127.0.0.1, a loopback address"),
        ("http://[2002:7f00:1::]/", "refused: 2002:7f00:1:: is an IPv6 form of 127.0.0.1, a loopback address"),
        ("http://[fe80::1]/", "refused: fe80::1 is a link-local address"),
        ("http://[fe80::1%25eth0]/", "refused: fe80::1%25eth0 is a link-local address"),
        ("http://[fc00::1]/", "refused: fc00::1 is a private address"),
        ("http://[::]/", "refused: :: is an unspecified address"),
        ("http://0.0.0.0/", "refused: 0.0.0.0 is an unspecified address"),
        ("http://169.254.169.254/latest/meta-data/", "refused: 169.254.169.254 is a link-local address"),
        ("http://224.0.0.1/", "refused: 224.0.0.1 is a multicast address"),
        ("http://[ff02::1]/", "refused: ff02::1 is a multicast address"),
        ("http://240.0.0.1/", "refused: 240.0.0.1 is a reserved address"),
        ("http://100.64.0.1/", "refused: 100.64.0.1 is a shared address (carrier-grade NAT)"),
        ("http://2130706433/", "refused: 2130706433 is a non-standard way of writing the address 127.0.0.1"),
        ("http://0x7f000001/", "refused: 0x7f000001 is a non-standard way of writing the address 127.0.0.1"),
        ("http://0177.0.0.1/", "refused: 0177.0.0.1 is a non-standard way of writing the address 127.0.0.1"),
        ("http://127.1/", "refused: 127.1 is a non-standard way of writing the address 127.0.0.1"),
        ("http://127.0.0.1./", "refused: 127.0.0.1. is a non-standard way of writing the address 127.0.0.1"),
        ("http://0x0a.0.0.5/", "refused: 0x0a.0.0.5 is a non-standard way of writing the address 10.0.0.5"),
        ("http://example.org@127.0.0.1/", "refused: urls with a user name or password cannot be fetched"),
        ("http://user:pw@example.org/", "refused: urls with a user name or password cannot be fetched"),
        ("http://127.0.0.1#@example.org/", "refused: 127.0.0.1 is a loopback address"),
        ("http://127.0.0.1?@example.org/", "refused: 127.0.0.1 is a loopback address"),
        ("http://localhost:8000/", "refused: localhost resolves to 127.0.0.1, a loopback address"),
        ("http://metadata.test/", "refused: metadata.test resolves to 169.254.169.254, a link-local address"),
        # One bad address is enough: a resolver may hand out either.
        ("http://mixed.test/", "refused: mixed.test resolves to 10.0.0.5, a private address"),
        ("ftp://example.org/file", "refused: only http and https urls can be fetched"),
        ("file:///etc/passwd", "refused: only http and https urls can be fetched"),
        ("gopher://example.org/", "refused: only http and https urls can be fetched"),
        ("javascript:alert(1)", "refused: only http and https urls can be fetched"),
        ("data:text/plain,hello", "refused: only http and https urls can be fetched"),
        ("//example.org/", "refused: only http and https urls can be fetched"),
        ("http:///path", "refused: the url has no host"),
    ],
)
def test_refused_urls(url: str, message: str, fake_dns: list[str]) -> None:
    with pytest.raises(UnsafeURLError) as refused:
        safe_http.check_url(url)
    assert str(refused.value).startswith(message)
    assert refused.value.transient is False
    with pytest.raises(UnsafeURLError):
        safe_http.request("GET", url)


def test_a_public_name_is_vetted_with_every_address() -> None:
    vetted = safe_http.check_url("https://Example.org/a?b=1")
    assert [str(a) for a in vetted.addresses] == FAKE_DNS["example.org"]
    assert (vetted.host, vetted.port, vetted.host_header, vetted.sni_hostname) == (
        "example.org",
        443,
        "example.org",
        "example.org",
    )
    assert str(vetted.connect_url(vetted.addresses[0])) == "https://93.184.215.14/a?b=1"
    assert str(vetted.connect_url(vetted.addresses[1])) == "https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/a?b=1"


def test_an_ip_literal_needs_no_lookup_and_no_sni(fake_dns: list[str]) -> None:
    vetted = safe_http.check_url("https://93.184.215.14:8443/")
    assert vetted.sni_hostname is None and vetted.host_header == "93.184.215.14:8443"
    assert fake_dns == []


@pytest.mark.parametrize(("errno", "transient"), [(socket.EAI_NONAME, False), (socket.EAI_AGAIN, True)])
def test_a_name_that_does_not_resolve(monkeypatch: pytest.MonkeyPatch, errno: int, transient: bool) -> None:
    def getaddrinfo(*args: Any, **kwargs: Any) -> Any:
        raise socket.gaierror(errno, "lookup failed")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    with pytest.raises(FetchError) as failed:
        REAL_RESOLVE_HOST("nowhere.test", 80)
    assert str(failed.value) == "connection failed: nowhere.test could not be resolved"
    assert failed.value.transient is transient


@pytest.mark.parametrize(
    ("allowed", "url", "ok"),
    [
        (["127.0.0.1:8000"], "http://127.0.0.1:8000/", True),
        (["127.0.0.1:8000"], "http://127.0.0.1:8001/", False),
        (["localhost"], "http://localhost:9999/", True),
        (["LOCALHOST:80"], "http://localhost/", True),
        (["[::1]:8000"], "http://[::1]:8000/", True),
        (["::1"], "http://[::1]:1234/", True),
        (["10.0.0.5"], "http://10.0.0.5/", True),
        (["10.0.0.5"], "http://10.0.0.6/", False),
    ],
)
def test_allowed_hosts_exempt_from_the_address_check(settings: Any, allowed: list[str], url: str, ok: bool) -> None:
    settings.FETCH_ALLOWED_HOSTS = allowed
    if ok:
        assert safe_http.check_url(url).allow_listed
    else:
        with pytest.raises(UnsafeURLError):
            safe_http.check_url(url)


def test_allowed_hosts_do_not_exempt_other_refusals(settings: Any) -> None:
    settings.FETCH_ALLOWED_HOSTS = ["127.0.0.1", "2130706433"]
    for url in ("ftp://127.0.0.1/", "http://x@127.0.0.1/", "http://2130706433/"):
        with pytest.raises(UnsafeURLError):
            safe_http.check_url(url)


def test_a_malformed_allowed_host_is_a_configuration_error(settings: Any) -> None:
    settings.FETCH_ALLOWED_HOSTS = ["127.0.0.1:http"]
    with pytest.raises(ImproperlyConfigured, match="FETCH_ALLOWED_HOSTS"):
        safe_http.check_url("http://127.0.0.1/")


@pytest.mark.parametrize(("status", "transient"), [(500, True), (503, True), (429, True), (408, True), (404, False)])
def test_status_errors_say_whether_to_retry(status: int, transient: bool) -> None:
    response = safe_http.SafeResponse(status_code=status, headers=httpx.Headers(), body=b"", final_url="")
    with pytest.raises(FetchError) as failed:
        response.raise_for_status()
    assert (str(failed.value), failed.value.transient, failed.value.status_code) == (
        f"HTTP {status}",
        transient,
        status,
    )


# --- A real server on 127.0.0.1 -----------------------------------------------------------


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class Handler(BaseHTTPRequestHandler):
    server: LocalServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def handle_one_request(self) -> None:
        # The client may give up first (the timeout test).
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle_one_request()

    def _handle(self) -> None:
        url = urlsplit(self.path)
        query = dict(parse_qsl(url.query))
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.requests.append(Seen(self.command, self.path, dict(self.headers.items()), body))
        if url.path == "/ok":
            self._reply(200, b"hello")
        elif url.path == "/echo-host":
            self._reply(200, self.headers["Host"].encode())
        elif url.path == "/status":
            self._reply(int(query["code"]), b"status")
        elif url.path in {"/redirect", "/loop"}:
            self.send_response(int(query.get("status", 302)))
            self.send_header("Location", query.get("to", "/loop"))
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif url.path == "/big":
            self._reply(200, b"x" * int(query["n"]))
        elif url.path == "/stream":
            # No Content-Length: the body ends when the connection closes (HTTP/1.0).
            self.send_response(200)
            self.end_headers()
            for _ in range(int(query["n"]) // 100):
                self.wfile.write(b"y" * 100)
        elif url.path == "/sleep":
            time.sleep(float(query["s"]))
            self._reply(200, b"late")
        else:
            self._reply(404, b"no such route")

    do_GET = do_POST = do_PUT = _handle

    def _reply(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class LocalServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[Seen] = []

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


def _serve(server: LocalServer) -> Iterator[LocalServer]:
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def server(settings: Any) -> Iterator[LocalServer]:
    local = LocalServer()
    settings.FETCH_ALLOWED_HOSTS = [f"127.0.0.1:{local.port}"]
    yield from _serve(local)


def test_an_allowed_local_server_is_fetched(server: LocalServer) -> None:
    response = safe_http.request("GET", server.url("/ok"))
    assert (response.status_code, response.body, response.redirects) == (200, b"hello", ())
    assert response.final_url == server.url("/ok")
    assert server.requests[0].headers["User-Agent"].startswith("factcheck/")


def test_the_same_server_is_refused_without_the_allow_list(server: LocalServer, settings: Any) -> None:
    settings.FETCH_ALLOWED_HOSTS = []
    with pytest.raises(UnsafeURLError, match=r"^refused: 127\.0\.0\.1 is a loopback address$"):
        safe_http.request("GET", server.url("/ok"))
    assert server.requests == []


def test_the_host_header_keeps_the_name_and_dns_is_asked_once(
    server: LocalServer, settings: Any, fake_dns: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.FETCH_ALLOWED_HOSTS = [f"receiver.test:{server.port}"]
    system_lookups: list[str] = []
    real_getaddrinfo = socket.getaddrinfo

    def recording_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        system_lookups.append(str(host))
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", recording_getaddrinfo)
    response = safe_http.request("GET", f"http://receiver.test:{server.port}/echo-host", headers={"host": "evil.test"})
    assert response.body == f"receiver.test:{server.port}".encode()
    assert response.final_url == f"http://receiver.test:{server.port}/echo-host"
    assert fake_dns == ["receiver.test"]
    # The connection went to the vetted address: the name never reached the system resolver.
    assert "receiver.test" not in system_lookups


def test_a_redirect_to_a_private_address_is_refused(server: LocalServer) -> None:
    with pytest.raises(UnsafeURLError, match=r"^refused: 10\.0\.0\.5 is a private address$"):
        safe_http.request("GET", server.url("/redirect?" + urlencode({"to": "http://10.0.0.5/admin"})))
    assert len(server.requests) == 1


def test_a_redirect_to_another_local_port_is_refused(server: LocalServer) -> None:
    other = LocalServer()
    for _ in _serve(other):
        with pytest.raises(UnsafeURLError, match="loopback"):
            safe_http.request("GET", server.url("/redirect?" + urlencode({"to": other.url("/ok")})))
        assert other.requests == []


def test_redirects_are_followed_and_vetted_up_to_the_limit(server: LocalServer) -> None:
    inner = "/redirect?" + urlencode({"to": "/ok"})
    response = safe_http.request("GET", server.url("/redirect?" + urlencode({"to": inner})))
    assert (response.status_code, response.body) == (200, b"hello")
    assert response.redirects == (server.url(inner), server.url("/ok"))
    assert response.final_url == server.url("/ok")


def test_the_redirect_limit(server: LocalServer) -> None:
    with pytest.raises(FetchError, match=r"^stopped after 3 redirects$") as failed:
        safe_http.request("GET", server.url("/loop"), max_redirects=3)
    assert failed.value.transient is False
    assert len(server.requests) == 4


def test_no_redirects_returns_the_redirect_itself(server: LocalServer) -> None:
    response = safe_http.request("POST", server.url("/loop"), content=b"{}", max_redirects=0)
    assert (response.status_code, response.headers["location"]) == (302, "/loop")
    assert len(server.requests) == 1


def test_a_303_after_a_post_continues_as_get_and_a_307_keeps_the_post(server: LocalServer) -> None:
    safe_http.request("POST", server.url("/redirect?status=303&to=/ok"), content=b"data")
    safe_http.request("POST", server.url("/redirect?status=307&to=/ok"), content=b"data")
    assert [(seen.method, seen.body) for seen in server.requests] == [
        ("POST", b"data"),
        ("GET", b""),
        ("POST", b"data"),
        ("POST", b"data"),
    ]


@pytest.mark.parametrize("path", ["/big?n=2000", "/stream?n=2000"])
def test_the_byte_cap(server: LocalServer, path: str) -> None:
    with pytest.raises(FetchError, match=r"^response larger than 1000 bytes$") as failed:
        safe_http.request("GET", server.url(path), max_bytes=1000)
    assert failed.value.transient is False
    assert safe_http.request("GET", server.url(path), max_bytes=2000).body == server_body(path)
    truncated = safe_http.request("GET", server.url(path), max_bytes=1000, truncate=True)
    assert (len(truncated.body), truncated.truncated) == (1000, True)


def server_body(path: str) -> bytes:
    return (b"x" if path.startswith("/big") else b"y") * 2000


def test_a_slow_server_times_out(server: LocalServer) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"^timed out after 0\.5 s$") as failed:
        safe_http.request("GET", server.url("/sleep?s=3"), timeout=0.5)
    assert failed.value.transient is True
    assert time.monotonic() - started < 2.5


def test_a_closed_port_is_a_transient_connection_failure(settings: Any) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.FETCH_ALLOWED_HOSTS = [f"127.0.0.1:{port}"]
    with pytest.raises(FetchError, match=r"^connection failed: ") as failed:
        safe_http.request("GET", f"http://127.0.0.1:{port}/")
    assert failed.value.transient is True
    assert "refused" in str(failed.value).lower()


@pytest.mark.parametrize(("code", "transient"), [(503, True), (404, False)])
def test_error_statuses_are_answers_until_raise_for_status(server: LocalServer, code: int, transient: bool) -> None:
    response = safe_http.request("GET", server.url(f"/status?code={code}"))
    assert response.status_code == code
    with pytest.raises(FetchError) as failed:
        response.raise_for_status()
    assert failed.value.transient is transient


# --- TLS: the name is verified although the connection goes to the IP --------------------


def _certificate(directory: Path, name: str) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    cert, key = directory / f"{name}.pem", directory / f"{name}.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", f"/CN={name}",
         "-addext", f"subjectAltName=DNS:{name}"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def tls_server(
    tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[LocalServer, list[str]]]:
    cert, key = _certificate(tmp_path, "receiver.test")
    sni_seen: list[str] = []
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)

    def record_sni(sock: ssl.SSLObject, name: str | None, context: ssl.SSLContext) -> None:
        sni_seen.append(str(name))

    server_context.sni_callback = record_sni
    local = LocalServer()
    local.socket = server_context.wrap_socket(local.socket, server_side=True)
    settings.FETCH_ALLOWED_HOSTS = [f"receiver.test:{local.port}"]
    monkeypatch.setattr(safe_http, "_ssl_context", lambda: ssl.create_default_context(cafile=str(cert)))
    for running in _serve(local):
        yield running, sni_seen


def test_https_sends_the_name_in_sni_and_host(tls_server: tuple[LocalServer, list[str]]) -> None:
    server, sni_seen = tls_server
    response = safe_http.request("GET", f"https://receiver.test:{server.port}/echo-host")
    assert response.body == f"receiver.test:{server.port}".encode()
    assert sni_seen == ["receiver.test"]


def test_https_verifies_the_certificate_against_the_name(
    tls_server: tuple[LocalServer, list[str]], settings: Any
) -> None:
    server, _ = tls_server
    # wrong.test resolves to the same server, whose certificate names only receiver.test.
    settings.FETCH_ALLOWED_HOSTS = [f"wrong.test:{server.port}"]
    with pytest.raises(FetchError, match=r"TLS certificate of wrong\.test could not be verified") as failed:
        safe_http.request("GET", f"https://wrong.test:{server.port}/ok")
    assert failed.value.transient is False
    assert server.requests == []


def test_retry_after_in_seconds_or_as_a_date() -> None:
    assert safe_http.retry_after_seconds("30") == 30.0
    soon = (datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(seconds=120)).strftime(
        "%a, %d %b %Y %H:%M:%S GMT"
    )
    later = safe_http.retry_after_seconds(soon)
    assert later is not None and 115 <= later <= 121
    assert safe_http.retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert safe_http.retry_after_seconds("soon") is None and safe_http.retry_after_seconds(None) is None
