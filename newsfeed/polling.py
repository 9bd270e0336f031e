"""Pure decisions of ingestion: what a feed's or a page's answer means, when to poll
next, how to back off, what to adopt.

No HTTP and no database here: every function takes plain values and returns
plain values, so each rule is tested on its own. `decide_feed` and `decide_page`
gather them: one request's answer in, one intent out (the row's new fields, the
fetch log's outcome, a host's pause, the entries or page to store), which
ingest.py and pages.py apply in one place.

Choices (documented in README, "Feeds and ingestion"):
- The next poll comes after the feed's interval (default 15 min) or after the
  freshness the server or feed announces (RSS <ttl>, Cache-Control max-age,
  Expires), whichever is longer, clamped to [5 min, 24 h], plus up to 10 %
  jitter so feeds added together do not stay in lockstep.
- Failures back off exponentially from the interval (×2 per consecutive
  failure), capped at one day; errors unlikely to clear on their own
  (404, refusals, bodies too large) start two steps further along.
- Retry-After (seconds or an HTTP date) is honoured within [1 min, 1 day].
- A permanent redirect (301/308) replaces the stored URL once the same target
  was seen on REDIRECT_CONFIRMATIONS consecutive polls: a one-off 301 can be
  a publisher's mistake (NewsBlur does the same).
"""

from __future__ import annotations

import hashlib
import random
import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from newsfeed.parsing import ParsedEntry, ParsedFeed, parse_feed

if TYPE_CHECKING:  # extraction loads lxml: imported where a page is read
    from newsfeed.extraction import ExtractedPage

MIN_INTERVAL = timedelta(minutes=5)
MAX_INTERVAL = timedelta(hours=24)
MAX_BACKOFF = timedelta(days=1)
MAX_JITTER = 0.10
MIN_RETRY_AFTER = timedelta(minutes=1)
MAX_RETRY_AFTER = timedelta(days=1)
# A 429 without Retry-After still pauses its host this long (at least).
DEFAULT_RATE_LIMIT_PAUSE = timedelta(minutes=30)
REDIRECT_CONFIRMATIONS = 2

# Article pages: a bounded number of attempts, spaced out.
MAX_PAGE_ATTEMPTS = 4
PAGE_RETRY_BASE = timedelta(minutes=5)


class Grade(StrEnum):
    """How likely a failure is to clear by itself."""

    TRANSIENT = "transient"
    PERMANENT = "permanent"


TRANSIENT = Grade.TRANSIENT
PERMANENT = Grade.PERMANENT


def clamp(value: timedelta, low: timedelta, high: timedelta) -> timedelta:
    return max(low, min(high, value))


def with_jitter(delay: timedelta, rng: random.Random | None = None) -> timedelta:
    """Add up to MAX_JITTER of the delay (never less: a server's freshness hint is a floor)."""
    return delay * (1 + (rng or random).random() * MAX_JITTER)


def freshness_from_headers(headers: Mapping[str, str], now: datetime) -> timedelta | None:
    """How long the server says its answer stays fresh (Cache-Control max-age, else Expires)."""
    lowered = {k.lower(): v for k, v in headers.items()}
    cache_control = lowered.get("cache-control", "")
    if "no-store" in cache_control or "no-cache" in cache_control:
        return None
    match = re.search(r"(?:^|[,\s])max-age\s*=\s*\"?(\d+)", cache_control)
    if match:
        return timedelta(seconds=int(match.group(1)))
    expires = lowered.get("expires")
    if expires:
        moment = parse_http_date(expires)
        if moment is not None and moment > now:
            return moment - now
    return None


def parse_http_date(value: str) -> datetime | None:
    try:
        moment = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def next_poll_delay(
    interval: timedelta,
    *,
    ttl: timedelta | None = None,
    freshness: timedelta | None = None,
    rng: random.Random | None = None,
) -> timedelta:
    """Delay until the next poll after a successful one."""
    base = max([interval, *(hint for hint in (ttl, freshness) if hint)])
    return with_jitter(clamp(base, MIN_INTERVAL, MAX_INTERVAL), rng)


def backoff_delay(
    interval: timedelta,
    error_count: int,
    *,
    grade: Grade = TRANSIENT,
    rng: random.Random | None = None,
) -> timedelta:
    """Delay after the `error_count`-th consecutive failure: doubling, capped at a day."""
    steps = max(0, error_count - 1) + (2 if grade == PERMANENT else 0)
    base = clamp(interval, MIN_INTERVAL, MAX_INTERVAL) * (2 ** min(steps, 20))
    return min(MAX_BACKOFF, with_jitter(min(base, MAX_BACKOFF), rng))


# Retry-After seconds beyond a year are read as a year: an absurd value cannot overflow.
RETRY_AFTER_CAP_SECONDS = 365 * 24 * 3600


def parse_retry_after(value: str | None, now: datetime) -> datetime | None:
    """The one Retry-After parser: delta-seconds or an HTTP date, as an aware UTC moment."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return now.astimezone(UTC) + timedelta(seconds=min(int(value), RETRY_AFTER_CAP_SECONDS))
    return parse_http_date(value)


def retry_after_delay(value: str | None, now: datetime) -> timedelta | None:
    """Retry-After as a delay (delta-seconds or HTTP date), within [1 min, 1 day]."""
    moment = parse_retry_after(value, now)
    if moment is None:
        return None
    return clamp(moment - now, MIN_RETRY_AFTER, MAX_RETRY_AFTER)


def page_retry_delay(attempts: int, rng: random.Random | None = None) -> timedelta:
    """Delay before the next attempt at an article page: 5, 20, 80 min…, at most a day."""
    return min(MAX_BACKOFF, with_jitter(PAGE_RETRY_BASE * (4 ** max(0, attempts - 1)), rng))


@dataclass(frozen=True)
class RedirectDecision:
    adopt: bool
    pending_url: str
    count: int


def permanent_redirect_decision(
    target: str | None, pending_url: str, pending_count: int
) -> RedirectDecision:
    """Track a permanent redirect across polls; adopt it once confirmed.

    `target` is this poll's permanent-redirect target (None when the feed
    answered directly or redirected only temporarily), `pending_url`/
    `pending_count` what earlier polls saw.
    """
    if not target:
        return RedirectDecision(adopt=False, pending_url="", count=0)
    count = pending_count + 1 if target == pending_url else 1
    if count >= REDIRECT_CONFIRMATIONS:
        return RedirectDecision(adopt=True, pending_url="", count=0)
    return RedirectDecision(adopt=False, pending_url=target, count=count)


# --- Analysis ----------------------------------------------------------------

# An analysis that raised is tried again 1, 4, 16, 64 min later, then given up
# (state "failed", its error shown on /feeds/ and in the admin, "analyse again"
# there). Its failures are our bugs or a database hiccup, not the network's.
MAX_ANALYSIS_ATTEMPTS = 5
ANALYSIS_RETRY_BASE = timedelta(minutes=1)


@dataclass(frozen=True)
class AnalysisRetry:
    give_up: bool
    delay: timedelta | None  # until the next attempt; None when giving up


def analysis_retry(attempts: int, rng: random.Random | None = None) -> AnalysisRetry:
    """After the `attempts`-th failed analysis in a row: when to try again, or give up."""
    if attempts >= MAX_ANALYSIS_ATTEMPTS:
        return AnalysisRetry(give_up=True, delay=None)
    delay = ANALYSIS_RETRY_BASE * (4 ** max(0, attempts - 1))
    return AnalysisRetry(give_up=False, delay=min(MAX_BACKOFF, with_jitter(delay, rng)))


# --- Errors ----------------------------------------------------------------

PERMANENT_STATUSES = {400, 401, 403, 404, 405, 406, 410, 414, 451}


def grade_status(status: int) -> Grade:
    """How likely an HTTP error is to clear by itself."""
    return PERMANENT if status in PERMANENT_STATUSES else TRANSIENT


def grade_fetch_error(kind: str) -> Grade:
    """Fetch failures by kind (`FetchError.kind`): refusals, oversize bodies and broken
    redirects will not change on retry."""
    return grade_failure(logged_failure(kind))


def grade_failure(failure: Logged) -> Grade:
    permanent = failure in {Logged.REFUSED, Logged.TOO_LARGE, Logged.REDIRECT_ERROR}
    return PERMANENT if permanent else TRANSIENT


def describe_status(status: int, reason: str = "", *, page: bool = False) -> str:
    """An HTTP error status in words, with what it means for a feed (or an article page)."""
    from http import HTTPStatus

    if not reason:
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = "unknown status"
    hint = {
        404: "the feed URL no longer exists; check it",
        401: "the server wants a login",
        403: "the server refuses us",
        410: "the publisher removed the feed for good",
        429: "the server asks us to slow down",
        500: "the server failed; will retry",
        502: "the server's upstream failed; will retry",
        503: "the server is unavailable; will retry",
        504: "the server's upstream timed out; will retry",
    }.get(status)
    if page and status in (404, 410):
        hint = "the page no longer exists"
    text = f"HTTP {status} {reason}"
    return f"{text} ({hint})" if hint else text


# --- Responses --------------------------------------------------------------


class Response(StrEnum):
    """What an HTTP answer means for the feed or page that asked."""

    OK = "ok"  # a body to parse or extract
    NOT_MODIFIED = "not_modified"
    GONE = "gone"  # the feed was removed for good (410)
    RATE_LIMITED = "rate_limited"  # 429, or a feed's 503: come back when the server says
    HTTP_ERROR = "http_error"


@dataclass(frozen=True)
class ResponseDecision:
    """The intent for one HTTP answer; the ingest code applies it in one place."""

    response: Response
    message: str = ""
    grade: Grade = TRANSIENT
    host_paused_until: datetime | None = None  # a 429 speaks for the whole server
    retry_at: datetime | None = None  # the server's own time; None: back off as usual


def decide_response(
    status: int, retry_after: str | None, now: datetime, *, page: bool = False
) -> ResponseDecision:
    """Map a feed's (or, with `page`, an article page's) HTTP status to an intent.

    Feeds and pages share the rules; pages send no validators (so a 304 is an
    error) and have no 410 or 503 rule of their own.
    """
    if not page and status == 304:
        return ResponseDecision(Response.NOT_MODIFIED)
    if not page and status == 410:
        return ResponseDecision(Response.GONE, describe_status(410), grade=PERMANENT)
    if status == 429 or (not page and status == 503):
        delay = retry_after_delay(retry_after, now)
        if status == 429:
            pause = now + (delay or DEFAULT_RATE_LIMIT_PAUSE)
            return ResponseDecision(
                Response.RATE_LIMITED,
                describe_status(429),
                host_paused_until=pause,
                retry_at=pause,
            )
        return ResponseDecision(
            Response.RATE_LIMITED, describe_status(503), retry_at=now + delay if delay else None
        )
    if not 200 <= status < 300:
        return ResponseDecision(
            Response.HTTP_ERROR, describe_status(status, page=page), grade=grade_status(status)
        )
    return ResponseDecision(Response.OK)


# --- Entries ---------------------------------------------------------------


class EntryChange(StrEnum):
    NEW = "new"
    CHANGED = "changed"  # title, summary or date edited
    UNCHANGED = "unchanged"


def entry_change(
    stored: Mapping[str, object] | None, incoming: Mapping[str, object], fields: tuple[str, ...]
) -> EntryChange:
    """Is a feed entry new, changed (title/summary/date edited), or the same as stored?"""
    if stored is None:
        return EntryChange.NEW
    for name in fields:
        value = incoming.get(name)
        if value in (None, "") and stored.get(name) not in (None, ""):
            continue  # a feed dropping a field is not an edit worth recording
        if value != stored.get(name):
            return EntryChange.CHANGED
    return EntryChange.UNCHANGED


_WORD = re.compile(r"\w+", re.UNICODE)
FINGERPRINT_WORDS = 300
MIN_FINGERPRINT_WORDS = 12


def content_fingerprint(text: str) -> str:
    """A hash of the text's first words, case/punctuation/spacing-blind; '' when too short.

    Syndicated copies of one story carry the same text under different URLs;
    equal fingerprints link them. Short texts ("Read more…") would collide
    by accident, so they get no fingerprint.
    """
    normalised = unicodedata.normalize("NFKC", text or "").casefold()
    words = _WORD.findall(normalised)
    if len(words) < MIN_FINGERPRINT_WORDS:
        return ""
    digest = hashlib.sha256(" ".join(words[:FINGERPRINT_WORDS]).encode("utf-8"))
    return digest.hexdigest()


# --- What one request came to, and what to do about it -----------------------------
#
# Ingest turns a request's result into an `Answer` (plain values), asks `decide_feed`
# or `decide_page` what it means, and applies the returned intent in one place: the
# fetch log, the host's pause and the row's new fields in one transaction, then the
# entries or the page to store. Both paths share `settle_answer` for what an answer
# means before it is a feed's or a page's business.


class Logged(StrEnum):
    """A fetch log's outcome (the values of `FetchLog.Outcome`)."""

    OK = "ok"
    NOT_MODIFIED = "not_modified"
    PARSE_ERROR = "parse_error"
    HTTP_ERROR = "http_error"
    GONE = "gone"
    RATE_LIMITED = "rate_limited"
    REFUSED = "refused"
    TOO_LARGE = "too_large"
    TIMEOUT = "timeout"
    REDIRECT_ERROR = "redirect_error"
    NETWORK_ERROR = "network_error"
    EXTRACT_ERROR = "extract_error"


# A failed request's kind (`FetchError.kind`) as the fetch log records it.
FAILURE_KINDS = {
    "refused": Logged.REFUSED,
    "too_large": Logged.TOO_LARGE,
    "timeout": Logged.TIMEOUT,
    "redirects": Logged.REDIRECT_ERROR,
}


def logged_failure(kind: str) -> Logged:
    """The fetch log's outcome for a request that got no HTTP answer."""
    return FAILURE_KINDS.get(kind, Logged.NETWORK_ERROR)


class PollResult(StrEnum):
    """What one poll came to (the first word of its progress line)."""

    NEW = "new"
    UNCHANGED = "unchanged"
    FAILED = "failed"
    GONE = "gone"
    SKIPPED = "skipped"
    DEFERRED = "deferred"


class PageResult(StrEnum):
    """What one attempt at an article page came to."""

    DONE = "done"
    FAILED = "failed"
    RETRY = "retry"  # failed, will be tried again
    SKIPPED = "skipped"  # not pending, or another worker has it
    MISSING = "missing"
    DEFERRED = "deferred"  # host paused or busy


@dataclass(frozen=True)
class Answer:
    """One request's result as plain values: an HTTP answer, or the failure in its place."""

    status: int | None = None  # None: no HTTP answer (see `failure`)
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-case names
    content: bytes = b""
    url: str = ""  # the final URL, after redirects
    charset: str | None = None  # the Content-Type's
    permanent_redirect: str = ""  # a storable target every hop of which was 301/308
    failure: Logged | None = None
    message: str = ""  # the failure in words

    @classmethod
    def failed(cls, failure: Logged, message: str) -> Answer:
        return cls(failure=failure, message=message)

    def header(self, name: str) -> str:
        return self.headers.get(name, "").strip()


@dataclass(frozen=True)
class Settled:
    """What an answer means before it is a feed's or a page's business."""

    response: Response | None  # None: no HTTP answer
    log: Logged
    message: str = ""
    grade: Grade = TRANSIENT
    host_paused_until: datetime | None = None
    retry_at: datetime | None = None


# Responses that are not OK, as the fetch log records them.
_LOGGED_RESPONSE = {
    Response.NOT_MODIFIED: Logged.NOT_MODIFIED,
    Response.GONE: Logged.GONE,
    Response.RATE_LIMITED: Logged.RATE_LIMITED,
    Response.HTTP_ERROR: Logged.HTTP_ERROR,
}


def settle_answer(answer: Answer, now: datetime, *, page: bool) -> Settled:
    """The shared first step of `decide_feed` and `decide_page`."""
    if answer.failure is not None:
        return Settled(None, answer.failure, answer.message, grade=grade_failure(answer.failure))
    assert answer.status is not None, "an answer has a status or a failure"
    decision = decide_response(answer.status, answer.header("retry-after"), now, page=page)
    return Settled(
        decision.response,
        _LOGGED_RESPONSE.get(decision.response, Logged.OK),
        decision.message,
        grade=decision.grade,
        host_paused_until=decision.host_paused_until,
        retry_at=decision.retry_at,
    )


@dataclass(frozen=True)
class Intent:
    """What to write after one request: its fetch log line, the host's pause, the row's
    new fields. Values are plain; strings are cut to their columns when applied."""

    log: Logged | None  # None: nothing was requested (an internal error)
    message: str = ""
    changes: Mapping[str, Any] = field(default_factory=dict)
    host_paused_until: datetime | None = None


# --- Feeds -----------------------------------------------------------------------

MAX_ENTRIES_PER_POLL = 500


@dataclass(frozen=True)
class FeedState:
    """What the decision needs to know of the feed as stored."""

    url: str
    poll_interval: timedelta
    error_count: int = 0
    has_title: bool = False
    has_site_url: bool = False
    redirect_url: str = ""
    redirect_count: int = 0
    redirect_target_taken: bool = False  # another feed already has this poll's target URL


@dataclass(frozen=True)
class FeedIntent(Intent):
    result: PollResult = PollResult.UNCHANGED  # UNCHANGED turns NEW when entries make articles
    entries: tuple[ParsedEntry, ...] = ()  # to store (at most MAX_ENTRIES_PER_POLL)
    entry_count: int = 0  # how many the feed carried
    note: str = ""  # for the progress line: why it failed, or the parser's complaint


def decide_feed(
    feed: FeedState, answer: Answer, now: datetime, *, rng: random.Random | None = None
) -> FeedIntent:
    """One poll's answer, decided: how the feed's row changes, what is logged and stored."""
    settled = settle_answer(answer, now, page=False)
    if settled.response is Response.NOT_MODIFIED:
        return FeedIntent(settled.log, changes=_feed_success(feed, answer, None, now, rng))
    if settled.response is Response.GONE:
        changes = {
            "is_active": False,
            "gone_at": now,
            "last_polled_at": now,
            "last_status": answer.status,
            "last_error": settled.message,
            "next_poll_at": None,
        }
        return FeedIntent(
            settled.log, settled.message, changes, result=PollResult.GONE, note=settled.message
        )
    if settled.response is not Response.OK:
        return _feed_failure(feed, settled, answer.status, now, rng)
    parsed = parse_feed(answer.content, answer.url or feed.url, answer.headers)
    if not parsed.is_feed:
        problem = parsed.problem or "no entries and no feed format recognised"
        settled = Settled(Response.OK, Logged.PARSE_ERROR, f"not a feed: {problem}")
        return _feed_failure(feed, settled, answer.status, now, rng)
    return FeedIntent(
        Logged.OK,
        parsed.problem and f"parsed with a problem: {parsed.problem}",
        _feed_success(feed, answer, parsed, now, rng),
        entries=tuple(parsed.entries[:MAX_ENTRIES_PER_POLL]),
        entry_count=len(parsed.entries),
        note=parsed.problem,
    )


def _feed_failure(
    feed: FeedState,
    settled: Settled,
    status: int | None,
    now: datetime,
    rng: random.Random | None,
) -> FeedIntent:
    """Back a failing feed off (or wait for the server's own time), and say why."""
    error_count = feed.error_count + 1
    retry_at = settled.retry_at or now + backoff_delay(
        feed.poll_interval, error_count, grade=settled.grade, rng=rng
    )
    changes = {
        "error_count": error_count,
        "last_error": settled.message,
        "last_status": status,
        "last_polled_at": now,
        "next_poll_at": retry_at,
    }
    return FeedIntent(
        settled.log,
        settled.message,
        changes,
        host_paused_until=settled.host_paused_until,
        result=PollResult.FAILED,
        note=settled.message,
    )


def _feed_success(
    feed: FeedState,
    answer: Answer,
    parsed: ParsedFeed | None,
    now: datetime,
    rng: random.Random | None,
) -> dict[str, Any]:
    freshness = freshness_from_headers(answer.headers, now)
    ttl = parsed.ttl if parsed else None
    changes: dict[str, Any] = {
        "error_count": 0,
        "last_error": "",
        "last_status": answer.status,
        "last_polled_at": now,
        "last_success_at": now,
        "next_poll_at": now
        + next_poll_delay(feed.poll_interval, ttl=ttl, freshness=freshness, rng=rng),
    }
    # Keep the validators we have when a 304 does not repeat them.
    for name, header in (("etag", "etag"), ("last_modified", "last-modified")):
        if answer.header(header):
            changes[name] = answer.header(header)
    if parsed is not None:
        changes["parse_problem"] = parsed.problem
        if parsed.title and not feed.has_title:
            changes["title"] = parsed.title
        if parsed.site_url and not feed.has_site_url:
            changes["site_url"] = parsed.site_url
    changes.update(_redirect_changes(feed, answer.permanent_redirect or None))
    return changes


def _redirect_changes(feed: FeedState, target: str | None) -> dict[str, Any]:
    """Adopt a permanent redirect's target once confirmed (see the module's docstring)."""
    if target == feed.url:
        target = None
    decision = permanent_redirect_decision(target, feed.redirect_url, feed.redirect_count)
    if decision.adopt and target:
        if feed.redirect_target_taken:
            # Another feed already has that URL: keep ours; the admin can merge them.
            return {"redirect_url": target, "redirect_count": decision.count}
        return {"url": target, "redirect_url": "", "redirect_count": 0}
    return {"redirect_url": decision.pending_url, "redirect_count": decision.count}


# --- Article pages -------------------------------------------------------------------

NO_MAIN_TEXT = "no main text found on the page"


@dataclass(frozen=True)
class PageIntent(Intent):
    """`result` says the page's state too: done and failed settle it, the others keep it
    pending."""

    result: PageResult = PageResult.DONE
    analyse: bool = False  # the text is settled (or better): analysis is due
    page: ExtractedPage | None = None  # to store (canonical URL and copies are the store's)


def decide_page(
    attempts: int, answer: Answer, now: datetime, known: Collection[str] = ()
) -> PageIntent:
    """One attempt at an article page (`attempts` made before it), decided. `known`: the
    metadata the article already has from its feed entry (extraction.FEED_FIELDS)."""
    settled = settle_answer(answer, now, page=True)
    if settled.response is Response.RATE_LIMITED:
        return PageIntent(
            settled.log,
            settled.message,
            {"next_fetch_at": settled.retry_at},
            host_paused_until=settled.host_paused_until,
            result=PageResult.DEFERRED,
        )
    if settled.response is not Response.OK:
        return page_failure(attempts, settled.log, settled.message, settled.grade, now)
    from newsfeed.extraction import extract_page  # loads lxml: only where a page is read

    page = extract_page(answer.content, answer.url, charset=answer.charset, known=known)
    if page is None:
        changes = {
            "fetch_attempts": attempts + 1,
            "fetch_error": f"{NO_MAIN_TEXT}; the feed's summary is kept",
            "fetched_at": now,
            "next_fetch_at": None,
        }
        return PageIntent(
            Logged.EXTRACT_ERROR, NO_MAIN_TEXT, changes, result=PageResult.FAILED, analyse=True
        )
    changes = {
        "fetch_attempts": attempts + 1,
        "fetch_error": "",
        "fetched_at": now,
        "next_fetch_at": None,
    }
    return PageIntent(Logged.OK, changes=changes, analyse=True, page=page)


def page_failure(
    attempts: int, log: Logged | None, message: str, grade: Grade, now: datetime
) -> PageIntent:
    """A failed attempt: retried a few times, spaced out, unless it will not clear."""
    attempts += 1
    if grade == PERMANENT or attempts >= MAX_PAGE_ATTEMPTS:
        changes = {
            "fetch_attempts": attempts,
            "fetch_error": message,
            "next_fetch_at": None,
        }
        return PageIntent(log, message, changes, result=PageResult.FAILED, analyse=True)
    changes = {
        "fetch_attempts": attempts,
        "fetch_error": message,
        "next_fetch_at": now + page_retry_delay(attempts),
    }
    # After a first failure the feed's summary is analysed meanwhile.
    return PageIntent(log, message, changes, result=PageResult.RETRY, analyse=attempts == 1)
