"""A story in two feeds belongs to both: one article, carried by each feed that has it."""

from __future__ import annotations

import pytest

from newsfeed.exporting import article_queryset, article_record
from newsfeed.ingest import poll_feed
from newsfeed.models import Article, Feed, FeedEntry
from tests.factories import FeedFactory
from tests.newsfeed.feedkit import Item, rss

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("allow_loopback")]


def two_feeds_with_one_shared_story(server) -> tuple[Feed, Feed]:
    shared = Item("https://news.example/shared", "Both feeds have this")
    first = FeedFactory(url=server.route("/a.xml", body=rss([shared])))
    retold = Item(shared.link, "Retitled by B", summary="B's own summary", guid="urn:example:b-1")
    own = Item("https://news.example/only-b", "Only in B")
    second = FeedFactory(url=server.route("/b.xml", body=rss([retold, own])))
    return first, second


def test_the_second_feed_carries_the_story_the_first_one_brought(httpserver):
    first, second = two_feeds_with_one_shared_story(httpserver)
    assert poll_feed(first.pk).new == 1
    assert poll_feed(second.pk).new == 1  # only its own story is new

    shared = Article.objects.get(url="https://news.example/shared")
    assert Article.objects.count() == 2  # one row per story
    assert shared.feed == first  # the first feed stays the article's feed
    assert set(shared.feeds.all()) == {first, second}
    assert FeedEntry.objects.get(feed=second, article=shared).entry_id == "urn:example:b-1"
    counts = dict(Feed.objects.with_article_counts().values_list("pk", "article_count"))
    assert counts == {first.pk: 1, second.pk: 2}


def test_polling_again_adds_nothing_and_the_second_feed_does_not_rewrite_the_story(httpserver):
    first, second = two_feeds_with_one_shared_story(httpserver)
    poll_feed(first.pk)
    for _ in range(2):
        Feed.objects.update(next_poll_at=None, etag="", last_modified="")
        assert poll_feed(second.pk).new in (0, 1)
    assert FeedEntry.objects.filter(feed=second).count() == 2
    shared = Article.objects.get(url="https://news.example/shared")
    assert (shared.title, shared.summary) != ("Retitled by B", "B's own summary")


def test_the_export_keeps_the_first_feed_and_lists_every_feed(httpserver):
    first, second = two_feeds_with_one_shared_story(httpserver)
    poll_feed(first.pk)
    poll_feed(second.pk)
    records = {r["url"]: r for r in map(article_record, article_queryset())}
    shared = records["https://news.example/shared"]
    assert shared["feed_url"] == first.url
    assert shared["feed_urls"] == [first.url, second.url]
    assert records["https://news.example/only-b"]["feed_urls"] == [second.url]


def test_a_new_article_is_carried_by_its_own_feed():
    feed = FeedFactory()
    article = Article.objects.create(feed=feed, url="https://news.example/x", title="X")
    assert list(article.feeds.all()) == [feed]
