"""The guarded HTTP client, against a real server on 127.0.0.1 (and stubbed name resolution)."""

from __future__ import annotations

import gzip
import socket
import ssl
import threading
import time
import tracemalloc
import zlib
from datetime import UTC, datetime, timedelta

import pytest

from newsfeed.fetching import (
    FEED_ACCEPT,
    Fetcher,
    FetchNetworkError,
    FetchRedirectError,
    FetchRefused,
    FetchResult,
    FetchTimeout,
    FetchTooLarge,
    fetch,
)
from tests.httpserver import Response, closed_port


@pytest.fixture
def connections(monkeypatch):
    """Every address the fetcher opens a socket to (the real connect still happens)."""
    opened: list[tuple[str, int]] = []
    real = socket.create_connection

    def recording(address, *args, **kwargs):
        opened.append(address)
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", recording)
    return opened


def stub_resolver(table: dict[str, list[str]]):
    def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return table[host]

    return resolve


# ---------------------------------------------------------------- plain results


def test_it_returns_status_body_headers_and_final_url(httpserver, allow_loopback):
    url = httpserver.route(
        "/feed.xml",
        body=b"<rss/>",
        headers={"Content-Type": "application/rss+xml; charset=ISO-8859-1", "ETag": '"v1"'},
    )

    result = fetch(url)

    assert result.status == 200
    assert result.content == b"<rss/>"
    assert result.url == url
    assert result.etag == '"v1"'
    assert result.content_type == "application/rss+xml"
    assert result.charset == "iso-8859-1"
    assert result.redirects == ()
    assert result.elapsed > 0


def test_it_sends_user_agent_accept_and_encodings(httpserver, allow_loopback, settings):
    settings.FETCH_USER_AGENT = "ChipWatch/test (+http://chipwatch.test/)"
    url = httpserver.route("/feed.xml", body=b"<rss/>")

    fetch(url)

    request = httpserver.requests_to("/feed.xml")[0]
    assert request.header("user-agent") == "ChipWatch/test (+http://chipwatch.test/)"
    assert request.header("accept") == FEED_ACCEPT
    assert request.header("accept-encoding") == "gzip, deflate"


def test_default_user_agent_names_chipwatch_and_the_site_url(settings):
    assert "ChipWatch" in settings.FETCH_USER_AGENT
    assert settings.SITE_URL in settings.FETCH_USER_AGENT


def test_it_sends_conditional_headers_and_returns_304_without_body(httpserver, allow_loopback):
    etag, modified = '"abc"', "Sat, 28 Nov 2026 10:00:00 GMT"

    def conditional(request):
        if request.header("if-none-match") == etag and request.header("if-modified-since"):
            return Response(304, headers={"ETag": etag})
        return Response(200, b"<rss>full</rss>", {"ETag": etag, "Last-Modified": modified})

    url = httpserver.route("/feed.xml", handler=conditional)
    first = fetch(url)
    second = fetch(url, etag=first.etag, last_modified=first.last_modified)

    assert (first.status, first.content) == (200, b"<rss>full</rss>")
    assert second.not_modified
    assert second.content == b""
    sent = httpserver.requests_to("/feed.xml")[1]
    assert sent.header("if-none-match") == etag
    assert sent.header("if-modified-since") == modified


def test_http_error_statuses_are_results_not_exceptions(httpserver, allow_loopback):
    gone = httpserver.route("/gone", status=410, body=b"gone")
    broken = httpserver.route("/broken", status=500, body=b"oops")

    assert fetch(gone).status == 410
    assert fetch(broken).status == 500


def test_429_retry_after_in_seconds_is_parsed(httpserver, allow_loopback):
    url = httpserver.route("/feed.xml", status=429, headers={"Retry-After": "120"})
    now = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)

    result = fetch(url)

    assert result.status == 429
    assert result.retry_after(now) == now + timedelta(seconds=120)


def test_429_retry_after_as_http_date_is_parsed_to_aware_utc(httpserver, allow_loopback):
    url = httpserver.route(
        "/feed.xml", status=429, headers={"Retry-After": "Sun, 29 Nov 2026 13:30:00 GMT"}
    )

    when = fetch(url).retry_after(datetime(2026, 11, 29, 12, 0, tzinfo=UTC))

    assert when == datetime(2026, 11, 29, 13, 30, tzinfo=UTC)
    assert when.utcoffset() == timedelta(0)


def test_retry_after_garbage_or_missing_is_none():
    now = datetime(2026, 11, 29, tzinfo=UTC)
    make = lambda value: FetchResult(  # noqa: E731
        "http://x.test/", 503, __import__("httpx").Headers({"Retry-After": value}), b""
    )

    assert make("soon").retry_after(now) is None
    assert make("").retry_after(now) is None


# ---------------------------------------------------------------- redirects


def test_a_301_is_followed_and_reported_as_permanent(httpserver, allow_loopback):
    httpserver.route("/old.xml", status=301, headers={"Location": "/new.xml"})
    new = httpserver.route("/new.xml", body=b"<rss/>")

    result = fetch(httpserver.url("/old.xml"))

    assert result.status == 200
    assert result.url == new
    assert result.permanent_redirect == new
    assert [(r.status, r.to_url) for r in result.redirects] == [(301, new)]


def test_a_302_then_301_is_not_permanent(httpserver, allow_loopback):
    httpserver.route("/a", status=302, headers={"Location": "/b"})
    httpserver.route("/b", status=301, headers={"Location": "/c"})
    httpserver.route("/c", body=b"ok")

    result = fetch(httpserver.url("/a"))

    assert result.content == b"ok"
    assert [r.status for r in result.redirects] == [302, 301]
    assert result.permanent_redirect is None


def test_five_redirects_are_followed(httpserver, allow_loopback):
    for i in range(5):
        httpserver.route(f"/r{i}", status=302, headers={"Location": f"/r{i + 1}"})
    httpserver.route("/r5", body=b"ok")

    assert fetch(httpserver.url("/r0")).content == b"ok"


def test_more_than_five_redirects_fail(httpserver, allow_loopback):
    for i in range(6):
        httpserver.route(f"/r{i}", status=302, headers={"Location": f"/r{i + 1}"})
    httpserver.route("/r6", body=b"ok")

    with pytest.raises(FetchRedirectError, match="more than 5 redirects") as err:
        fetch(httpserver.url("/r0"))
    assert err.value.kind == "redirects"
    assert httpserver.requests_to("/r6") == []


def test_a_redirect_loop_is_detected(httpserver, allow_loopback):
    httpserver.route("/a", status=301, headers={"Location": "/b"})
    httpserver.route("/b", status=302, headers={"Location": httpserver.url("/a")})

    with pytest.raises(FetchRedirectError, match="loop"):
        fetch(httpserver.url("/a"))
    assert len(httpserver.requests) == 2


def test_a_redirect_without_location_fails(httpserver, allow_loopback):
    url = httpserver.route("/a", status=302)

    with pytest.raises(FetchRedirectError, match="without a Location"):
        fetch(url)


def test_a_redirect_to_an_intranet_host_is_refused_before_connecting(
    httpserver, allow_loopback, connections
):
    url = httpserver.route(
        "/feed.xml", status=302, headers={"Location": "http://intranet.test/admin"}
    )
    resolver = stub_resolver({"intranet.test": ["10.1.2.3"]})

    with Fetcher(resolver=resolver) as f, pytest.raises(FetchRefused) as err:
        f.get(url)

    assert err.value.reason.startswith("refused: intranet.test resolves to 10.1.2.3")
    assert err.value.url == "http://intranet.test/admin"
    assert {host for host, _port in connections} == {"127.0.0.1"}


def test_the_policy_names_the_setting_that_would_allow_a_private_address():
    from ipaddress import ip_address

    from newsfeed.fetching import address_refusal

    why = address_refusal(ip_address("10.0.0.5"), allow_private=False, loopback_only=False)

    assert why == "10.0.0.5 is a private address (set FETCH_ALLOW_PRIVATE to allow)"
    assert address_refusal(ip_address("10.0.0.5"), allow_private=True, loopback_only=False) is None


def test_a_redirect_to_ftp_is_refused(httpserver, allow_loopback):
    url = httpserver.route("/a", status=301, headers={"Location": "ftp://127.0.0.1/feed"})

    with pytest.raises(FetchRefused, match="scheme 'ftp'"):
        fetch(url)


# ---------------------------------------------------------------- address policy


def test_loopback_is_refused_without_allow_private(httpserver, connections):
    url = httpserver.route("/feed.xml", body=b"<rss/>")

    with pytest.raises(FetchRefused) as err:
        fetch(url)

    assert err.value.kind == "refused"
    assert err.value.reason == (
        "refused: 127.0.0.1 is a loopback address (set FETCH_ALLOW_PRIVATE to allow)"
    )
    assert connections == []
    assert httpserver.requests == []


def test_loopback_only_refuses_a_public_address_without_connecting(connections, settings):
    settings.FETCH_ALLOW_PRIVATE = True
    resolver = stub_resolver({"example.com": ["93.184.216.34"]})

    with Fetcher(resolver=resolver) as f, pytest.raises(FetchRefused) as err:
        f.get("https://example.com/feed")

    assert "93.184.216.34 is not a loopback address" in err.value.reason
    assert connections == []


def test_a_host_with_any_private_address_is_refused(connections, settings):
    settings.FETCH_LOOPBACK_ONLY = False
    resolver = stub_resolver({"mixed.test": ["93.184.216.34", "192.168.1.1"]})

    with Fetcher(resolver=resolver) as f, pytest.raises(FetchRefused, match=r"192\.168\.1\.1"):
        f.get("http://mixed.test/")
    assert connections == []


@pytest.mark.parametrize(
    ("address", "words"),
    [
        ("169.254.169.254", "link-local"),
        ("100.64.0.1", "shared"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),  # noqa: S104
        ("240.0.0.1", "reserved"),
        ("::ffff:10.0.0.5", "private"),
        ("fe80::1", "link-local"),
        ("fd00::1", "private"),
    ],
)
def test_special_addresses_are_refused(address, words, connections, settings):
    settings.FETCH_LOOPBACK_ONLY = False
    resolver = stub_resolver({"evil.test": [address]})

    with Fetcher(resolver=resolver) as f, pytest.raises(FetchRefused, match=words):
        f.get("http://evil.test/")
    assert connections == []


def test_link_local_stays_refused_even_with_allow_private(connections, settings):
    settings.FETCH_LOOPBACK_ONLY = False
    settings.FETCH_ALLOW_PRIVATE = True

    with Fetcher() as f, pytest.raises(FetchRefused, match="link-local"):
        f.get("http://169.254.169.254/latest/meta-data/")
    assert connections == []


def test_a_literal_private_ip_is_refused(connections, settings):
    settings.FETCH_LOOPBACK_ONLY = False

    with pytest.raises(FetchRefused, match=r"10\.0\.0\.5 is a private address"):
        fetch("http://10.0.0.5/feed")
    assert connections == []


@pytest.mark.parametrize(
    "url", ["ftp://127.0.0.1/feed", "file:///etc/passwd", "javascript:alert(1)", "gopher://x/"]
)
def test_non_http_schemes_are_refused(url, allow_loopback):
    with pytest.raises(FetchRefused, match="only http and https"):
        fetch(url)


def test_credentials_in_the_url_are_refused(httpserver, allow_loopback):
    with pytest.raises(FetchRefused, match="credentials"):
        fetch(f"http://user:secret@127.0.0.1:{httpserver.port}/")
    assert httpserver.requests == []


def test_an_unresolvable_host_is_a_network_error(connections, settings):
    settings.FETCH_ALLOW_PRIVATE = True
    with Fetcher(resolver=stub_resolver({})) as f, pytest.raises(FetchNetworkError) as err:
        f.get("http://nowhere.test/feed")
    assert "cannot resolve nowhere.test" in err.value.reason
    assert connections == []


def test_a_closed_port_is_a_network_error(allow_loopback):
    with pytest.raises(FetchNetworkError) as err:
        fetch(f"http://127.0.0.1:{closed_port()}/feed")
    assert err.value.kind == "network"


# ---------------------------------------------------------------- time limits


def test_a_slow_server_times_out(httpserver, allow_loopback):
    url = httpserver.route("/slow", body=b"late", delay=5)

    started = time.monotonic()
    with pytest.raises(FetchTimeout) as err:
        fetch(url, timeout=0.5)

    assert err.value.kind == "timeout"
    assert time.monotonic() - started < 2


def test_a_trickling_server_is_cut_at_the_deadline(httpserver, allow_loopback):
    # Each byte arrives well within the read timeout; only the overall deadline stops it.
    url = httpserver.route("/trickle", body=[b"x"] * 100, chunk_delay=0.1)

    started = time.monotonic()
    with pytest.raises(FetchTimeout, match="longer than 1 s"):
        fetch(url, timeout=0.5)

    assert time.monotonic() - started < 2


# ---------------------------------------------------------------- size limits


def test_a_declared_content_length_over_the_limit_is_refused_early(httpserver, allow_loopback):
    url = httpserver.route("/big", body=b"x" * 2000)

    with pytest.raises(FetchTooLarge, match="Content-Length 2000") as err:
        fetch(url, max_bytes=1000)
    assert err.value.kind == "too_large"


def test_a_chunked_body_over_the_limit_is_cut(httpserver, allow_loopback):
    url = httpserver.route("/big", body=[b"x" * 1024] * 200)

    with pytest.raises(FetchTooLarge, match="over the 65536 byte limit"):
        fetch(url, max_bytes=64 * 1024)


def test_a_body_just_under_the_limit_is_returned(httpserver, allow_loopback):
    url = httpserver.route("/ok", body=[b"x" * 1000] * 10)

    assert len(fetch(url, max_bytes=10_000).content) == 10_000


def test_gzip_and_deflate_bodies_are_decoded(httpserver, allow_loopback):
    text = b"<rss>" + b"chip " * 1000 + b"</rss>"
    gz = httpserver.route("/gz", body=gzip.compress(text), headers={"Content-Encoding": "gzip"})
    df = httpserver.route("/df", body=zlib.compress(text), headers={"Content-Encoding": "deflate"})
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    rawdf = httpserver.route(
        "/rawdf", body=raw.compress(text) + raw.flush(), headers={"Content-Encoding": "deflate"}
    )

    assert fetch(gz).content == text
    assert fetch(df).content == text
    assert fetch(rawdf).content == text


def test_a_gzip_bomb_is_cut_without_inflating_it_in_memory(httpserver, allow_loopback):
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = b"\0" * (1024 * 1024)
    bomb = b"".join(packer.compress(zeros) for _ in range(50)) + packer.flush()  # 50 MB
    assert len(bomb) < 100 * 1024
    url = httpserver.route("/bomb", body=bomb, headers={"Content-Encoding": "gzip"})

    tracemalloc.start()
    try:
        with pytest.raises(FetchTooLarge, match="over the 262144 byte limit"):
            fetch(url, max_bytes=256 * 1024)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak < 4 * 1024 * 1024


def test_compressed_bytes_count_against_the_limit_too(httpserver, allow_loopback):
    # Incompressible data sent gzip'd without Content-Length: the raw count trips first.
    body = gzip.compress(bytes(range(256)) * 400, compresslevel=0)
    url = httpserver.route("/gz", body=[body], headers={"Content-Encoding": "gzip"})

    with pytest.raises(FetchTooLarge):
        fetch(url, max_bytes=50_000)


def test_a_corrupt_gzip_body_is_a_network_error(httpserver, allow_loopback):
    url = httpserver.route("/gz", body=b"not gzip at all", headers={"Content-Encoding": "gzip"})

    with pytest.raises(FetchNetworkError, match="bad compressed body"):
        fetch(url)


# ---------------------------------------------------------------- the client object


def test_one_fetcher_serves_several_requests(httpserver, allow_loopback):
    a = httpserver.route("/a", body=b"a")
    b = httpserver.route("/b", body=b"b")

    with Fetcher() as f:
        assert [f.get(a).content, f.get(b).content, f.get(a).content] == [b"a", b"b", b"a"]


def test_settings_are_the_defaults(settings):
    settings.FETCH_TIMEOUT = 7.0
    settings.FETCH_CONNECT_TIMEOUT = 3.0
    settings.FETCH_MAX_BYTES = 1234

    with Fetcher() as f:
        assert (f.timeout, f.connect_timeout, f.max_bytes) == (7.0, 3.0, 1234)
        assert f.deadline_seconds == 14.0
        assert f.loopback_only is True


# ---------------------------------------------------------------- TLS


@pytest.fixture
def tls_server(tmp_path):
    """An HTTPS loopback server with a self-signed certificate for feeds.test."""
    import shutil
    import ssl
    import subprocess

    from tests.httpserver import LoopbackServer

    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    command = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
    command += ["-subj", "/CN=feeds.test", "-addext", "subjectAltName=DNS:feeds.test"]
    command += ["-keyout", str(key), "-out", str(cert)]
    subprocess.run(
        command,
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = LoopbackServer().start(tls=context)
    server.route("/feed.xml", body=b"<rss/>")
    yield server, str(cert)
    server.stop()


def test_tls_uses_the_host_name_for_sni_and_verification_while_connecting_to_the_vetted_ip(
    tls_server, allow_loopback, connections
):
    server, ca_file = tls_server
    resolver = stub_resolver({"feeds.test": ["127.0.0.1"]})

    trust = ssl.create_default_context(cafile=ca_file)

    with Fetcher(resolver=resolver, verify=trust) as f:
        result = f.get(f"https://feeds.test:{server.port}/feed.xml")

    assert result.content == b"<rss/>"
    assert server.server_names == ["feeds.test"]
    assert connections == [("127.0.0.1", server.port)]


def test_an_untrusted_certificate_is_a_network_error(tls_server, allow_loopback):
    server, _ca_file = tls_server
    resolver = stub_resolver({"feeds.test": ["127.0.0.1"]})

    with Fetcher(resolver=resolver) as f, pytest.raises(FetchNetworkError, match="CERTIFICATE"):
        f.get(f"https://feeds.test:{server.port}/feed.xml")


def test_wire_bytes_count_the_compressed_body(httpserver, allow_loopback):
    body = gzip.compress(b"chip " * 10_000)
    url = httpserver.route("/gz", body=body, headers={"Content-Encoding": "gzip"})

    result = fetch(url)

    assert result.wire_bytes == len(body)
    assert len(result.content) == 50_000


def test_validators_a_server_sent_are_sent_back_byte_for_byte(httpserver, allow_loopback):
    url = httpserver.route("/feed.xml", status=304)

    result = fetch(url, etag='W/"caf\xe9"', last_modified="bad\r\nX-Injected: 1")

    assert result.not_modified
    sent = httpserver.requests_to("/feed.xml")[0]
    assert sent.header("if-none-match").encode("latin-1") == b'W/"caf\xe9"'
    assert "x-injected" not in sent.headers
    assert sent.header("if-modified-since") == ""


def test_loopback_only_does_not_even_look_up_other_names(monkeypatch, connections, settings):
    settings.FETCH_ALLOW_PRIVATE = True
    lookups = []
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kw: lookups.append(args) or [])

    with pytest.raises(FetchRefused, match="names are not looked up"):
        fetch("https://www.example.com/feed.xml")

    assert lookups == []
    assert connections == []


def test_localhost_is_looked_up_and_reached_in_loopback_only_mode(httpserver, allow_loopback):
    httpserver.route("/feed.xml", body=b"<rss/>")

    assert fetch(f"http://localhost:{httpserver.port}/feed.xml").content == b"<rss/>"


def test_a_hanging_name_lookup_times_out(settings, connections):
    settings.FETCH_ALLOW_PRIVATE = True
    release = threading.Event()

    def hanging(host, port):
        release.wait(5)
        return ["127.0.0.1"]

    started = time.monotonic()
    try:
        with (
            Fetcher(resolver=hanging, connect_timeout=0.3) as f,
            pytest.raises(FetchTimeout, match=r"could not resolve slow\.test"),
        ):
            f.get("http://slow.test/feed")
    finally:
        release.set()

    assert time.monotonic() - started < 2
    assert connections == []


@pytest.mark.parametrize(
    ("address", "allow_private", "loopback_only", "allowed"),
    [
        ("127.0.0.1", True, True, True),
        ("127.9.9.9", True, True, True),
        ("::1", True, True, True),
        ("::ffff:127.0.0.1", True, True, True),
        ("127.0.0.1", False, True, False),
        ("10.0.0.1", True, True, False),
        ("93.184.216.34", True, True, False),
        ("93.184.216.34", False, False, True),
        ("2606:2800:220:1:248:1893:25c8:1946", False, False, True),
        ("192.168.0.1", True, False, True),
        ("169.254.169.254", True, False, False),
        ("64:ff9b::a00:1", False, False, False),  # NAT64 of 10.0.0.1
    ],
)
def test_address_policy(address, allow_private, loopback_only, allowed):
    from ipaddress import ip_address

    from newsfeed.fetching import address_refusal

    why = address_refusal(
        ip_address(address), allow_private=allow_private, loopback_only=loopback_only
    )

    assert (why is None) == allowed, why


def test_a_cookie_setting_redirect_to_the_same_page_is_not_a_loop(httpserver, allow_loopback):
    def consent_wall(request):
        if "consent=yes" in request.header("cookie"):
            return Response(200, b"<rss/>")
        return Response(302, headers={"Location": "/feed.xml", "Set-Cookie": "consent=yes"})

    url = httpserver.route("/feed.xml", handler=consent_wall)

    assert fetch(url).content == b"<rss/>"


def test_a_cookie_setting_redirect_to_itself_forever_hits_the_hop_limit(httpserver, allow_loopback):
    url = httpserver.route(
        "/feed.xml", status=302, headers={"Location": "/feed.xml", "Set-Cookie": "n=1"}
    )

    with pytest.raises(FetchRedirectError, match="more than 5 redirects"):
        fetch(url)


def test_an_absurd_retry_after_is_capped():
    import httpx

    now = datetime(2026, 11, 29, tzinfo=UTC)
    result = FetchResult("http://x.test/", 429, httpx.Headers({"Retry-After": "9" * 30}), b"")

    assert result.retry_after(now) == now + timedelta(days=365)
