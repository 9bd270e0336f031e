"""The pure polling decisions: no HTTP, no database."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from newsfeed import polling

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
FIFTEEN = timedelta(minutes=15)


class NoJitter(random.Random):
    def random(self) -> float:
        return 0.0


class FullJitter(random.Random):
    def random(self) -> float:
        return 0.999999


def test_it_polls_again_after_the_interval():
    assert polling.next_poll_delay(FIFTEEN, rng=NoJitter()) == FIFTEEN


def test_it_adds_at_most_ten_percent_jitter():
    delay = polling.next_poll_delay(FIFTEEN, rng=FullJitter())
    assert FIFTEEN < delay <= FIFTEEN * 1.1


def test_it_honours_a_longer_ttl():
    assert polling.next_poll_delay(FIFTEEN, ttl=timedelta(hours=2), rng=NoJitter()) == timedelta(
        hours=2
    )


def test_it_clamps_freshness_to_a_day():
    delay = polling.next_poll_delay(FIFTEEN, freshness=timedelta(days=9), rng=NoJitter())
    assert delay == timedelta(hours=24)


def test_it_never_polls_more_often_than_every_five_minutes():
    assert polling.next_poll_delay(timedelta(seconds=10), rng=NoJitter()) == timedelta(minutes=5)


def test_it_reads_cache_control_max_age():
    headers = {"Cache-Control": "public, max-age=3600"}
    assert polling.freshness_from_headers(headers, NOW) == timedelta(hours=1)


def test_it_reads_expires_when_there_is_no_max_age():
    headers = {"Expires": "Mon, 05 Jan 2026 14:00:00 GMT"}
    assert polling.freshness_from_headers(headers, NOW) == timedelta(hours=2)


def test_it_ignores_a_malformed_expires():
    assert polling.freshness_from_headers({"Expires": "soon-ish"}, NOW) is None


def test_backoff_doubles_per_failure():
    delays = [polling.backoff_delay(FIFTEEN, n, rng=NoJitter()) for n in (1, 2, 3)]
    assert delays == [FIFTEEN, FIFTEEN * 2, FIFTEEN * 4]


def test_backoff_is_capped_at_a_day():
    assert polling.backoff_delay(FIFTEEN, 40, rng=FullJitter()) == timedelta(days=1)


def test_permanent_errors_back_off_faster():
    transient = polling.backoff_delay(FIFTEEN, 1, rng=NoJitter())
    permanent = polling.backoff_delay(FIFTEEN, 1, grade=polling.PERMANENT, rng=NoJitter())
    assert permanent == transient * 4


def test_retry_after_seconds():
    assert polling.retry_after_delay("120", NOW) == timedelta(minutes=2)


def test_retry_after_http_date():
    assert polling.retry_after_delay("Mon, 05 Jan 2026 13:00:00 GMT", NOW) == timedelta(hours=1)


def test_retry_after_is_bounded():
    assert polling.retry_after_delay("1", NOW) == polling.MIN_RETRY_AFTER
    assert polling.retry_after_delay("99999999", NOW) == polling.MAX_RETRY_AFTER
    assert polling.retry_after_delay("garbage", NOW) is None


def test_a_permanent_redirect_seen_once_is_not_adopted():
    decision = polling.permanent_redirect_decision("https://new.example/feed", "", 0)
    assert not decision.adopt
    assert decision.pending_url == "https://new.example/feed"


def test_a_permanent_redirect_seen_twice_in_a_row_is_adopted():
    decision = polling.permanent_redirect_decision(
        "https://new.example/feed", "https://new.example/feed", 1
    )
    assert decision.adopt


def test_a_poll_without_redirect_forgets_the_pending_one():
    decision = polling.permanent_redirect_decision(None, "https://new.example/feed", 1)
    assert (decision.adopt, decision.pending_url, decision.count) == (False, "", 0)


def test_a_different_target_starts_counting_again():
    decision = polling.permanent_redirect_decision("https://b.example/", "https://a.example/", 1)
    assert not decision.adopt and decision.count == 1


def test_errors_are_graded():
    assert polling.grade_status(404) == polling.PERMANENT
    assert polling.grade_status(500) == polling.TRANSIENT
    assert polling.grade_fetch_error("refused") == polling.PERMANENT
    assert polling.grade_fetch_error("timeout") == polling.TRANSIENT


def test_status_messages_explain_themselves():
    assert polling.describe_status(404) == (
        "HTTP 404 Not Found (the feed URL no longer exists; check it)"
    )


def test_entry_change():
    fields = ("title", "summary")
    stored = {"title": "A", "summary": "s"}
    change = polling.EntryChange
    assert polling.entry_change(None, stored, fields) == change.NEW
    assert polling.entry_change(stored, {"title": "A", "summary": "s"}, fields) == change.UNCHANGED
    assert polling.entry_change(stored, {"title": "B", "summary": "s"}, fields) == change.CHANGED
    assert polling.entry_change(stored, {"title": "A", "summary": ""}, fields) == change.UNCHANGED


def test_fingerprints_ignore_case_spacing_and_punctuation():
    text = "Huawei is said to ship the Ascend 910C to customers in China this quarter, sources say."
    assert polling.content_fingerprint(text) == polling.content_fingerprint(
        "  HUAWEI is said to ship the Ascend 910C to customers in China - this quarter; sources say"
    )


def test_short_texts_get_no_fingerprint():
    assert polling.content_fingerprint("Read more") == ""


def test_page_retries_space_out():
    delays = [polling.page_retry_delay(n, rng=NoJitter()) for n in (1, 2, 3)]
    assert delays == [timedelta(minutes=5), timedelta(minutes=20), timedelta(minutes=80)]


def test_one_retry_after_parser_serves_the_fetch_result_and_the_delay():
    moment = polling.parse_retry_after("Mon, 05 Jan 2026 13:00:00 GMT", NOW)
    assert moment == NOW + timedelta(hours=1)
    assert polling.parse_retry_after("120", NOW) == NOW + timedelta(seconds=120)
    assert polling.parse_retry_after("  ", NOW) is None
    # Absurd delta-seconds are read as a year rather than overflowing.
    assert polling.parse_retry_after("9" * 30, NOW) == NOW + timedelta(days=365)


# --- What an HTTP answer means (feeds and pages share the rules) --------------


def test_a_2xx_answer_is_ok_for_feeds_and_pages():
    assert polling.decide_response(200, None, NOW).response == polling.Response.OK
    assert polling.decide_response(203, None, NOW, page=True).response == polling.Response.OK


def test_304_is_not_modified_for_a_feed_but_an_error_for_a_page():
    assert polling.decide_response(304, None, NOW).response == polling.Response.NOT_MODIFIED
    page = polling.decide_response(304, None, NOW, page=True)
    assert page.response == polling.Response.HTTP_ERROR


def test_410_retires_a_feed_but_is_a_permanent_page_failure():
    feed = polling.decide_response(410, None, NOW)
    assert feed.response == polling.Response.GONE and "removed" in feed.message
    page = polling.decide_response(410, None, NOW, page=True)
    assert page.response == polling.Response.HTTP_ERROR
    assert page.grade == polling.PERMANENT and "page no longer exists" in page.message


def test_429_pauses_the_host_until_the_servers_retry_after():
    for page in (False, True):
        decision = polling.decide_response(429, "600", NOW, page=page)
        assert decision.response == polling.Response.RATE_LIMITED
        assert decision.host_paused_until == decision.retry_at == NOW + timedelta(minutes=10)


def test_429_without_retry_after_still_pauses_the_host():
    decision = polling.decide_response(429, None, NOW)
    assert decision.host_paused_until == NOW + polling.DEFAULT_RATE_LIMIT_PAUSE


def test_a_feeds_503_honours_retry_after_without_pausing_the_host():
    decision = polling.decide_response(503, "120", NOW)
    assert decision.response == polling.Response.RATE_LIMITED
    assert decision.retry_at == NOW + timedelta(minutes=2) and decision.host_paused_until is None
    assert polling.decide_response(503, None, NOW).retry_at is None  # back off as usual


def test_a_pages_503_is_a_transient_failure():
    decision = polling.decide_response(503, "120", NOW, page=True)
    assert decision.response == polling.Response.HTTP_ERROR
    assert decision.grade == polling.TRANSIENT and decision.retry_at is None


def test_404_is_permanent_and_500_transient():
    assert polling.decide_response(404, None, NOW).grade == polling.PERMANENT
    assert polling.decide_response(500, None, NOW).grade == polling.TRANSIENT
