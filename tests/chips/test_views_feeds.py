"""The feeds page: every feed's health; refreshes itself with htmx polling."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory, FeedFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_it_shows_each_feeds_status_polls_errors_and_articles(client, db):
    ok = FeedFactory(title="Good feed", last_polled_at=timezone.now() - timedelta(minutes=5))
    ArticleFactory.create_batch(3, feed=ok)
    FeedFactory(title="Bad feed", error_count=4, last_error="HTTP 503 from server")
    page = client.get("/feeds/").content.decode()
    assert "Good feed" in page and "Bad feed" in page
    assert "HTTP 503 from server" in page
    assert (
        'data-label="Articles" class="num">3</td>' in page
        and 'data-label="Errors" class="num">4</td>' in page
    )
    assert page.index("Bad feed") < page.index("Good feed")  # failing first


def test_the_seeded_feeds_are_listed(client, seeded):
    page = client.get("/feeds/").content.decode()
    assert "Tom&#x27;s Hardware" in page and "never" in page


def test_it_polls_itself_every_30_seconds(client, db):
    page = client.get("/feeds/").content.decode()
    assert 'hx-trigger="every 30s"' in page


def test_the_poll_gets_only_the_table_which_keeps_polling(client, db):
    FeedFactory(title="Polled")
    response = client.get("/feeds/", **HTMX)
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="feed-table"') and "<html" not in page
    assert 'hx-trigger="every 30s"' in page and "Polled" in page
    assert "HX-Request" in response["Vary"]


def test_a_hostile_feed_title_shows_as_text(client, db):
    FeedFactory(title="<script>alert('feed')</script>", last_error="<b>boom</b>")
    page = client.get("/feeds/").content.decode()
    assert "<script>alert" not in page and "<b>boom" not in page
    assert "&lt;script&gt;alert(&#x27;feed&#x27;)&lt;/script&gt;" in page


def test_it_explains_having_no_feeds(client, db):
    assert "No feeds yet" in client.get("/feeds/").content.decode()


def test_the_feeds_page_runs_as_many_queries_with_more_feeds(count_queries, db):
    ArticleFactory()
    few = count_queries("/feeds/")
    for _ in range(10):
        ArticleFactory.create_batch(2, feed=FeedFactory(error_count=1, last_error="x"))
    assert count_queries("/feeds/") == few


def test_it_counts_each_feeds_fetched_awaiting_and_failed_analyses(client, db):
    feed = FeedFactory(title="Busy feed")
    ArticleFactory.create_batch(2, feed=feed, fetch_state="done", analysis_state="done")
    ArticleFactory(feed=feed, fetch_state="done", analysis_state="pending")
    ArticleFactory(feed=feed, fetch_state="failed", analysis_state="failed")
    ArticleFactory(feed=feed, fetch_state="pending", analysis_state="waiting")
    page = client.get("/feeds/").content.decode()
    assert 'data-label="Articles" class="num">5</td>' in page
    assert 'data-label="Fetched" class="num">3</td>' in page
    assert 'data-label="Awaiting analysis" class="num">1</td>' in page
    assert 'data-label="Analysis failed" class="num analysis-failed">1</td>' in page
