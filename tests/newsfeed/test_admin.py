"""The feed admin: status, polling fields, counts without N+1, actions, fetch log."""

from __future__ import annotations

import pytest
from django.urls import reverse

from newsfeed import tasks
from newsfeed.models import FetchLog
from tests.factories import ArticleFactory, FeedFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:newsfeed_feed_changelist"


def make_feeds(n: int) -> None:
    for i in range(n):
        feed = FeedFactory(error_count=i % 2, last_error="HTTP 500" if i % 2 else "")
        ArticleFactory.create_batch(2, feed=feed)


def test_the_feed_list_shows_status_errors_and_article_counts(admin_client):
    feed = FeedFactory(title="Chip wire", error_count=3, last_error="HTTP 503 Service Unavailable")
    ArticleFactory.create_batch(2, feed=feed)
    page = admin_client.get(reverse(CHANGELIST)).content.decode()
    assert "Chip wire" in page and "Failing" in page
    assert "HTTP 503 Service Unavailable" in page


def test_the_feed_list_costs_the_same_queries_for_more_feeds(
    admin_client, django_assert_max_num_queries
):
    make_feeds(2)
    admin_client.get(reverse(CHANGELIST))  # warm the session and permissions caches
    with django_assert_max_num_queries(12) as few:
        admin_client.get(reverse(CHANGELIST))
    make_feeds(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        admin_client.get(reverse(CHANGELIST))


def test_the_status_filter_finds_failing_feeds(admin_client):
    FeedFactory(title="Healthy")
    FeedFactory(title="Broken", error_count=2)
    page = admin_client.get(reverse(CHANGELIST), {"status": "error"}).content.decode()
    assert "Broken" in page and "Healthy" not in page


def test_poll_now_queues_a_poll(admin_client, monkeypatch):
    queued: list[int] = []
    monkeypatch.setattr(tasks.poll_feed, "delay", queued.append)
    feed = FeedFactory()
    admin_client.post(reverse(CHANGELIST), {"action": "poll_now", "_selected_action": [feed.pk]})
    assert queued == [feed.pk]


def test_reset_errors_clears_them(admin_client):
    feed = FeedFactory(error_count=4, last_error="HTTP 500")
    admin_client.post(
        reverse(CHANGELIST), {"action": "reset_errors", "_selected_action": [feed.pk]}
    )
    feed.refresh_from_db()
    assert (feed.error_count, feed.last_error, feed.status) == (0, "", "ok")


def test_the_feed_page_shows_its_recent_fetches(admin_client):
    feed = FeedFactory()
    FetchLog.objects.create(
        feed=feed, url=feed.url, outcome="refused", message="127.0.0.1 is a loopback address"
    )
    page = admin_client.get(reverse("admin:newsfeed_feed_change", args=[feed.pk]))
    assert "127.0.0.1 is a loopback address" in page.content.decode()


def test_the_host_admin_lists_hosts(admin_client):
    from newsfeed.models import Host

    Host.objects.create(name="news.example")
    assert (
        "news.example"
        in admin_client.get(reverse("admin:newsfeed_host_changelist")).content.decode()
    )


ARTICLES = "admin:newsfeed_article_changelist"


def test_articles_are_listed_and_filtered_by_analysis_state_with_the_error(admin_client):
    ArticleFactory(title="Analysed fine", analysis_state="done")
    ArticleFactory(title="Broke the tagger", analysis_state="failed", analysis_error="KeyError: x")
    page = admin_client.get(reverse(ARTICLES), {"analysis_state__exact": "failed"}).content
    page = page.decode()
    assert "Broke the tagger" in page and "KeyError: x" in page
    assert "Analysed fine" not in page


def test_analyse_again_makes_failed_articles_pending_and_queues_them(
    admin_client, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(tasks.analyse_article, "delay", queued.append)
    article = ArticleFactory(analysis_state="failed", analysis_attempts=5, analysis_error="boom")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse(ARTICLES), {"action": "analyse_again", "_selected_action": [article.pk]}
        )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.analysis_state, article.analysis_attempts, article.analysis_error) == (
        "pending",
        0,
        "",
    )
    assert queued == [article.pk]


def test_a_feeds_article_count_links_to_every_article_it_carried(admin_client):
    from newsfeed.models import FeedEntry

    first, second = FeedFactory(title="First"), FeedFactory(title="Second")
    shared = ArticleFactory(feed=first, title="Story in both feeds")
    ArticleFactory(feed=first, title="Only in the first")
    FeedEntry.objects.create(feed=second, article=shared)
    feeds = admin_client.get(reverse(CHANGELIST)).content.decode()
    assert f'?carried_by={second.pk}">1</a>' in feeds
    page = admin_client.get(reverse(ARTICLES), {"carried_by": second.pk}).content.decode()
    assert "Story in both feeds" in page and "Only in the first" not in page
