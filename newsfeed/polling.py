"""Pure decisions of feed polling: when to poll next, how to back off, what to adopt.

No HTTP and no database here: every function takes plain values and returns
plain values, so each rule is tested on its own.

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
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from enum import StrEnum

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

TRANSIENT = "transient"
PERMANENT = "permanent"


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
    grade: str = TRANSIENT,
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


def grade_status(status: int) -> str:
    """How likely an HTTP error is to clear by itself."""
    return PERMANENT if status in PERMANENT_STATUSES else TRANSIENT


def grade_fetch_error(kind: str) -> str:
    """Fetch failures by kind: refusals and oversize bodies will not change on retry."""
    return PERMANENT if kind in {"refused", "too_large", "redirect"} else TRANSIENT


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
    grade: str = TRANSIENT
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

NEW = "new"
CHANGED = "changed"
UNCHANGED = "unchanged"


def entry_change(
    stored: Mapping[str, object] | None, incoming: Mapping[str, object], fields: tuple[str, ...]
) -> str:
    """Is a feed entry new, changed (title/summary/date edited), or the same as stored?"""
    if stored is None:
        return NEW
    for name in fields:
        value = incoming.get(name)
        if value in (None, "") and stored.get(name) not in (None, ""):
            continue  # a feed dropping a field is not an edit worth recording
        if value != stored.get(name):
            return CHANGED
    return UNCHANGED


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
