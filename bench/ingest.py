"""End-to-end ingest throughput, beside a plain parse + extract loop over the same pages.

    .venv/bin/python bench/ingest.py [--quick] [--pages N] [--per-feed N] [--workers N]

1. Generates N article pages (default 2000; --quick 200) and feeds of --per-feed entries
   each, served by a real HTTP server on 127.0.0.1.
2. Pipeline: a scratch CHIPWATCH_VAR_DIR (SQLite + the embedded filesystem broker),
   FETCH_ALLOW_PRIVATE=1 and FETCH_LOOPBACK_ONLY=1; two Celery worker processes; the
   beat's task (poll_due_feeds) queues every feed; polls queue page fetches; the clock
   stops when every article has its page extracted (or failed). Politeness holds: one
   request at a time to the one loopback host, across both workers.
3. Baseline: one process, no HTTP, no database: parse_feed + extract_page over the same
   bytes.
Prints pages/s of both and their ratio. Nothing leaves loopback.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TIMEOUT = 240.0  # seconds: the whole run stays well under five minutes


def generate(pages: int, per_feed: int) -> tuple[dict[str, bytes], list[str]]:
    """Article pages by path, and the feed paths (feeds are built once the port is known)."""
    from tests.newsfeed.feedkit import page, story

    # Pages of varied length (about 5-25 KiB) with the usual clutter around the story.
    clutter = "".join(
        f"<aside class='related'><a href='/news/r{i}'>Related headline number {i} about "
        "memory prices and foundry capacity</a></aside>"
        for i in range(20)
    ).encode()
    bodies = {}
    for n in range(pages):
        paragraphs = story(n) * (2 + n % 8)
        body = page(f"Accelerator story {n}", paragraphs)
        bodies[f"/news/{n}"] = body.replace(b"<footer>", clutter + b"<footer>")
    feeds = [f"/feeds/{i}.xml" for i in range((pages + per_feed - 1) // per_feed)]
    return bodies, feeds


def feed_documents(server, pages: int, per_feed: int, feeds: list[str]) -> dict[str, bytes]:
    from tests.newsfeed.feedkit import Item, rss

    documents = {}
    for i, path in enumerate(feeds):
        numbers = range(i * per_feed, min(pages, (i + 1) * per_feed))
        items = [
            Item(server.url(f"/news/{n}"), f"Accelerator story {n}", summary=f"Summary {n}.")
            for n in numbers
        ]
        documents[path] = rss(items, title=f"Bench feed {i}")
    return documents


def start_workers(count: int, env: dict[str, str], logdir: Path) -> list[subprocess.Popen]:
    workers = []
    for i in range(count):
        log = open(logdir / f"worker{i}.log", "w")  # noqa: SIM115 - closed with the process
        workers.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "config",
                    "worker",
                    "--pool=solo",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "-n",
                    f"bench{i}@%h",
                    "--loglevel=WARNING",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    return workers


def stop(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        worker.terminate()
    for worker in workers:
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def pipeline(args, bodies, feeds, scratch: Path) -> tuple[float, int, int]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    env.update(
        CHIPWATCH_VAR_DIR=str(scratch),
        FETCH_ALLOW_PRIVATE="1",
        FETCH_LOOPBACK_ONLY="1",
        DJANGO_SETTINGS_MODULE="config.settings",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    os.environ.clear()
    os.environ.update(env)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from newsfeed.ingest import poll_due_feeds
    from newsfeed.models import Article, Feed
    from tests.httpserver import LoopbackServer

    call_command("migrate", verbosity=0)
    server = LoopbackServer().start()
    try:
        html = {"Content-Type": "text/html; charset=utf-8"}
        for path, body in bodies.items():
            server.route(path, body=body, headers=html)
        documents = feed_documents(server, len(bodies), args.per_feed, feeds)
        for path, body in documents.items():
            server.route(path, body=body, headers={"Content-Type": "application/rss+xml"})
        Feed.objects.bulk_create(Feed(url=server.url(path)) for path in feeds)

        workers = start_workers(args.workers, env, scratch)
        try:
            time.sleep(3)  # let the workers connect to the broker before the clock starts
            started = time.monotonic()
            with transaction.atomic():
                poll_due_feeds(limit=len(feeds))
            settled = 0
            while time.monotonic() - started < TIMEOUT:
                settled = Article.objects.filter(fetch_state__in=["done", "failed"]).count()
                if settled >= len(bodies):
                    break
                if any(w.poll() is not None for w in workers):
                    raise SystemExit(f"a worker died; see {scratch}/worker*.log")
                time.sleep(0.25)
            elapsed = time.monotonic() - started
            done = Article.objects.filter(fetch_state="done").count()
        finally:
            stop(workers)
        return elapsed, settled, done
    finally:
        server.stop()


def baseline(bodies: dict[str, bytes], documents: dict[str, bytes]) -> float:
    from newsfeed.extraction import extract_page
    from newsfeed.parsing import parse_feed

    started = time.monotonic()
    for path, document in documents.items():
        parse_feed(document, f"http://127.0.0.1{path}", {"Content-Type": "application/rss+xml"})
    for path, body in bodies.items():
        extract_page(body, f"http://127.0.0.1{path}", charset="utf-8")
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="200 pages")
    parser.add_argument("--pages", type=int, default=None)
    parser.add_argument("--per-feed", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    args = parser.parse_args()
    pages = args.pages or (200 if args.quick else 2000)

    bodies, feeds = generate(pages, args.per_feed)
    scratch = Path(tempfile.mkdtemp(prefix="chipwatch-bench-ingest-"))
    try:
        elapsed, settled, done = pipeline(args, bodies, feeds, scratch)

        class Local:
            def url(self, path: str) -> str:
                return f"http://127.0.0.1{path}"

        documents = feed_documents(Local(), pages, args.per_feed, feeds)
        plain = baseline(bodies, documents)
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)

    size = sum(len(b) for b in bodies.values()) / len(bodies) / 1024
    print(f"pages: {pages} ({size:.1f} KiB average) in {len(feeds)} feeds")
    if settled < pages:
        print(f"pipeline: TIMED OUT after {elapsed:.0f} s with {settled}/{pages} pages settled")
    pipe_rate = settled / elapsed if elapsed else 0.0
    plain_rate = pages / plain if plain else 0.0
    print(
        f"pipeline ({args.workers} workers, HTTP + SQLite + broker): {settled} pages "
        f"({done} extracted) in {elapsed:.1f} s = {pipe_rate:.1f} pages/s"
    )
    print(f"plain loop (1 process, parse + extract only): {pages} pages in {plain:.1f} s "
          f"= {plain_rate:.1f} pages/s")  # fmt: skip
    ratio = pipe_rate / plain_rate if plain_rate else 0.0
    print(f"ratio pipeline / plain loop: {ratio:.2f}")


if __name__ == "__main__":
    main()
