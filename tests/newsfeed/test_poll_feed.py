"""Polling one feed against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import gzip
from datetime import timedelta

import pytest
from django.utils import timezone

from newsfeed.ingest import poll_feed
from newsfeed.models import Article, Feed, FetchLog, Host
from tests.factories import FeedFactory
from tests.httpserver import Response, closed_port
from tests.newsfeed.feedkit import Item, rss

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("allow_loopback")]

DOC = rss([Item("https://news.example/a", "First"), Item("https://news.example/b", "Second")])


def poll(feed: Feed):
    # Article pages point at news.example: the loopback-only guard refuses them.
    return poll_feed(feed.pk)


def test_a_first_poll_stores_the_entries(httpserver):
    feed = FeedFactory(url=httpserver.route("/feed.xml", body=DOC))
    outcome = poll(feed)
    assert outcome.result == "new" and outcome.new == 2
    assert set(Article.objects.values_list("url", flat=True)) == {
        "https://news.example/a",
        "https://news.example/b",
    }


def test_it_sends_a_user_agent_naming_chipwatch(httpserver):
    feed = FeedFactory(url=httpserver.route("/feed.xml", body=DOC))
    poll(feed)
    assert "ChipWatch" in httpserver.requests[0].header("user-agent")


def test_etag_and_last_modified_are_stored_and_sent_back(httpserver):
    headers = {"ETag": '"v1"', "Last-Modified": "Mon, 05 Jan 2026 10:00:00 GMT"}
    url = httpserver.route(
        "/feed.xml",
        responses=[Response(200, DOC, headers), Response(304, b"", {"ETag": '"v1"'})],
    )
    feed = FeedFactory(url=url)
    poll(feed)
    feed.refresh_from_db()
    assert (feed.etag, feed.last_modified) == (headers["ETag"], headers["Last-Modified"])
    poll(feed)
    second = httpserver.requests[1]
    assert second.header("if-none-match") == '"v1"'
    assert second.header("if-modified-since") == "Mon, 05 Jan 2026 10:00:00 GMT"


def test_a_304_costs_no_parsing_and_no_articles(httpserver, monkeypatch):
    url = httpserver.route(
        "/feed.xml", responses=[Response(200, DOC, {"ETag": '"v1"'}), Response(304)]
    )
    feed = FeedFactory(url=url)
    poll(feed)

    def must_not_parse(*args, **kwargs):
        raise AssertionError("parsed a 304")

    monkeypatch.setattr("newsfeed.polling.parse_feed", must_not_parse)
    outcome = poll(feed)
    assert (outcome.result, outcome.status) == ("unchanged", 304)
    assert Article.objects.count() == 2
    assert FetchLog.objects.filter(feed=feed).latest_first().first().outcome == "not_modified"


def test_a_success_schedules_the_next_poll_within_the_interval_and_jitter(httpserver):
    feed = FeedFactory(url=httpserver.route("/feed.xml", body=DOC))
    before = timezone.now()
    poll(feed)
    feed.refresh_from_db()
    assert before + timedelta(minutes=15) <= feed.next_poll_at
    assert feed.next_poll_at <= timezone.now() + timedelta(minutes=16.5)


def test_a_long_cache_control_max_age_postpones_the_next_poll(httpserver):
    url = httpserver.route("/feed.xml", body=DOC, headers={"Cache-Control": "max-age=7200"})
    feed = FeedFactory(url=url)
    poll(feed)
    feed.refresh_from_db()
    assert feed.next_poll_at >= timezone.now() + timedelta(minutes=119)


def test_a_permanent_redirect_seen_on_two_polls_updates_the_url(httpserver):
    new_url = httpserver.route("/new.xml", body=DOC)
    old_url = httpserver.route("/old.xml", status=301, headers={"Location": "/new.xml"})
    feed = FeedFactory(url=old_url)
    poll(feed)
    feed.refresh_from_db()
    assert feed.url == old_url and feed.redirect_url == new_url
    poll(feed)
    feed.refresh_from_db()
    assert feed.url == new_url


def test_a_temporary_redirect_keeps_the_url(httpserver):
    httpserver.route("/new.xml", body=DOC)
    old_url = httpserver.route("/old.xml", status=302, headers={"Location": "/new.xml"})
    feed = FeedFactory(url=old_url)
    poll(feed)
    poll(feed)
    feed.refresh_from_db()
    assert feed.url == old_url and Article.objects.count() == 2


def test_410_gone_deactivates_the_feed(httpserver):
    feed = FeedFactory(url=httpserver.route("/feed.xml", status=410))
    outcome = poll(feed)
    feed.refresh_from_db()
    assert outcome.result == "gone"
    assert (feed.is_active, feed.status) == (False, "gone")
    assert feed.gone_at is not None


def test_a_server_error_backs_off_with_the_error_kept(httpserver):
    feed = FeedFactory(url=httpserver.route("/feed.xml", status=500))
    poll(feed)
    feed.refresh_from_db()
    first_delay = feed.next_poll_at - timezone.now()
    assert (feed.error_count, feed.status, feed.last_status) == (1, "error", 500)
    assert "HTTP 500" in feed.last_error
    Feed.objects.filter(pk=feed.pk).update(next_poll_at=None)
    poll(feed)
    feed.refresh_from_db()
    assert feed.error_count == 2
    assert feed.next_poll_at - timezone.now() > first_delay * 1.5


def test_a_success_resets_the_errors(httpserver):
    url = httpserver.route("/feed.xml", responses=[Response(500), Response(200, DOC)])
    feed = FeedFactory(url=url)
    poll(feed)
    poll(feed)
    feed.refresh_from_db()
    assert (feed.error_count, feed.last_error, feed.status) == (0, "", "ok")


def test_429_with_retry_after_pauses_every_feed_on_the_host(httpserver):
    limited = FeedFactory(
        url=httpserver.route("/a.xml", status=429, headers={"Retry-After": "600"})
    )
    neighbour = FeedFactory(url=httpserver.route("/b.xml", body=DOC))
    poll(limited)
    host = Host.objects.get(name=Host.name_for(limited.url))
    assert host.paused_until >= timezone.now() + timedelta(minutes=9)
    limited.refresh_from_db()
    assert limited.next_poll_at >= host.paused_until - timedelta(seconds=1)

    outcome = poll(neighbour)
    assert outcome.result == "deferred"
    assert httpserver.requests_to("/b.xml") == []
    neighbour.refresh_from_db()
    assert neighbour.next_poll_at == host.paused_until


def test_503_with_retry_after_retries_then(httpserver):
    feed = FeedFactory(
        url=httpserver.route("/feed.xml", status=503, headers={"Retry-After": "120"})
    )
    poll(feed)
    feed.refresh_from_db()
    delay = feed.next_poll_at - timezone.now()
    assert timedelta(seconds=100) < delay <= timedelta(seconds=121)


def test_a_slow_server_times_out_and_is_recorded(httpserver, settings):
    settings.FETCH_TIMEOUT = 0.3
    feed = FeedFactory(url=httpserver.route("/feed.xml", body=DOC, delay=3))
    outcome = poll(feed)
    feed.refresh_from_db()
    assert outcome.result == "failed"
    assert feed.last_error.startswith("Timed out: no data from the server")
    assert FetchLog.objects.get(feed=feed).outcome == "timeout"


def test_an_oversized_body_is_cut_and_recorded(httpserver, settings):
    settings.FETCH_MAX_BYTES = 10_000
    feed = FeedFactory(url=httpserver.route("/feed.xml", body=[b"x" * 4096] * 10))
    poll(feed)
    feed.refresh_from_db()
    assert "too large" in feed.last_error.lower()
    assert FetchLog.objects.get(feed=feed).outcome == "too_large"


def test_a_gzip_bomb_is_refused_without_inflating_it(httpserver, settings):
    settings.FETCH_MAX_BYTES = 100_000
    bomb = gzip.compress(b"\0" * 50_000_000)
    url = httpserver.route("/feed.xml", body=bomb, headers={"Content-Encoding": "gzip"})
    feed = FeedFactory(url=url)
    poll(feed)
    feed.refresh_from_db()
    assert len(bomb) < 100_000
    assert FetchLog.objects.get(feed=feed).outcome == "too_large"
    assert feed.error_count == 1


def test_a_redirect_loop_is_recorded(httpserver):
    url = httpserver.route("/a.xml", status=302, headers={"Location": "/b.xml"})
    httpserver.route("/b.xml", status=302, headers={"Location": "/a.xml"})
    feed = FeedFactory(url=url)
    poll(feed)
    feed.refresh_from_db()
    assert "redirect" in feed.last_error.lower()
    assert FetchLog.objects.get(feed=feed).outcome == "redirect_error"


def test_a_private_address_is_refused_without_the_setting(httpserver, settings):
    settings.FETCH_ALLOW_PRIVATE = False
    feed = FeedFactory(url=httpserver.route("/feed.xml", body=DOC))
    poll(feed)
    feed.refresh_from_db()
    log = FetchLog.objects.get(feed=feed)
    assert httpserver.requests == []
    assert "loopback address" in feed.last_error and "FETCH_ALLOW_PRIVATE" in feed.last_error
    assert (log.outcome, log.message) == ("refused", feed.last_error)
    assert feed.last_error.startswith("Refused: 127.0.0.1")


def test_an_unreachable_server_is_explained_once_not_twice():
    feed = FeedFactory(url=f"http://127.0.0.1:{closed_port()}/feed.xml")
    poll(feed)
    feed.refresh_from_db()
    assert feed.last_error.startswith("Network error: ")
    assert "network:" not in feed.last_error


def test_malformed_xml_that_is_no_feed_is_a_recorded_failure(httpserver):
    url = httpserver.route(
        "/feed.xml", body=b"<<<this is not xml", headers={"Content-Type": "text/xml"}
    )
    feed = FeedFactory(url=url)
    outcome = poll(feed)
    feed.refresh_from_db()
    assert outcome.result == "failed"
    assert feed.last_error.startswith("not a feed")
    assert FetchLog.objects.get(feed=feed).outcome == "parse_error"


def test_a_bozo_feed_with_entries_succeeds_and_records_the_problem(httpserver):
    broken = DOC.replace(b"</channel></rss>", b"<unclosed>")
    feed = FeedFactory(url=httpserver.route("/feed.xml", body=broken))
    outcome = poll(feed)
    feed.refresh_from_db()
    assert outcome.new == 2 and feed.status == "ok"
    assert feed.parse_problem


def test_the_fetch_log_keeps_only_the_recent_rows(httpserver, monkeypatch):
    monkeypatch.setattr(FetchLog, "KEEP_PER_FEED", 3)
    feed = FeedFactory(url=httpserver.route("/feed.xml", status=500))
    for _ in range(5):
        Feed.objects.filter(pk=feed.pk).update(next_poll_at=None)
        poll(feed)
    assert FetchLog.objects.filter(feed=feed).count() == 3


def test_a_feed_being_polled_elsewhere_is_skipped(httpserver):
    feed = FeedFactory(url=httpserver.route("/feed.xml", body=DOC))
    Feed.objects.filter(pk=feed.pk).update(claimed_until=timezone.now() + timedelta(minutes=5))
    assert poll(feed).result == "skipped"
    assert httpserver.requests == []


def test_an_expired_lease_of_a_crashed_worker_is_taken_over(httpserver):
    feed = FeedFactory(url=httpserver.route("/feed.xml", body=DOC))
    Feed.objects.filter(pk=feed.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert poll(feed).result == "new"
    feed.refresh_from_db()
    assert feed.claimed_until is None


def test_a_second_poll_of_the_same_entries_adds_nothing(httpserver):
    feed = FeedFactory(url=httpserver.route("/feed.xml", body=DOC))
    poll(feed)
    outcome = poll(feed)
    assert (outcome.result, outcome.new) == ("unchanged", 0)
    assert Article.objects.count() == 2


def test_an_edited_entry_updates_its_article(httpserver):
    edited = rss([Item("https://news.example/a", "First, corrected")])
    url = httpserver.route("/feed.xml", responses=[Response(200, DOC), Response(200, edited)])
    feed = FeedFactory(url=url)
    poll(feed)
    poll(feed)
    assert Article.objects.get(url="https://news.example/a").title == "First, corrected"


def test_tracking_parameters_do_not_make_a_second_article(httpserver):
    doc = rss(
        [
            Item("https://news.example/a?utm_source=rss&utm_medium=feed", "A", guid="1"),
            Item("https://NEWS.example/a#comments", "A again", guid="2"),
        ]
    )
    feed = FeedFactory(url=httpserver.route("/feed.xml", body=doc))
    poll(feed)
    assert list(Article.objects.values_list("url", flat=True)) == ["https://news.example/a"]


def test_the_feeds_own_ttl_postpones_the_next_poll(httpserver):
    doc = rss([Item("https://news.example/a", "First")], ttl=180)
    feed = FeedFactory(url=httpserver.route("/feed.xml", body=doc))
    poll(feed)
    feed.refresh_from_db()
    assert feed.next_poll_at >= timezone.now() + timedelta(minutes=179)


def test_an_absurd_expires_is_clamped_to_a_day(httpserver):
    url = httpserver.route(
        "/feed.xml", body=DOC, headers={"Expires": "Fri, 01 Jan 2100 00:00:00 GMT"}
    )
    feed = FeedFactory(url=url)
    poll(feed)
    feed.refresh_from_db()
    assert feed.next_poll_at <= timezone.now() + timedelta(hours=24 * 1.1)
