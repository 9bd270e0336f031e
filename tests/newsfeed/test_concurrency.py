"""Workers racing each other: the database's constraints and leases keep one row per story."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from newsfeed.ingest import poll_feed
from newsfeed.models import Article
from tests.factories import FeedFactory
from tests.httpserver import Response
from tests.newsfeed.feedkit import Item, rss

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("allow_loopback")]


def race(*calls) -> list:
    """Run the calls at once in threads (each with its own database connection)."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:  # surfaced by the assertions below
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def test_two_workers_polling_one_feed_store_each_entry_once(httpserver):
    doc = rss([Item(f"https://news.example/{n}", f"Story {n}") for n in range(20)])
    feed = FeedFactory(url=httpserver.route("/feed.xml", body=doc, delay=0.2))
    results = race(*[lambda: poll_feed(feed.pk)] * 2)
    assert sorted(r.result for r in results) == ["new", "skipped"]
    assert Article.objects.count() == 20
    assert len(httpserver.requests_to("/feed.xml")) == 1


def test_two_feeds_with_the_same_links_polled_at_once_make_one_article_per_link(httpserver):
    doc = rss([Item(f"https://news.example/{n}", f"Story {n}") for n in range(20)])
    first = FeedFactory(url=httpserver.route("/a.xml", body=doc))
    second = FeedFactory(url=httpserver.route("/b.xml", body=doc))
    results = race(lambda: poll_feed(first.pk), lambda: poll_feed(second.pk))
    assert all(not isinstance(r, Exception) for r in results), results
    assert sum(r.new for r in results) == 20
    assert Article.objects.count() == 20


def test_a_host_gets_one_request_at_a_time_across_workers(httpserver):
    active, peak = [0], [0]
    lock = threading.Lock()

    def slow(request):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.3)
        with lock:
            active[0] -= 1
        n = request.path.strip("/").split(".")[0]
        return Response(200, rss([Item(f"https://news.example/{n}", f"Story {n}")]))

    feeds = [FeedFactory(url=httpserver.route(f"/{n}.xml", handler=slow)) for n in range(3)]
    results = race(*[lambda f=f: poll_feed(f.pk) for f in feeds])
    assert [r.result for r in results] == ["new", "new", "new"]
    assert peak[0] == 1
