"""Every file of the shared feed corpus, served from loopback and polled.

No unhandled exception; each failure recorded on the feed and in its fetch
log; every feed whose entries have http(s) links yields articles. Entry links
point at real sites: name resolution is stubbed to a public (TEST-NET)
address, which the loopback-only guard refuses before any connection.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from django.conf import settings

from newsfeed.canonical import canonical_url
from newsfeed.fetching import Fetcher
from newsfeed.models import Article, Feed, FetchLog
from newsfeed.parsing import parse_feed, run_feedparser
from newsfeed.tasks import poll_feed_now

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("allow_loopback")]


def corpus_dir() -> Path | None:
    candidates = [
        os.environ.get("CHIPWATCH_CORPUS", ""),
        settings.BASE_DIR.parent / "shared" / "corpus",
        "/work/shared/corpus",
    ]
    for candidate in candidates:
        if candidate and (Path(candidate) / "feeds").is_dir():
            return Path(candidate) / "feeds"
    return None


FEEDS = corpus_dir()


def simulated_headers(feeds: Path) -> dict[str, dict[str, str]]:
    """MANIFEST.json of feedparser's cases: the HTTP headers each file assumes."""
    manifest = json.loads((feeds / "feedparser" / "MANIFEST.json").read_text())
    return {
        f"feedparser/{row['file']}": {k: v for k, v in row["headers"].items()}
        for row in manifest
        if row.get("headers")
    }


def public_resolver(host: str, port: int) -> list[str]:
    return ["203.0.113.7"]  # TEST-NET-3: refused by FETCH_LOOPBACK_ONLY, never connected


@pytest.mark.skipif(FEEDS is None, reason="the shared corpus is not on this machine")
def test_every_corpus_feed_is_polled_without_an_unhandled_exception(httpserver):
    headers = simulated_headers(FEEDS)
    files = sorted(p for p in FEEDS.rglob("*") if p.is_file())
    feeds: dict[str, tuple[Feed, Path]] = {}
    for n, file in enumerate(files):
        relative = file.relative_to(FEEDS).as_posix()
        url = httpserver.serve_file(f"/{n}/{file.name}", file, headers=headers.get(relative, {}))
        feeds[relative] = (Feed.objects.create(url=url, title=relative), file)

    with Fetcher(resolver=public_resolver) as fetcher:
        for feed, _file in feeds.values():
            poll_feed_now(feed.pk, fetcher=fetcher)  # must not raise

    assert len(files) > 400
    assert all(not r.header("host").startswith("203.") for r in httpserver.requests)
    silent, empty = [], []
    for relative, (feed, file) in feeds.items():
        feed.refresh_from_db()
        log = FetchLog.objects.filter(feed=feed, article__isnull=True).latest_first().first()
        assert log is not None, relative
        if feed.error_count:
            if not (feed.last_error and log.message):
                silent.append(relative)
            continue
        expected = parse_feed(file.read_bytes(), feed.url, headers.get(relative, {}))
        links = {canonical_url(e.link) for e in expected.entries}
        if links and not Article.objects.filter(url__in=links).exists():
            empty.append(relative)
    assert silent == [], "failures without a recorded reason"
    assert empty == [], "feeds with entries but no articles"

    pages = FetchLog.objects.filter(article__isnull=False)
    assert pages.filter(outcome="refused").exists()
    assert (
        not pages.exclude(url__startswith=httpserver.base_url).exclude(outcome="refused").exists()
    )
    assert Article.objects.count() > 300


@pytest.mark.skipif(FEEDS is None, reason="the shared corpus is not on this machine")
def test_declared_charsets_come_out_intact():
    manifest = json.loads((FEEDS / "miniflux" / "MANIFEST.json").read_text())
    checked = 0
    for row in manifest:
        wanted = row.get("decoded_text_contains")
        if not wanted:
            continue
        file = FEEDS / "miniflux" / row["file"]
        data = run_feedparser(file.read_bytes(), "https://feeds.example/", row.get("headers"))
        text = data.feed.get("title", "") + " ".join(
            e.get("title", "") + e.get("summary", "") for e in data.entries
        )
        for piece in [wanted] if isinstance(wanted, str) else wanted:
            assert piece in text, (row["file"], piece)
        checked += 1
    assert checked >= 1
