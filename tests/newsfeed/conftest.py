from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.httpserver import LoopbackServer


@pytest.fixture
def httpserver() -> Iterator[LoopbackServer]:
    """A real HTTP server on 127.0.0.1 (see tests/httpserver.py for its API)."""
    with LoopbackServer() as server:
        yield server


@pytest.fixture
def allow_loopback(settings):
    """Let the fetcher reach the loopback test server (the suite refuses private addresses)."""
    settings.FETCH_ALLOW_PRIVATE = True
