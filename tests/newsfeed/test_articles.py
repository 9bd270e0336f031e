"""Article pages: fetched once with the guarded client, extracted, deduplicated, announced."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from newsfeed import tasks
from newsfeed.fetching import Fetcher
from newsfeed.models import Article, FetchLog
from newsfeed.signals import article_ready
from newsfeed.tasks import fetch_article_now, poll_feed_now
from tests.factories import FeedFactory
from tests.httpserver import Response
from tests.newsfeed.feedkit import LOREM, Item, page, rss, story

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("allow_loopback")]


@pytest.fixture
def announced():
    ids: list[int] = []

    def receiver(sender, article_id, inline, **kwargs):
        ids.append(article_id)

    article_ready.connect(receiver, dispatch_uid="test-announced")
    yield ids
    article_ready.disconnect(dispatch_uid="test-announced")


def serve_story(server, path: str, n: int, **kwargs) -> str:
    return server.route(path, body=page(f"Story {n}", story(n), **kwargs),
                        headers={"Content-Type": "text/html; charset=utf-8"})  # fmt: skip


def test_a_new_article_gets_its_page_text_inline(httpserver, announced):
    link = serve_story(httpserver, "/news/1", 1)
    feed = FeedFactory(url=httpserver.route("/feed.xml", body=rss([Item(link, "Story 1")])))
    outcome = poll_feed_now(feed.pk)
    article = Article.objects.get()
    assert outcome.pages_fetched == 1
    assert article.fetch_state == "done"
    assert "entered volume production" in article.text
    assert "Subscribe to our newsletter" not in article.text
    assert announced == [article.pk]
    assert httpserver.requests_to("/news/1")[0].header("accept").startswith("text/html")


def test_a_page_is_never_fetched_twice_once_done(httpserver):
    link = serve_story(httpserver, "/news/1", 1)
    feed = FeedFactory(url=httpserver.route("/feed.xml", body=rss([Item(link, "Story 1")])))
    poll_feed_now(feed.pk)
    article = Article.objects.get()
    assert fetch_article_now(article.pk).result == "skipped"
    poll_feed_now(feed.pk)
    assert len(httpserver.requests_to("/news/1")) == 1


def test_a_failed_page_keeps_the_feed_summary_and_is_retried_later(httpserver, announced):
    link = httpserver.route("/news/1", status=500)
    feed = FeedFactory(url=httpserver.route("/feed.xml", body=rss([Item(link, "Story 1")])))
    poll_feed_now(feed.pk)
    article = Article.objects.get()
    assert (article.fetch_state, article.fetch_attempts) == ("pending", 1)
    assert article.body == LOREM
    assert article.next_fetch_at > timezone.now() + timedelta(minutes=4)
    assert "HTTP 500" in article.fetch_error
    assert announced == [article.pk]  # analysed with the summary meanwhile
    assert FetchLog.objects.get(article=article).outcome == "http_error"


def test_page_retries_are_bounded(httpserver):
    link = httpserver.route("/news/1", status=503)
    feed = FeedFactory(url=httpserver.route("/feed.xml", body=rss([Item(link, "Story 1")])))
    poll_feed_now(feed.pk)
    article = Article.objects.get()
    for _ in range(5):
        Article.objects.filter(pk=article.pk).update(next_fetch_at=timezone.now())
        fetch_article_now(article.pk)
    article.refresh_from_db()
    assert (article.fetch_state, article.fetch_attempts) == ("failed", 4)
    assert len(httpserver.requests_to("/news/1")) == 4


def test_a_retry_that_succeeds_fills_the_text(httpserver):
    link = httpserver.route(
        "/news/1",
        responses=[Response(502), Response(200, page("Story 1", story(1)))],
    )
    feed = FeedFactory(url=httpserver.route("/feed.xml", body=rss([Item(link, "Story 1")])))
    poll_feed_now(feed.pk)
    article = Article.objects.get()
    Article.objects.filter(pk=article.pk).update(next_fetch_at=timezone.now())
    assert fetch_article_now(article.pk).result == "done"
    article.refresh_from_db()
    assert article.fetch_state == "done" and "volume production" in article.text


def public_resolver(host: str, port: int) -> list[str]:
    """Name resolution stubbed: every name is a public (TEST-NET) address."""
    return ["127.0.0.1"] if host == "127.0.0.1" else ["203.0.113.7"]


def test_a_page_elsewhere_is_refused_by_the_loopback_guard_and_recorded(httpserver):
    doc = rss([Item("https://www.reuters.example/technology/chips-1", "Elsewhere")])
    feed = FeedFactory(url=httpserver.route("/feed.xml", body=doc))
    with Fetcher(resolver=public_resolver) as fetcher:
        poll_feed_now(feed.pk, fetcher=fetcher)
    article = Article.objects.get()
    assert article.fetch_state == "failed"  # a refusal will not clear by retrying
    assert "FETCH_LOOPBACK_ONLY" in article.fetch_error
    assert FetchLog.objects.get(article=article).outcome == "refused"
    assert article.body == LOREM


def test_the_pages_canonical_url_is_honoured(httpserver):
    canonical = httpserver.url("/news/the-story")
    link = serve_story(httpserver, "/amp/1", 1, canonical=canonical + "?utm_source=x")
    feed = FeedFactory(url=httpserver.route("/feed.xml", body=rss([Item(link, "Story 1")])))
    poll_feed_now(feed.pk)
    assert Article.objects.get().canonical_url == canonical


def test_a_page_whose_canonical_url_is_known_becomes_a_copy(httpserver):
    canonical = serve_story(httpserver, "/news/1", 1)
    other = serve_story(httpserver, "/mirror/1", 1, canonical=canonical)
    first = FeedFactory(url=httpserver.route("/a.xml", body=rss([Item(canonical, "Story 1")])))
    second = FeedFactory(url=httpserver.route("/b.xml", body=rss([Item(other, "Mirror")])))
    poll_feed_now(first.pk)
    poll_feed_now(second.pk)
    original = Article.objects.get(url=canonical)
    copy = Article.objects.get(url=other)
    assert copy.duplicate_of == original


def test_the_same_story_in_two_feeds_is_linked_not_duplicated(httpserver, announced):
    summary = " ".join(story(7))
    wire = serve_story(httpserver, "/wire/7", 7)
    partner = serve_story(httpserver, "/partner/7", 7)
    first = FeedFactory(
        url=httpserver.route("/wire.xml", body=rss([Item(wire, "Story 7", summary=summary)]))
    )
    second = FeedFactory(
        url=httpserver.route("/partner.xml", body=rss([Item(partner, "Story 7", summary=summary)]))
    )
    poll_feed_now(first.pk)
    poll_feed_now(second.pk)
    original = Article.objects.get(feed=first)
    copy = Article.objects.get(feed=second)
    assert copy.duplicate_of == original
    assert list(Article.objects.originals()) == [original]
    assert list(original.copies.all()) == [copy]  # "also reported by"
    assert copy.fetch_state == "skipped" and httpserver.requests_to("/partner/7") == []
    assert announced == [original.pk]


def test_the_same_link_in_two_feeds_is_one_article(httpserver):
    link = serve_story(httpserver, "/news/1", 1)
    doc = rss([Item(link, "Story 1")])
    first = FeedFactory(url=httpserver.route("/a.xml", body=doc))
    second = FeedFactory(url=httpserver.route("/b.xml", body=doc))
    poll_feed_now(first.pk)
    poll_feed_now(second.pk)
    assert Article.objects.count() == 1
    assert len(httpserver.requests_to("/news/1")) == 1


def test_in_a_worker_new_pages_are_queued_after_commit(
    httpserver, django_capture_on_commit_callbacks, monkeypatch
):
    queued: list[int] = []
    monkeypatch.setattr("newsfeed.tasks.fetch_article.delay", queued.append)
    link = serve_story(httpserver, "/news/1", 1)
    feed = FeedFactory(url=httpserver.route("/feed.xml", body=rss([Item(link, "Story 1")])))
    with django_capture_on_commit_callbacks(execute=True):
        tasks.poll_feed(feed.pk)
    assert queued == [Article.objects.get().pk]
    assert httpserver.requests_to("/news/1") == []
