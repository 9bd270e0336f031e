"""A real HTTP/1.1 server on 127.0.0.1 for tests: register routes, then fetch them.

    server = LoopbackServer().start()
    server.route("/feed.xml", body=b"<rss/>", headers={"ETag": '"v1"'})
    server.route("/old", status=301, headers={"Location": "/feed.xml"})
    server.route("/dyn", handler=lambda req: Response(304) if req.header("if-none-match")
                 else Response(200, body=b"..."))
    server.route("/seq", responses=[Response(200, body=b"a"), Response(304)])  # then last repeats
    server.route("/big", body=[b"x" * 1024] * 100)          # chunked transfer encoding
    server.route("/slow", body=b"late", delay=2.0)          # waits before the status line
    server.route("/trickle", body=[b"x"] * 50, chunk_delay=0.1)
    server.serve_file("/f.xml", Path("corpus/feed.xml"), content_type="application/rss+xml")
    server.url("/feed.xml")  -> "http://127.0.0.1:PORT/feed.xml"
    server.requests          -> [Request(method, path, query, headers)], in arrival order
    server.stop()

Or use the ``httpserver`` fixture of tests/newsfeed/conftest.py, which starts and stops one.
Unknown paths answer 404. Delays wait on an event, so stop() never hangs on a slow route.
"""

from __future__ import annotations

import socket
import ssl
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: str
    headers: dict[str, str]  # lower-cased names

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)


@dataclass
class Response:
    status: int = 200
    # bytes are sent with Content-Length; a list/iterable of chunks with chunked encoding.
    body: bytes | Sequence[bytes] = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the status line
    chunk_delay: float = 0.0  # seconds between body chunks
    content_length: int | None = None  # override the Content-Length header (lie about it)


Handler = Callable[[Request], Response]


class _Route:
    def __init__(self, responses: list[Response] | None, handler: Handler | None) -> None:
        self.responses = responses or []
        self.handler = handler
        self.hits = 0
        self.lock = threading.Lock()

    def respond(self, request: Request) -> Response:
        if self.handler is not None:
            return self.handler(request)
        with self.lock:
            index = min(self.hits, len(self.responses) - 1)
            self.hits += 1
        return self.responses[index]


class LoopbackServer:
    def __init__(self) -> None:
        self.routes: dict[str, _Route] = {}
        self.requests: list[Request] = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.scheme = "http"
        self.server_names: list[str | None] = []  # TLS SNI names clients sent
        self.errors: list[BaseException] = []  # exceptions raised by route handlers

    # -- lifecycle
    def start(self, tls: ssl.SSLContext | None = None) -> LoopbackServer:
        """Serve on a free loopback port; with ``tls`` (a server-side context), HTTPS."""
        server = self

        class _Handler(_RequestHandler):
            owner = server

        httpd = _Server(("127.0.0.1", 0), _Handler)
        httpd.owner = self
        if tls is not None:
            tls.sni_callback = lambda _sock, name, _ctx: server.server_names.append(name)
            httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
            self.scheme = "https"
        httpd.daemon_threads = True
        httpd.block_on_close = False
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "start() the server first"
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    # -- routes
    def route(
        self,
        path: str,
        *,
        status: int = 200,
        body: bytes | Sequence[bytes] = b"",
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
        chunk_delay: float = 0.0,
        content_length: int | None = None,
        responses: Iterable[Response] | None = None,
        handler: Handler | None = None,
    ) -> str:
        """Register what ``path`` answers (replacing any earlier route); returns its URL."""
        if responses is None and handler is None:
            responses = [
                Response(status, body, dict(headers or {}), delay, chunk_delay, content_length)
            ]
        self.routes[path] = _Route(list(responses) if responses else None, handler)
        return self.url(path)

    def serve_file(self, path: str, file: Path, *, content_type: str = "", **kwargs) -> str:
        headers = dict(kwargs.pop("headers", {}) or {})
        if content_type:
            headers.setdefault("Content-Type", content_type)
        return self.route(path, body=Path(file).read_bytes(), headers=headers, **kwargs)

    def requests_to(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]

    def _record(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)


class _Server(ThreadingHTTPServer):
    owner: LoopbackServer

    def handle_error(self, request: object, client_address: object) -> None:
        error = sys.exc_info()[1]
        # Clients hanging up mid-response is what size and time limit tests do: not an error.
        if isinstance(error, ConnectionError | TimeoutError | ssl.SSLError):
            return
        if error is not None:
            self.owner.errors.append(error)
        super().handle_error(request, client_address)


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes: without TCP_NODELAY, Nagle plus the
    # client's delayed ACK add 40 ms to every response.
    disable_nagle_algorithm = True
    owner: LoopbackServer

    def log_message(self, format: str, *args: object) -> None:  # quiet test output
        pass

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def _serve(self, *, send_body: bool) -> None:
        parts = urlsplit(self.path)
        request = Request(
            method=self.command,
            path=parts.path,
            query=parts.query,
            headers={k.lower(): v for k, v in self.headers.items()},
        )
        self.owner._record(request)
        route = self.owner.routes.get(parts.path)
        response = route.respond(request) if route else Response(404, b"not found")
        try:
            self._send(response, send_body)
        except (TimeoutError, BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _send(self, response: Response, send_body: bool) -> None:
        stopping = self.owner.stopping
        if response.delay and stopping.wait(response.delay):
            self.close_connection = True
            return
        self.send_response(response.status)
        names = {k.lower() for k in response.headers}
        for name, value in response.headers.items():
            self.send_header(name, value)
        body = response.body
        chunked = not isinstance(body, bytes | bytearray)
        no_body = response.status in (204, 304) or 100 <= response.status < 200
        if not no_body:
            if response.content_length is not None:
                self.send_header("Content-Length", str(response.content_length))
            elif chunked:
                self.send_header("Transfer-Encoding", "chunked")
            elif "content-length" not in names:
                self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if no_body or not send_body:
            return
        if not chunked:
            self.wfile.write(body)
            return
        use_chunked_framing = response.content_length is None
        for piece in body:
            if response.chunk_delay and stopping.wait(response.chunk_delay):
                self.close_connection = True
                return
            if use_chunked_framing:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            else:
                self.wfile.write(piece)
            self.wfile.flush()
        if use_chunked_framing:
            self.wfile.write(b"0\r\n\r\n")


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
