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


OFFLINE_ERROR = "Network error: cannot resolve {}: [Errno -2] Name or service not known"


def test_a_failing_feed_says_what_went_wrong_in_words(client, db):
    FeedFactory(title="Offline", error_count=1, last_error=OFFLINE_ERROR.format("news.example"))
    FeedFactory(title="Fine")
    page = client.get("/feeds/").content.decode()
    assert "name not found: news.example does not exist" in page
    # The fetcher's own words stay at hand, as the message's tooltip only.
    assert page.count("[Errno -2]") == 1
    assert 'title="Network error: cannot resolve news.example: [Errno -2]' in page
    assert "feed-problem" not in page  # one working feed: the machine is online


def test_one_banner_when_every_feed_fails_the_same_way(client, db):
    for n in range(3):
        FeedFactory(error_count=2, last_error=OFFLINE_ERROR.format(f"site{n}.example"))
    FeedFactory(error_count=0, is_active=False)  # paused feeds do not count
    for page in (client.get("/feeds/"), client.get("/feeds/", **HTMX), client.get("/")):
        text = page.content.decode()
        assert text.count('class="error feed-problem"') == 1
        assert "cannot reach the internet from this machine" in text


def test_every_feed_refused_as_private_tells_how_to_follow_local_feeds(client, db):
    refused = "Refused: 127.0.0.1 is a loopback address (set FETCH_ALLOW_PRIVATE to allow)"
    FeedFactory.create_batch(2, error_count=1, last_error=refused)
    page = client.get("/").content.decode()
    assert "Set FETCH_ALLOW_PRIVATE=1 to follow local feeds." in page


def test_a_first_run_with_local_feeds_refused_shows_how_to_allow_them(client, db, settings):
    # End to end through the real fetcher: loopback feeds are refused (as on a machine
    # without FETCH_ALLOW_PRIVATE) before any connection is made.
    import io

    from django.core.management import call_command

    settings.FETCH_ALLOW_PRIVATE = False
    FeedFactory(url="http://127.0.0.1:9/a.xml", title="Local A")
    FeedFactory(url="http://127.0.0.1:9/b.xml", title="Local B")
    call_command("pollfeeds", "--all", stdout=io.StringIO())
    feeds = client.get("/feeds/").content.decode()
    assert feeds.count("refused: private address — set FETCH_ALLOW_PRIVATE for local feeds") == 2
    assert "Set FETCH_ALLOW_PRIVATE=1 to follow local feeds." in feeds
    assert "Set FETCH_ALLOW_PRIVATE=1 to follow local feeds." in client.get("/").content.decode()
