"""The guarded HTTP client every feed and article request goes through.

What it guarantees, whatever a feed links to:

* only http(s) URLs without credentials are requested;
* the address actually connected to is checked at connect time (no gap between a
  check and a second DNS lookup that an attacker could rebind): loopback, private,
  link-local, multicast, reserved and other non-public addresses are refused unless
  ``FETCH_ALLOW_PRIVATE`` is set, and with ``FETCH_LOOPBACK_ONLY`` (tests, benchmarks)
  everything but 127.0.0.0/8 and ::1 is refused before any connection is made;
* redirects are followed here, at most ``max_redirects``, each hop checked again;
* bodies are streamed and cut at ``FETCH_MAX_BYTES`` counting both the bytes on the
  wire and the decompressed bytes, with bounded decompression (a gzip bomb is never
  inflated into memory);
* connect and read timeouts, plus a wall-clock deadline for the whole request
  (``2 × FETCH_TIMEOUT``) so a server trickling one byte a second cannot hold a worker.

HTTP error statuses (404, 410, 429, 5xx) are results, not exceptions; everything that
prevents getting a status raises a ``FetchError`` whose ``reason`` can be shown to users.
"""

from __future__ import annotations

import functools
import ipaddress
import logging
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpcore
import httpx
from httpcore._backends.sync import SyncStream  # the stream httpcore itself wraps sockets in

from newsfeed import polling

logger = logging.getLogger(__name__)

FEED_ACCEPT = (
    "application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
# Only encodings we can inflate with a bound on the output size (no brotli decoder here).
ACCEPT_ENCODING = "gzip, deflate"

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PERMANENT_REDIRECT_STATUSES = frozenset({301, 308})
# The whole request (all hops, headers and body) must finish within this many read timeouts.
DEADLINE_FACTOR = 2.0
CHUNK = 64 * 1024  # raw bytes read at a time
PIECE = 256 * 1024  # decoded bytes produced at a time

Resolver = Callable[[str, int], list[str]]


# --------------------------------------------------------------------------- errors


class FetchError(Exception):
    """A request that produced no HTTP status. ``reason`` is meant for users."""

    kind = "error"

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(reason)
        self.url = url
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


class FetchRefused(FetchError):
    """The URL or the address it resolves to is not allowed."""

    kind = "refused"


class FetchTooLarge(FetchError):
    """The body (compressed or decompressed) is over ``max_bytes``."""

    kind = "too_large"


class FetchTimeout(FetchError):
    """Connecting, reading, or the whole request took too long."""

    kind = "timeout"


class FetchRedirectError(FetchError):
    """Too many redirects, a loop, or a redirect without a usable Location."""

    kind = "redirects"


class FetchNetworkError(FetchError):
    """DNS failure, refused connection, TLS or HTTP protocol error."""

    kind = "network"


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Redirect:
    status: int
    from_url: str
    to_url: str


@dataclass(frozen=True)
class FetchResult:
    url: str
    status: int
    headers: httpx.Headers
    content: bytes
    redirects: tuple[Redirect, ...] = ()
    elapsed: float = 0.0
    wire_bytes: int = 0  # body bytes as received (compressed), for fetch logs

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def permanent_redirect(self) -> str | None:
        """The final URL when every hop was permanent (301/308): the feed has moved."""
        if self.redirects and all(r.status in PERMANENT_REDIRECT_STATUSES for r in self.redirects):
            return self.url
        return None

    def retry_after(self, now: datetime) -> datetime | None:
        """When the server asks to be retried (Retry-After as seconds or HTTP-date), aware UTC."""
        return polling.parse_retry_after(self.headers.get("retry-after", ""), now)

    @property
    def etag(self) -> str:
        return self.headers.get("etag", "").strip()

    @property
    def last_modified(self) -> str:
        return self.headers.get("last-modified", "").strip()

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for param in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "charset":
                value = value.strip().strip("\"'").strip()
                return value.lower() or None
        return None


# --------------------------------------------------------------------------- address policy

_PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")
)
_SHARED_NETWORK = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT
_NAT64_NETWORK = ipaddress.ip_network("64:ff9b::/96")
_THIS_NETWORK = ipaddress.ip_network("0.0.0.0/8")  # connecting to 0.x reaches this host


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, NAT64, 6to4, Teredo), if any."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _NAT64_NETWORK:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    return None


def address_category(ip: IPAddress) -> str:
    """Return "public", or why the address is special: loopback, private, link-local, ..."""
    inner = _embedded_ipv4(ip)
    if inner is not None:
        category = address_category(inner)
        if category != "public":
            return category
    if ip.is_unspecified or (isinstance(ip, ipaddress.IPv4Address) and ip in _THIS_NETWORK):
        return "unspecified"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if any(ip in net for net in _PRIVATE_NETWORKS if net.version == ip.version):
        return "private"
    if isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED_NETWORK:
        return "shared (carrier-grade NAT)"
    if ip.is_reserved:
        return "reserved"
    if not ip.is_global:
        return "special-purpose"
    return "public"


# Categories FETCH_ALLOW_PRIVATE lets through; link-local (cloud metadata endpoints),
# multicast, reserved and unspecified addresses stay refused even then.
_PRIVATE_CATEGORIES = frozenset({"loopback", "private", "shared (carrier-grade NAT)"})


def _is_loopback(ip: IPAddress) -> bool:
    inner = _embedded_ipv4(ip)
    return (inner or ip).is_loopback


def address_refusal(ip: IPAddress, *, allow_private: bool, loopback_only: bool) -> str | None:
    """Why connecting to ``ip`` is refused under this policy, or None when it is allowed."""
    category = address_category(ip)
    if loopback_only and not _is_loopback(ip):
        return f"{ip} is not a loopback address (FETCH_LOOPBACK_ONLY is set)"
    if category == "public":
        return None
    if category in _PRIVATE_CATEGORIES:
        if allow_private:
            return None
        return f"{ip} is a {category} address (set FETCH_ALLOW_PRIVATE to allow)"
    return f"{ip} is a {category} address"


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _is_localhost(host: str) -> bool:
    host = host.lower().rstrip(".")
    return host == "localhost" or host.endswith(".localhost")


def default_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses: list[str] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        address = str(sockaddr[0]).split("%", 1)[0]  # drop an IPv6 zone id
        if address not in addresses:
            addresses.append(address)
    return addresses


# --------------------------------------------------------------------------- network backend


class _Deadline(threading.local):
    """The wall-clock deadline of the request running on this thread (monotonic seconds)."""

    at: float | None = None
    seconds: float = 0.0

    def clamp(self, timeout: float | None) -> float | None:
        if self.at is None:
            return timeout
        remaining = self.at - time.monotonic()
        if remaining <= 0:
            raise FetchTimeout("", f"timeout: the request took longer than {self.seconds:g} s")
        return remaining if timeout is None else min(timeout, remaining)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every read and write also respects the request deadline."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: _Deadline) -> None:
        self._inner = inner
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._deadline.clamp(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._deadline.clamp(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        # SNI and certificate checks use the host name httpcore passes, not the IP.
        inner = self._inner.start_tls(ssl_context, server_hostname, self._deadline.clamp(timeout))
        return _DeadlineStream(inner, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.SyncBackend):
    """Resolves the host itself, vets every address, and connects only to a vetted IP."""

    def __init__(
        self,
        *,
        allow_private: bool,
        loopback_only: bool,
        resolver: Resolver | None = None,
        deadline: _Deadline | None = None,
        resolve_timeout: float = 10.0,
    ) -> None:
        self.allow_private = allow_private
        self.resolve_timeout = resolve_timeout
        self.loopback_only = loopback_only
        self.resolver = resolver or default_resolver
        self.deadline = deadline or _Deadline()

    def vet(self, host: str, port: int) -> list[str]:
        """The addresses to connect to for host:port; raises FetchRefused if any is disallowed."""
        host = host.strip("[]")
        literal = _is_ip_literal(host)
        if literal:
            addresses = [host]
        else:
            if self.loopback_only and self.resolver is default_resolver and not _is_localhost(host):
                # Not even a DNS query leaves the machine in loopback-only mode.
                raise FetchRefused(
                    "",
                    f"refused: {host} is not a loopback name "
                    "(FETCH_LOOPBACK_ONLY is set; names are not looked up)",
                )
            addresses = self._resolve(host, port)
            if not addresses:
                raise FetchNetworkError("", f"network: {host} has no address")
        for address in addresses:
            try:
                ip = ipaddress.ip_address(address.split("%", 1)[0])
            except ValueError as exc:
                raise FetchRefused("", f"refused: {host} resolved to {address!r}") from exc
            # Any bad address refuses the host: a name that also points inside is hostile.
            why = address_refusal(
                ip, allow_private=self.allow_private, loopback_only=self.loopback_only
            )
            if why:
                prefix = "refused: " if literal else f"refused: {host} resolves to "
                raise FetchRefused("", prefix + why)
        return addresses

    def _resolve(self, host: str, port: int) -> list[str]:
        """Resolve in a helper thread: getaddrinfo has no timeout of its own."""
        outcome: list[Any] = []

        def run() -> None:
            try:
                outcome.append(list(self.resolver(host, port)))
            except Exception as exc:
                outcome.append(exc)

        worker = threading.Thread(target=run, name=f"resolve {host}", daemon=True)
        worker.start()
        worker.join(self.deadline.clamp(self.resolve_timeout))
        if not outcome:  # the lookup goes on in its daemon thread; nobody waits for it
            raise FetchTimeout("", f"timeout: could not resolve {host} in time")
        if isinstance(outcome[0], OSError | UnicodeError):
            raise FetchNetworkError("", f"network: cannot resolve {host}: {outcome[0]}")
        if isinstance(outcome[0], Exception):
            raise outcome[0]
        return outcome[0]

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self.vet(host, port)
        source = None if local_address is None else (local_address, 0)
        last_error: OSError | None = None
        for address in addresses:
            try:
                sock = socket.create_connection(
                    (address, port), self.deadline.clamp(timeout), source_address=source
                )
            except TimeoutError as exc:
                raise httpcore.ConnectTimeout(
                    f"connecting to {host} ({address}) timed out"
                ) from exc
            except OSError as exc:
                last_error = exc
                continue
            for option in socket_options or ():
                sock.setsockopt(*option)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return _DeadlineStream(SyncStream(sock), self.deadline)
        raise httpcore.ConnectError(f"cannot connect to {host}: {last_error}") from last_error

    def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
        raise FetchRefused("", "refused: unix sockets are not allowed")


@functools.cache
def default_ssl_context() -> ssl.SSLContext:
    """httpx's verifying context (certifi CAs), built once per process: loading the CA
    bundle costs ~30 ms, more than a whole request to a nearby server."""
    return httpx.create_ssl_context()


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport, with a connection pool that uses the guarded network backend.

    httpx 0.28 has no argument for the network backend, so the pool it builds is replaced
    by an equivalent one that has it (no proxy: proxies would bypass the address check).
    """

    def __init__(
        self,
        backend: GuardedBackend,
        limits: httpx.Limits | None = None,
        verify: ssl.SSLContext | str | bool = True,
    ) -> None:
        limits = limits or httpx.Limits(max_connections=10, max_keepalive_connections=5)
        if verify is True:
            verify = default_ssl_context()
        super().__init__(verify=verify, trust_env=False, limits=limits)
        ssl_context = self._pool._ssl_context
        self._pool.close()
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=False,
            network_backend=backend,
        )


# --------------------------------------------------------------------------- bounded decoding


class _Identity:
    def decode(self, data: bytes, limit: int) -> Iterable[bytes]:
        yield data

    def flush(self) -> bytes:
        return b""


class _Inflate:
    """gzip/deflate inflation that never produces more than ``limit`` bytes per step."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self.first = True
        self._obj = self._new()

    def _new(self, raw: bool = False) -> Any:
        if self.encoding == "gzip":
            return zlib.decompressobj(zlib.MAX_WBITS | 16)
        # "deflate" is zlib-wrapped by the spec but raw deflate in the wild.
        return zlib.decompressobj(-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)

    def decode(self, data: bytes, limit: int) -> Iterable[bytes]:
        # Yields pieces of at most PIECE bytes (and never much past the limit); the caller
        # counts them and stops as soon as the total is over, so memory stays ~ the limit.
        while data:
            try:
                out = self._obj.decompress(data, max(1, min(limit + 1, PIECE)))
            except zlib.error:
                if self.first and self.encoding == "deflate":
                    self.first = False
                    self._obj = self._new(raw=True)
                    continue
                raise
            self.first = False
            data = self._obj.unconsumed_tail
            if self._obj.eof:
                tail = self._obj.unused_data
                # Concatenated gzip members go on; trailing junk is ignored, as browsers do.
                if self.encoding == "gzip" and tail.startswith(b"\x1f\x8b"):
                    self._obj = self._new()
                    data = tail
                else:
                    data = b""
            yield out
            if not out and not data:
                break

    def flush(self) -> bytes:
        return self._obj.flush(CHUNK)


def _decoder_for(content_encoding: str) -> _Identity | _Inflate:
    codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    if not codings:
        return _Identity()
    if len(codings) > 1:
        raise ValueError(f"stacked content encodings are not supported: {content_encoding}")
    coding = codings[0]
    if coding in ("gzip", "x-gzip"):
        return _Inflate("gzip")
    if coding == "deflate":
        return _Inflate("deflate")
    raise ValueError(f"unsupported content encoding {coding!r}")


# --------------------------------------------------------------------------- the client


def _setting(name: str, default: Any) -> Any:
    try:
        from django.conf import settings

        return getattr(settings, name, default)
    except Exception:  # settings not configured (a bare script): use the default
        return default


def check_url(url: str) -> httpx.URL:
    """The parsed URL if it may be requested at all (scheme, credentials, host)."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise FetchRefused(url, f"refused: invalid URL ({exc})") from exc
    if parsed.scheme not in ("http", "https"):
        scheme = parsed.scheme or "(none)"
        raise FetchRefused(url, f"refused: scheme {scheme!r} is not allowed (only http and https)")
    if parsed.userinfo:
        raise FetchRefused(url, "refused: URLs with credentials (user:password@) are not allowed")
    if not parsed.host:
        raise FetchRefused(url, "refused: URL has no host")
    return parsed


def _header_value(value: str) -> bytes | None:
    """A stored validator as header bytes, or None if a hostile server made it unsendable."""
    value = (value or "").strip()
    if not value or any(c in value for c in "\r\n\x00"):
        return None
    try:
        return value.encode("latin-1")  # httpx decoded it as latin-1 when it arrived
    except UnicodeEncodeError:
        return None


class Fetcher:
    """One httpx client behind the guards above. Use as a context manager; not thread-safe."""

    def __init__(
        self,
        *,
        timeout: float | None = None,
        connect_timeout: float | None = None,
        max_bytes: int | None = None,
        user_agent: str | None = None,
        allow_private: bool | None = None,
        loopback_only: bool | None = None,
        max_redirects: int = 5,
        resolver: Resolver | None = None,
        verify: ssl.SSLContext | str | bool = True,
    ) -> None:
        # verify: an SSLContext trusting a test CA (tests); True (certifi CAs) everywhere else.
        self.timeout = float(timeout if timeout is not None else _setting("FETCH_TIMEOUT", 20.0))
        self.connect_timeout = float(
            connect_timeout
            if connect_timeout is not None
            else _setting("FETCH_CONNECT_TIMEOUT", 10.0)
        )
        self.max_bytes = int(
            max_bytes if max_bytes is not None else _setting("FETCH_MAX_BYTES", 5 * 1024 * 1024)
        )
        self.user_agent = user_agent or _setting("FETCH_USER_AGENT", "ChipWatch/0.1")
        self.allow_private = bool(
            allow_private if allow_private is not None else _setting("FETCH_ALLOW_PRIVATE", False)
        )
        self.loopback_only = bool(
            loopback_only if loopback_only is not None else _setting("FETCH_LOOPBACK_ONLY", False)
        )
        self.max_redirects = max_redirects
        self.deadline_seconds = self.timeout * DEADLINE_FACTOR
        self._deadline = _Deadline()
        self.backend = GuardedBackend(
            allow_private=self.allow_private,
            loopback_only=self.loopback_only,
            resolver=resolver,
            deadline=self._deadline,
            resolve_timeout=self.connect_timeout,
        )
        self._client = httpx.Client(
            transport=GuardedTransport(self.backend, verify=verify),
            timeout=httpx.Timeout(self.timeout, connect=self.connect_timeout),
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": self.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(
        self, url: str, *, etag: str = "", last_modified: str = "", accept: str = FEED_ACCEPT
    ) -> FetchResult:
        """GET ``url`` following redirects; raises a FetchError when there is no status."""
        started = time.monotonic()
        self._deadline.at = started + self.deadline_seconds
        self._deadline.seconds = self.deadline_seconds
        headers: dict[str, bytes] = {}
        for name, value in (
            ("Accept", accept),
            ("If-None-Match", etag),
            ("If-Modified-Since", last_modified),
        ):
            encoded = _header_value(value)
            if encoded:
                headers[name] = encoded
        redirects: list[Redirect] = []
        seen = set()
        current = url
        try:
            while True:
                parsed = check_url(current)
                seen.add(str(parsed))
                result = self._request(parsed, current, headers, started, redirects)
                if isinstance(result, FetchResult):
                    return result
                status, location, sets_cookie = result
                if not location:
                    raise FetchRedirectError(
                        current, f"redirects: {status} redirect without a Location header"
                    )
                try:
                    target = str(parsed.join(location.strip()))
                except (httpx.InvalidURL, ValueError) as exc:
                    raise FetchRedirectError(
                        current, f"redirects: bad Location {location[:200]!r}"
                    ) from exc
                redirects.append(Redirect(status, current, target))
                # Coming back to a URL is a loop, unless the server just set a cookie (consent
                # and session walls redirect to the same page once); the hop cap still holds.
                if target in seen and not (sets_cookie and target == current):
                    raise FetchRedirectError(url, f"redirects: redirect loop at {target}")
                if len(redirects) > self.max_redirects:
                    raise FetchRedirectError(
                        url, f"redirects: more than {self.max_redirects} redirects"
                    )
                current = target
        except FetchError as exc:
            if not exc.url:
                exc.url = current
            logger.info("fetch %s failed: %s", url, exc.reason)
            raise
        finally:
            self._deadline.at = None

    def _request(
        self,
        parsed: httpx.URL,
        url: str,
        headers: dict[str, bytes],
        started: float,
        redirects: list[Redirect],
    ) -> FetchResult | tuple[int, str, bool]:
        try:
            with self._client.stream("GET", parsed, headers=headers) as response:
                if response.status_code in REDIRECT_STATUSES:
                    return (
                        response.status_code,
                        response.headers.get("location", ""),
                        "set-cookie" in response.headers,
                    )
                content = b"" if response.status_code == 304 else self._read_body(response, url)
                return FetchResult(
                    url=url,
                    status=response.status_code,
                    headers=response.headers,
                    content=content,
                    redirects=tuple(redirects),
                    elapsed=time.monotonic() - started,
                    wire_bytes=response.num_bytes_downloaded,
                )
        except FetchError:
            raise
        except httpx.ConnectTimeout as exc:
            raise FetchTimeout(
                url, f"timeout: could not connect within {self.connect_timeout:g} s"
            ) from exc
        except httpx.TimeoutException as exc:
            if time.monotonic() - started >= self.deadline_seconds * 0.99:
                reason = f"timeout: the request took longer than {self.deadline_seconds:g} s"
            else:
                reason = f"timeout: no data from the server for {self.timeout:g} s"
            raise FetchTimeout(url, reason) from exc
        except httpx.ConnectError as exc:
            raise FetchNetworkError(url, f"network: {exc}") from exc
        except (httpx.TransportError, httpx.DecodingError) as exc:
            raise FetchNetworkError(url, f"network: {type(exc).__name__}: {exc}") from exc
        except httpx.InvalidURL as exc:
            raise FetchRefused(url, f"refused: invalid URL ({exc})") from exc

    def _read_body(self, response: httpx.Response, url: str) -> bytes:
        limit = self.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.strip().isdigit() and int(declared) > limit:
            raise FetchTooLarge(
                url, f"too large: Content-Length {int(declared)} is over the {limit} byte limit"
            )
        try:
            decoder = _decoder_for(response.headers.get("content-encoding", ""))
        except ValueError as exc:
            raise FetchNetworkError(url, f"network: {exc}") from exc
        raw_total = 0
        total = 0
        parts: list[bytes] = []

        def add(piece: bytes) -> None:
            nonlocal total
            total += len(piece)
            if total > limit:
                raise FetchTooLarge(url, f"too large: body is over the {limit} byte limit")
            parts.append(piece)

        try:
            for raw in response.iter_raw(CHUNK):
                raw_total += len(raw)
                if raw_total > limit:
                    raise FetchTooLarge(
                        url, f"too large: compressed body is over the {limit} byte limit"
                    )
                for piece in decoder.decode(raw, limit - total):
                    add(piece)
            add(decoder.flush())
        except zlib.error as exc:
            raise FetchNetworkError(url, f"network: bad compressed body ({exc})") from exc
        return b"".join(parts)


def fetch(url: str, **kwargs: Any) -> FetchResult:
    """One request with a fresh Fetcher. kwargs: Fetcher options, then get() options."""
    get_keys = {"etag", "last_modified", "accept"}
    get_kwargs = {k: v for k, v in kwargs.items() if k in get_keys}
    init_kwargs = {k: v for k, v in kwargs.items() if k not in get_keys}
    with Fetcher(**init_kwargs) as fetcher:
        return fetcher.get(url, **get_kwargs)
