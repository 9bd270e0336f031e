"""Speed and memory of the guarded HTTP client against a loopback server.

    .venv/bin/python bench/fetching.py [--quick]

Prints requests per second for plain and gzip'd 50 KB feeds (one Fetcher, keep-alive),
the cost of a fresh Fetcher per request, and the peak Python memory while a gzip bomb
(50 MB of zeros, about 50 KB on the wire) is cut at FETCH_MAX_BYTES.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import time
import tracemalloc
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Benchmarks never reach past loopback.
os.environ["FETCH_LOOPBACK_ONLY"] = "1"
os.environ["FETCH_ALLOW_PRIVATE"] = "1"


def timed(label: str, count: int, call) -> None:
    durations = []
    for _ in range(count):
        started = time.perf_counter()
        call()
        durations.append((time.perf_counter() - started) * 1000)
    durations.sort()
    p95 = durations[min(len(durations) - 1, round(0.95 * (len(durations) - 1)))]
    print(
        f"{label:<40}{count:>6}{statistics.median(durations):>10.2f}{p95:>10.2f}"
        f"{1000 * count / sum(durations):>10.0f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer requests")
    args = parser.parse_args()

    import django

    django.setup()
    from newsfeed.fetching import Fetcher, FetchTooLarge
    from tests.httpserver import LoopbackServer

    count = 100 if args.quick else 500
    feed = b"<rss><channel>" + b"<item><title>chip news</title></item>" * 1400 + b"</channel></rss>"
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = b"\0" * (1024 * 1024)
    bomb = b"".join(packer.compress(zeros) for _ in range(50)) + packer.flush()

    with LoopbackServer() as server:
        plain = server.route("/plain.xml", body=feed)
        packed = server.route(
            "/gzip.xml", body=gzip.compress(feed), headers={"Content-Encoding": "gzip"}
        )
        not_modified = server.route("/304.xml", status=304)
        bomb_url = server.route("/bomb", body=bomb, headers={"Content-Encoding": "gzip"})

        print(f"{'request':<40}{'n':>6}{'med ms':>10}{'p95 ms':>10}{'req/s':>10}")
        with Fetcher() as fetcher:
            timed(f"plain {len(feed) // 1024} KB, keep-alive", count, lambda: fetcher.get(plain))
            timed("gzip'd, keep-alive", count, lambda: fetcher.get(packed))
            timed(
                "304 Not Modified, keep-alive", count, lambda: fetcher.get(not_modified, etag='"x"')
            )

        def fresh() -> None:
            with Fetcher() as fetcher:
                fetcher.get(plain)

        timed("plain, new Fetcher per request", count // 5, fresh)

        max_bytes = 5 * 1024 * 1024
        tracemalloc.start()
        started = time.perf_counter()
        try:
            with Fetcher(max_bytes=max_bytes) as fetcher:
                fetcher.get(bomb_url)
            outcome = "NOT CUT"
        except FetchTooLarge:
            outcome = "cut"
        elapsed = (time.perf_counter() - started) * 1000
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"gzip bomb: {len(bomb) // 1024} KB on the wire, 50 MB inflated -> {outcome} at "
            f"{max_bytes // 1024 // 1024} MB in {elapsed:.0f} ms, peak Python memory "
            f"{peak / 1024 / 1024:.1f} MB"
        )
    return 0 if outcome == "cut" else 1


if __name__ == "__main__":
    sys.exit(main())
