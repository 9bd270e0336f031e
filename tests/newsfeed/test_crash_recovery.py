"""A worker killed half-way, then run again, leaves the same rows as one clean run."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.management import call_command

from newsfeed import ingest
from newsfeed.ingest import poll_feed
from newsfeed.models import Article, Feed
from tests.config.test_celery_worker import test_database_url
from tests.factories import FeedFactory
from tests.httpserver import Response
from tests.newsfeed.feedkit import Item, page, rss, story


def rows() -> list[tuple]:
    return list(
        Article.objects.order_by("url").values_list("url", "entry_id", "fetch_state", "feed_id")
    )


def serve(server, *, hang_on: int | None = None) -> str:
    for n in (1, 2, 3):
        body = page(f"Story {n}", story(n))
        delay = 60.0 if n == hang_on else 0.0
        server.route(f"/news/{n}", responses=[Response(200, body, {}, delay)])
    doc = rss([Item(server.url(f"/news/{n}"), f"Story {n}") for n in (1, 2, 3)])
    return server.route("/feed.xml", body=doc)


@pytest.mark.django_db(transaction=True)
def test_a_pollfeeds_process_killed_mid_way_then_rerun_leaves_the_same_rows(
    httpserver, allow_loopback
):
    feed = FeedFactory(url=serve(httpserver, hang_on=2))
    env = dict(
        os.environ,
        DATABASE_URL=test_database_url(),
        FETCH_ALLOW_PRIVATE="1",
        FETCH_LOOPBACK_ONLY="1",
        LEASE_SECONDS="1",
    )
    process = subprocess.Popen(
        [sys.executable, "manage.py", "pollfeeds", "--feed", feed.url],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not httpserver.requests_to("/news/2"):
            assert process.poll() is None, "pollfeeds ended before the page it should hang on"
            assert time.monotonic() < deadline, "pollfeeds never reached the second page"
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)  # mid-way: articles stored, page 2 in flight
    finally:
        process.wait(timeout=30)
    assert Article.objects.count() == 3
    assert Article.objects.get(url=httpserver.url("/news/2")).fetch_state == "pending"

    # The dead worker's leases (on the page and on the host) lapse within
    # LEASE_SECONDS, and the page is due again then; the same command runs to the end.
    time.sleep(1.1)
    serve(httpserver)
    call_command("pollfeeds", "--feed", feed.url, stdout=io.StringIO())

    assert rows() == [
        (httpserver.url(f"/news/{n}"), httpserver.url(f"/news/{n}"), "done", feed.pk)
        for n in (1, 2, 3)
    ]
    assert len(httpserver.requests_to("/news/1")) == 1  # done pages are never fetched again


@pytest.mark.django_db
def test_a_poll_that_crashes_while_storing_entries_leaves_nothing_then_reruns_cleanly(
    httpserver, allow_loopback, monkeypatch
):
    feed = FeedFactory(url=serve(httpserver))
    real_create = ingest.create_article
    calls = []

    def crash_on_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("worker lost")
        return real_create(*args, **kwargs)

    monkeypatch.setattr(ingest, "create_article", crash_on_second)
    outcome = poll_feed(feed.pk)
    assert outcome.result == "failed"
    assert Article.objects.count() == 0  # one poll, one transaction
    feed.refresh_from_db()
    assert feed.claimed_until is None
    assert feed.last_error == "internal error: RuntimeError: worker lost"

    monkeypatch.setattr(ingest, "create_article", real_create)
    Feed.objects.filter(pk=feed.pk).update(next_poll_at=None)
    assert poll_feed(feed.pk).new == 3
    assert poll_feed(feed.pk).new == 0
    assert Article.objects.count() == 3
