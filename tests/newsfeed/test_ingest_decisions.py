"""What one poll's or one page fetch's answer means (`decide_feed`, `decide_page`):
plain values in, an intent out. No HTTP and no database."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from newsfeed import polling
from newsfeed.polling import Answer, FeedState, Logged, PageResult, PollResult
from tests.newsfeed.feedkit import Item, page, rss, story

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
FIFTEEN = timedelta(minutes=15)
FEED = FeedState(url="https://news.example/feed.xml", poll_interval=FIFTEEN)
DOC = rss([Item("https://news.example/a/1", "One"), Item("https://news.example/a/2", "Two")])


class NoJitter(random.Random):
    def random(self) -> float:
        return 0.0


def decide(answer: Answer, feed: FeedState = FEED) -> polling.FeedIntent:
    return polling.decide_feed(feed, answer, NOW, rng=NoJitter())


def ok(content: bytes = DOC, **headers: str) -> Answer:
    return Answer(status=200, headers=headers, content=content, url=FEED.url)


# --- Feeds ------------------------------------------------------------------------------


def test_a_readable_feed_is_logged_ok_its_entries_stored_and_polled_again_after_its_interval():
    intent = decide(ok(etag='"v2"', **{"last-modified": "Mon, 05 Jan 2026 10:00:00 GMT"}))
    assert (intent.log, intent.result) == (Logged.OK, PollResult.UNCHANGED)
    assert [entry.title for entry in intent.entries] == ["One", "Two"]
    assert intent.entry_count == 2
    assert intent.changes["error_count"] == 0
    assert intent.changes["next_poll_at"] == NOW + FIFTEEN
    assert intent.changes["etag"] == '"v2"'
    assert intent.changes["last_modified"] == "Mon, 05 Jan 2026 10:00:00 GMT"
    assert intent.changes["title"] == "Test feed"


def test_a_feed_keeps_the_title_it_has():
    intent = decide(ok(), FeedState(url=FEED.url, poll_interval=FIFTEEN, has_title=True))
    assert "title" not in intent.changes


def test_a_304_is_a_success_without_parsing_that_keeps_the_stored_validators():
    intent = decide(Answer(status=304, content=b"not a feed at all"))
    assert (intent.log, intent.result, intent.entries) == (
        Logged.NOT_MODIFIED,
        PollResult.UNCHANGED,
        (),
    )
    assert intent.changes["error_count"] == 0
    assert "etag" not in intent.changes and "parse_problem" not in intent.changes


def test_a_410_retires_the_feed():
    intent = decide(Answer(status=410))
    assert (intent.log, intent.result) == (Logged.GONE, PollResult.GONE)
    assert intent.changes["is_active"] is False
    assert intent.changes["next_poll_at"] is None
    assert "removed" in intent.note


def test_a_429_pauses_the_whole_host_until_the_servers_retry_after():
    intent = decide(Answer(status=429, headers={"retry-after": "600"}))
    assert (intent.log, intent.result) == (Logged.RATE_LIMITED, PollResult.FAILED)
    assert intent.host_paused_until == NOW + timedelta(minutes=10)
    assert intent.changes["next_poll_at"] == NOW + timedelta(minutes=10)
    assert intent.changes["error_count"] == 1


def test_a_503_without_retry_after_backs_off_and_pauses_no_host():
    failing = FeedState(url=FEED.url, poll_interval=FIFTEEN, error_count=2)
    intent = decide(Answer(status=503), failing)
    assert intent.host_paused_until is None
    assert intent.changes["error_count"] == 3
    assert intent.changes["next_poll_at"] == NOW + FIFTEEN * 4
    assert intent.changes["last_status"] == 503


def test_a_404_backs_off_further_than_a_server_error():
    assert decide(Answer(status=404)).changes["next_poll_at"] == NOW + FIFTEEN * 4
    assert decide(Answer(status=500)).changes["next_poll_at"] == NOW + FIFTEEN


def test_a_refused_request_is_logged_as_such_and_backs_off_as_permanent():
    intent = decide(Answer.failed(Logged.REFUSED, "Refused: a private address"))
    assert (intent.log, intent.result) == (Logged.REFUSED, PollResult.FAILED)
    assert intent.changes["last_status"] is None
    assert intent.changes["last_error"] == "Refused: a private address"
    assert intent.changes["next_poll_at"] == NOW + FIFTEEN * 4


def test_a_redirect_loop_backs_off_as_permanent():
    intent = decide(Answer.failed(polling.logged_failure("redirects"), "Redirect error: a loop"))
    assert intent.log == Logged.REDIRECT_ERROR
    assert intent.changes["next_poll_at"] == NOW + FIFTEEN * 4


def test_a_timeout_backs_off_as_transient():
    intent = decide(Answer.failed(Logged.TIMEOUT, "Timed out"))
    assert intent.changes["next_poll_at"] == NOW + FIFTEEN


def test_a_page_that_is_no_feed_fails_as_a_parse_error():
    intent = decide(ok(b"<html><body><p>Hello</p></body></html>"))
    assert (intent.log, intent.result) == (Logged.PARSE_ERROR, PollResult.FAILED)
    assert intent.note.startswith("not a feed: ")
    assert intent.entries == ()


def test_a_permanent_redirect_is_adopted_on_its_second_sighting_only():
    moved = Answer(status=200, content=DOC, permanent_redirect="https://new.example/feed")
    first = decide(moved)
    assert "url" not in first.changes
    assert first.changes["redirect_count"] == 1
    seen_once = FeedState(
        url=FEED.url,
        poll_interval=FIFTEEN,
        redirect_url="https://new.example/feed",
        redirect_count=1,
    )
    assert decide(moved, seen_once).changes["url"] == "https://new.example/feed"


def test_a_redirect_to_another_feeds_url_is_not_adopted():
    taken = FeedState(
        url=FEED.url,
        poll_interval=FIFTEEN,
        redirect_url="https://new.example/feed",
        redirect_count=1,
        redirect_target_taken=True,
    )
    moved = Answer(status=200, content=DOC, permanent_redirect="https://new.example/feed")
    assert "url" not in decide(moved, taken).changes


# --- Article pages -----------------------------------------------------------------------


def page_answer(status: int = 200, content: bytes = b"", **headers: str) -> Answer:
    return Answer(status=status, headers=headers, content=content, url="https://news.example/a/1")


def test_a_page_with_main_text_is_done_and_its_text_goes_to_analysis():
    intent = polling.decide_page(0, page_answer(content=page("Story 1", story(1))), NOW)
    assert (intent.log, intent.result, intent.analyse) == (Logged.OK, PageResult.DONE, True)
    assert "volume production" in intent.page.text
    assert intent.changes["fetch_attempts"] == 1
    assert intent.changes["next_fetch_at"] is None


def test_a_page_without_main_text_fails_for_good_and_the_summary_is_analysed():
    intent = polling.decide_page(0, page_answer(content=b"<html><body></body></html>"), NOW)
    assert (intent.log, intent.result, intent.analyse) == (
        Logged.EXTRACT_ERROR,
        PageResult.FAILED,
        True,
    )
    assert intent.page is None
    assert "summary is kept" in intent.changes["fetch_error"]


def test_a_rate_limited_page_waits_for_its_host_without_spending_an_attempt():
    intent = polling.decide_page(1, page_answer(429, **{"retry-after": "120"}), NOW)
    assert (intent.log, intent.result, intent.analyse) == (
        Logged.RATE_LIMITED,
        PageResult.DEFERRED,
        False,
    )
    assert intent.host_paused_until == NOW + timedelta(minutes=2)
    assert intent.changes == {"next_fetch_at": NOW + timedelta(minutes=2)}


def test_a_first_transient_failure_is_retried_soon_and_the_summary_analysed_meanwhile():
    intent = polling.decide_page(0, page_answer(500), NOW)
    assert (intent.log, intent.result, intent.analyse) == (
        Logged.HTTP_ERROR,
        PageResult.RETRY,
        True,
    )
    retry_in = intent.changes["next_fetch_at"] - NOW
    assert timedelta(minutes=5) <= retry_in <= timedelta(minutes=5) * 1.1


def test_a_later_transient_failure_does_not_analyse_the_summary_again():
    intent = polling.decide_page(1, page_answer(500), NOW)
    assert (intent.result, intent.analyse) == (PageResult.RETRY, False)


def test_a_page_gives_up_after_its_last_attempt():
    last = polling.MAX_PAGE_ATTEMPTS - 1
    intent = polling.decide_page(last, Answer.failed(Logged.TIMEOUT, "Timed out"), NOW)
    assert (intent.result, intent.analyse) == (PageResult.FAILED, True)
    assert intent.changes["next_fetch_at"] is None


def test_a_missing_page_fails_at_once():
    intent = polling.decide_page(0, page_answer(404), NOW)
    assert intent.result == PageResult.FAILED
    assert intent.message.endswith("(the page no longer exists)")


def test_a_page_sends_no_validators_so_a_304_is_an_error():
    assert polling.decide_page(0, page_answer(304), NOW).log == Logged.HTTP_ERROR


def test_the_fetch_log_can_record_every_outcome_a_decision_gives():
    from newsfeed.models import FetchLog

    assert {str(outcome) for outcome in Logged} == set(FetchLog.Outcome.values)
