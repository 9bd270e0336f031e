"""Celery tasks and the beat sweep: ids in, due work queued once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from config.schedule import DEFAULT_PERIODIC_TASKS
from newsfeed import tasks
from newsfeed.analysing import requeue_after
from newsfeed.models import Article, Feed
from newsfeed.tasks import poll_due_feeds
from tests.factories import ArticleFactory, FeedFactory
from tests.newsfeed.feedkit import Item, rss

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    sent: dict[str, list[int]] = {"poll": [], "fetch": []}
    monkeypatch.setattr(tasks.poll_feed, "delay", sent["poll"].append)
    monkeypatch.setattr(tasks.fetch_article, "delay", sent["fetch"].append)
    return sent


def test_beat_polls_due_feeds_every_minute():
    entry = next(e for e in DEFAULT_PERIODIC_TASKS if e["name"] == "Poll due feeds")
    assert (entry["task"], entry["every_seconds"]) == ("newsfeed.poll_due_feeds", 60)
    assert tasks.poll_due_feeds.name == "newsfeed.poll_due_feeds"


def test_due_feeds_are_queued_once(queued, django_capture_on_commit_callbacks):
    due = FeedFactory(next_poll_at=None)
    FeedFactory(next_poll_at=timezone.now() + timedelta(hours=1))
    FeedFactory(next_poll_at=None, is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert poll_due_feeds() == {"feeds": 1, "pages": 0, "analyses": 0}
    with django_capture_on_commit_callbacks(execute=True):
        poll_due_feeds()  # the next beat, a minute later
    assert queued["poll"] == [due.pk]
    due.refresh_from_db()
    assert due.next_poll_at > timezone.now() + requeue_after() - timedelta(seconds=5)


def test_a_feed_being_polled_is_not_queued(queued, django_capture_on_commit_callbacks):
    FeedFactory(next_poll_at=None, claimed_until=timezone.now() + timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        poll_due_feeds()
    assert queued["poll"] == []


def test_due_page_retries_and_pages_left_by_a_crash_are_queued(
    queued, django_capture_on_commit_callbacks
):
    due = ArticleFactory(fetch_state="pending", next_fetch_at=timezone.now())
    ArticleFactory(fetch_state="pending", next_fetch_at=timezone.now() + timedelta(hours=1))
    ArticleFactory(fetch_state="done", next_fetch_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert poll_due_feeds(now=timezone.now() + timedelta(seconds=1))["pages"] == 1
    assert queued["fetch"] == [due.pk]


def test_the_poll_task_takes_an_id_and_queues_pages(
    httpserver, allow_loopback, queued, django_capture_on_commit_callbacks
):
    doc = rss([Item(httpserver.url("/news/1"), "One")])
    feed = FeedFactory(url=httpserver.route("/feed.xml", body=doc))
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.poll_feed(feed.pk)
    assert result["result"] == "new" and result["new"] == 1
    assert queued["fetch"] == [Article.objects.get().pk]
    assert Feed.objects.get().last_status == 200


def test_the_fetch_task_takes_an_id(httpserver, allow_loopback):
    article = ArticleFactory(
        url=httpserver.route("/news/1", status=404), fetch_state="pending", text=""
    )
    result = tasks.fetch_article(article.pk)
    assert result["result"] == "failed"
    assert tasks.fetch_article(article.pk)["result"] == "skipped"  # safe to run twice


def test_the_fetch_task_analyses_the_page_it_stored_itself_without_queueing_a_message(
    httpserver, allow_loopback, monkeypatch, django_capture_on_commit_callbacks
):
    from newsfeed import analysing
    from tests.newsfeed.feedkit import page, story

    analysed: list[int] = []
    monkeypatch.setattr(analysing, "_analyser", analysed.append)
    sent: list[int] = []
    monkeypatch.setattr(tasks.analyse_article, "delay", sent.append)
    url = httpserver.route("/news/1", body=page("Story 1", story(1)))
    article = ArticleFactory(url=url, fetch_state="pending", text="", analysis_state="waiting")
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.fetch_article(article.pk)["result"] == "done"
    article.refresh_from_db()
    assert analysed == [article.pk]
    assert sent == []
    assert article.analysis_state == Article.AnalysisState.DONE
