"""Ingestion: poll a feed, store its entries, fetch and extract each new article page.

The same functions run in Celery workers (`inline=False`: follow-up work is
queued after the transaction commits) and in management commands and tests
(`inline=True`: everything happens before the call returns).

Safe to run twice, or again after a crash half-way:
- a feed is polled under a lease taken with a conditional UPDATE, so two
  workers never poll it at once; a crashed worker's lease expires;
- entries are upserted under the database's unique constraints ((feed,
  entry id), URL, canonical URL); losing a race to another worker raises
  IntegrityError, and the row the other worker wrote is read back instead;
- one poll's writes are one transaction, so a crash leaves all or nothing;
- an article page is fetched under its own lease and never again once done;
  retries are scheduled in the database (`next_fetch_at`), and
  `poll_due_feeds` picks up whatever a crash left pending.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Model, Q
from django.utils import timezone

from newsfeed import analysing, leases, polling
from newsfeed.canonical import canonical_url as _canonical_url
from newsfeed.canonical import is_http_url
from newsfeed.fetching import (
    FEED_ACCEPT,
    PAGE_ACCEPT,
    FetchError,
    FetchRedirectError,
    FetchRefused,
    FetchResult,
    FetchTimeout,
    FetchTooLarge,
)
from newsfeed.models import Article, Feed, FeedEntry, FetchLog, Host
from newsfeed.parsing import ParsedEntry, ParsedFeed, parse_feed
from newsfeed.signals import announce_article_ready

if TYPE_CHECKING:  # extraction loads lxml: imported where a page is extracted
    from newsfeed.extraction import ExtractedPage

log = logging.getLogger(__name__)

HOST_WAIT_SECONDS = 15.0  # how long to wait for a busy host before deferring
DEFER = timedelta(minutes=1)  # a busy host: try again soon
MAX_ENTRIES_PER_POLL = 500

Outcome = FetchLog.Outcome

# Error messages (TextFields) are kept to this many characters: enough to read, bounded.
MAX_MESSAGE = 2000


def fit(model: type[Model], name: str, value: str) -> str:
    """`value` cut to what the model's field holds (its max_length; TextFields: MAX_MESSAGE)."""
    return value[: model._meta.get_field(name).max_length or MAX_MESSAGE]


def fits(model: type[Model], name: str, value: str) -> bool:
    return len(value) <= (model._meta.get_field(name).max_length or MAX_MESSAGE)


def canonical_url(url: str, base: str | None = None) -> str:
    """The canonical form of a URL, or "" when it is not a usable http(s) URL."""
    try:
        return _canonical_url(url, base)
    except ValueError:
        return ""


# --- Results -----------------------------------------------------------------


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


@dataclass
class PollOutcome:
    """What one poll did, for progress lines, tests and task results."""

    feed_id: int
    url: str = ""
    result: PollResult = PollResult.SKIPPED
    status: int | None = None
    new_article_ids: list[int] = field(default_factory=list)
    entries: int = 0
    message: str = ""
    duration_ms: int = 0
    pages_fetched: int = 0
    # Article pages this poll tried and could not get (in-process polls only).
    failed_pages: list[FailedPage] = field(default_factory=list)

    @property
    def new(self) -> int:
        return len(self.new_article_ids)

    def line(self) -> str:
        """One progress line: `<result> <url>: <details>` (format documented in README)."""
        if self.result == PollResult.NEW:
            detail = f"{self.new} new of {self.entries} entries"
        elif self.result == PollResult.UNCHANGED and self.status == 304:
            detail = "not modified (304)"
        elif self.result == PollResult.UNCHANGED:
            detail = f"no new entries ({self.entries} entries)"
        else:
            detail = self.message
        if self.pages_fetched:
            detail += f", {self.pages_fetched} pages fetched"
        return f"{self.result:<9} {self.url}: {detail}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "feed_id": self.feed_id,
            "result": str(self.result),
            "status": self.status,
            "new": self.new,
            "message": self.message,
        }


@dataclass
class FetchOutcome:
    article_id: int
    result: PageResult
    message: str = ""


@dataclass(frozen=True)
class FailedPage:
    """An article page a poll could not get, and why (for pollfeeds' summary)."""

    url: str
    message: str
    will_retry: bool

    def line(self) -> str:
        then = "will retry" if self.will_retry else "the feed's summary stands in"
        message = self.message if then in self.message else f"{self.message}; {then}"
        return f"page failed {self.url}: {message}"


# --- Leases ------------------------------------------------------------------


def claim_feed(feed_id: int, now: datetime | None = None) -> leases.Lease | None:
    """Take the feed's poll lease, or None when another worker holds it.

    Should this worker die mid-poll, the feed is due again as soon as the lease lapses.
    """
    now = now or timezone.now()
    return leases.acquire(
        leases.FEED, {"pk": feed_id}, now=now, also={"next_poll_at": now + leases.duration()}
    )


def host_for(url: str) -> Host:
    name = Host.name_for(url)
    try:
        host, _ = Host.objects.get_or_create(name=name)
    except IntegrityError:  # another worker created it first
        host = Host.objects.get(name=name)
    return host


@contextmanager
def host_turn(name: str, *, wait: float = HOST_WAIT_SECONDS) -> Iterator[bool]:
    """Hold the host's lease for one request: at most one request at a time per host.

    Yields False when the host stayed busy for `wait` seconds. The lease is short
    and renewed while the request runs, so a killed worker stalls the host for
    seconds (LEASE_SECONDS), not minutes.
    """
    deadline = time.monotonic() + wait
    delay = 0.01
    while True:
        now = timezone.now()
        lease = leases.acquire(leases.HOST, {"name": name}, now=now, also={"last_request_at": now})
        if lease is not None:
            break
        if time.monotonic() >= deadline:
            yield False
            return
        time.sleep(delay)
        delay = min(delay * 2, 0.05)  # a host's turn lasts one request: check often
    try:
        with leases.kept(lease):
            yield True
    finally:
        leases.release(lease)


_local = threading.local()
FETCH_SETTINGS = (
    "FETCH_TIMEOUT",
    "FETCH_CONNECT_TIMEOUT",
    "FETCH_MAX_BYTES",
    "FETCH_USER_AGENT",
    "FETCH_ALLOW_PRIVATE",
    "FETCH_LOOPBACK_ONLY",
)


def default_fetcher():
    """This thread's Fetcher, reused across tasks (building one costs ~17 ms of TLS setup,
    and its pool keeps connections alive); rebuilt when the fetch settings change."""
    from newsfeed.fetching import Fetcher

    key = tuple(getattr(settings, name, None) for name in FETCH_SETTINGS)
    fetcher = getattr(_local, "fetcher", None)
    if fetcher is None or _local.key != key:
        if fetcher is not None:
            fetcher.close()
        _local.fetcher, _local.key = Fetcher(), key
    return _local.fetcher


def guarded_get(fetcher, url: str, **kwargs: Any) -> tuple[FetchResult | None, FetchError | None]:
    """One GET; a refusal or a transport failure comes back as the error, never raised."""
    try:
        return fetcher.get(url, **kwargs), None
    except FetchError as exc:
        return None, exc


# --- Recording fetches ---------------------------------------------------------


def error_outcome(exc: FetchError) -> str:
    if isinstance(exc, FetchRefused):
        return Outcome.REFUSED
    if isinstance(exc, FetchTooLarge):
        return Outcome.TOO_LARGE
    if isinstance(exc, FetchTimeout):
        return Outcome.TIMEOUT
    if isinstance(exc, FetchRedirectError):
        return Outcome.REDIRECT_ERROR
    return Outcome.NETWORK_ERROR


def error_grade(exc: FetchError) -> str:
    kind = {
        Outcome.REFUSED: "refused",
        Outcome.TOO_LARGE: "too_large",
        Outcome.REDIRECT_ERROR: "redirect",
    }.get(error_outcome(exc), exc.kind)
    return polling.grade_fetch_error(kind)


def error_message(exc: FetchError) -> str:
    reason = exc.reason or type(exc).__name__
    label = Outcome(error_outcome(exc)).label
    # Fetch errors' reasons start with their kind ("network: cannot resolve …"); users
    # read the outcome's label in its place ("Network error: cannot resolve …").
    kind = exc.kind
    if kind and reason.startswith(f"{kind}: "):
        reason = reason.removeprefix(f"{kind}: ")
    return reason if reason.lower().startswith(label.lower()) else f"{label}: {reason}"


def elapsed_ms(result: FetchResult | None, started: float) -> int:
    if result is not None:
        return int(result.elapsed * 1000)
    return int((time.monotonic() - started) * 1000)


def record_fetch(
    *,
    url: str,
    outcome: str,
    feed: Feed | None = None,
    article: Article | None = None,
    result: FetchResult | None = None,
    message: str = "",
    duration_ms: int = 0,
    now: datetime | None = None,
) -> FetchLog:
    entry = FetchLog.objects.create(
        feed=feed,
        article=article,
        at=now or timezone.now(),
        url=fit(FetchLog, "url", url),
        status_code=result.status if result is not None else None,
        bytes=len(result.content or b"") if result is not None else 0,
        duration_ms=duration_ms,
        outcome=outcome,
        message=fit(FetchLog, "message", message),
    )
    if feed is not None and article is None:
        FetchLog.prune(feed.pk)
    return entry


def pause_host(name: str, decision: polling.ResponseDecision) -> None:
    """Apply a decision's host pause (a 429 pauses every feed and page on the server)."""
    if decision.host_paused_until is not None:
        Host.objects.filter(name=name).update(
            paused_until=decision.host_paused_until, pause_reason=decision.message
        )


def headers_of(result: FetchResult) -> dict[str, str]:
    headers = result.headers or {}
    return {str(k).lower(): str(v) for k, v in headers.items()}


# --- Polling a feed -------------------------------------------------------------


def poll_feed(
    feed_id: int, *, inline: bool, fetcher=None, now: datetime | None = None
) -> PollOutcome:
    """Poll one feed (if no other worker is), store new entries, then hand them on."""
    with fetcher_in_use(fetcher) as fetcher:
        return _poll(feed_id, inline=inline, fetcher=fetcher, now=now)


@contextmanager
def fetcher_in_use(fetcher) -> Iterator[Any]:
    """The caller's fetcher, or this thread's shared one."""
    yield fetcher if fetcher is not None else default_fetcher()


def _poll(feed_id: int, *, inline: bool, fetcher, now: datetime | None) -> PollOutcome:
    lease = claim_feed(feed_id, now)
    if lease is None:
        return PollOutcome(
            feed_id, result=PollResult.SKIPPED, message="being polled by another worker"
        )
    try:
        with leases.kept(lease):
            outcome = _poll_claimed(feed_id, inline=inline, fetcher=fetcher)
    except Exception as exc:
        # A bug or a database hiccup: the poll's transaction is rolled back; record
        # the failure so the feed backs off and says why, instead of being retried
        # hot by every beat.
        log.exception("polling feed %s failed", feed_id)
        outcome = record_internal_error(feed_id, exc)
    finally:
        leases.release(lease)
    if inline:
        failed: dict[int, FetchOutcome] = {}

        def fetch(article_id: int) -> None:
            fetched = fetch_inline(article_id, fetcher)
            if fetched.result == PageResult.DONE:
                outcome.pages_fetched += 1
            elif fetched.result in (PageResult.FAILED, PageResult.RETRY):
                failed[article_id] = fetched

        # Syndicated copies (skipped) are linked to their original, not analysed again.
        for article_id in outcome.new_article_ids:
            fetch(article_id)
        # Then retries that are due, and pages a crashed run left pending.
        for article_id in pending_article_ids(feed_id):
            fetch(article_id)
        # And analyses whose retry is due (or that a crashed run left pending).
        for article_id in analysing.due_analysis_ids(feed_id):
            analysing.run_analysis(article_id)
        urls = {}
        if failed:
            urls = dict(Article.objects.filter(pk__in=failed).values_list("pk", "url"))
        outcome.failed_pages = [
            FailedPage(
                urls.get(pk, f"article {pk}"), f.message, will_retry=f.result == PageResult.RETRY
            )
            for pk, f in failed.items()
        ]
    return outcome


def fetch_inline(article_id: int, fetcher) -> FetchOutcome:
    """One page in-process; a failure of the analysis behind it does not stop the others."""
    try:
        return fetch_article(article_id, inline=True, fetcher=fetcher)
    except Exception as exc:
        log.exception("fetching or analysing article %s failed", article_id)
        return FetchOutcome(article_id, PageResult.FAILED, f"internal error: {type(exc).__name__}")


def record_internal_error(feed_id: int, exc: Exception) -> PollOutcome:
    message = fit(Feed, "last_error", f"internal error: {type(exc).__name__}: {exc}")
    feed = Feed.objects.get(pk=feed_id)
    now = timezone.now()
    with transaction.atomic():
        record_fetch(feed=feed, url=feed.url, outcome=Outcome.NETWORK_ERROR, message=message)
        fail_feed(feed, message, now=now, status=None)
    return PollOutcome(feed_id, url=feed.url, result=PollResult.FAILED, message=message)


def pending_article_ids(feed_id: int, limit: int = 100) -> list[int]:
    """Pages of this feed whose retry is due (or left pending by a crash)."""
    return list(
        Article.objects.filter(feed_id=feed_id)
        .due_for_fetch()
        .order_by("next_fetch_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def _poll_claimed(feed_id: int, *, inline: bool, fetcher) -> PollOutcome:
    feed = Feed.objects.select_related("source").get(pk=feed_id)
    outcome = PollOutcome(feed_id, url=feed.url)
    if not feed.is_active:
        outcome.message = "inactive"
        return outcome
    host = host_for(feed.url)
    now = timezone.now()
    if host.is_paused(now):
        Feed.objects.filter(pk=feed.pk).update(next_poll_at=host.paused_until)
        outcome.result = PollResult.DEFERRED
        outcome.message = f"host {host.name} paused until {host.paused_until:%H:%M:%S} UTC"
        return outcome

    started = time.monotonic()
    with host_turn(host.name) as got_turn:
        if not got_turn:
            Feed.objects.filter(pk=feed.pk).update(next_poll_at=now + DEFER)
            outcome.result = PollResult.DEFERRED
            outcome.message = f"host {host.name} busy"
            return outcome
        result, error = guarded_get(
            fetcher,
            feed.url,
            etag=feed.etag,
            last_modified=feed.last_modified,
            accept=FEED_ACCEPT,
        )
    outcome.duration_ms = elapsed_ms(result, started)
    now = timezone.now()

    def log_fetch(kind: str, message: str = "") -> None:
        record_fetch(
            feed=feed,
            url=feed.url,
            outcome=kind,
            result=result,
            message=message,
            duration_ms=outcome.duration_ms,
            now=now,
        )

    if error is not None:
        message = error_message(error)
        with transaction.atomic():
            log_fetch(error_outcome(error), message)
            fail_feed(feed, message, grade=error_grade(error), status=None, now=now)
        outcome.result, outcome.message = PollResult.FAILED, message
        return outcome

    outcome.status = result.status
    decision = polling.decide_response(result.status, headers_of(result).get("retry-after"), now)
    if decision.response == polling.Response.NOT_MODIFIED:
        with transaction.atomic():
            log_fetch(Outcome.NOT_MODIFIED)
            succeed_feed(feed, result, parsed=None, now=now)
        outcome.result = PollResult.UNCHANGED
        return outcome

    if decision.response == polling.Response.GONE:
        with transaction.atomic():
            log_fetch(Outcome.GONE, decision.message)
            Feed.objects.filter(pk=feed.pk).update(
                is_active=False,
                gone_at=now,
                last_polled_at=now,
                last_status=result.status,
                last_error=decision.message,
                next_poll_at=None,
            )
        outcome.result, outcome.message = PollResult.GONE, decision.message
        return outcome

    if decision.response != polling.Response.OK:
        rate_limited = decision.response == polling.Response.RATE_LIMITED
        with transaction.atomic():
            log_fetch(
                Outcome.RATE_LIMITED if rate_limited else Outcome.HTTP_ERROR, decision.message
            )
            pause_host(host.name, decision)
            fail_feed(
                feed,
                decision.message,
                grade=decision.grade,
                status=result.status,
                now=now,
                retry_at=decision.retry_at,
            )
        outcome.result, outcome.message = PollResult.FAILED, decision.message
        return outcome

    parsed = parse_feed(result.content or b"", result.url or feed.url, headers_of(result))
    if not parsed.is_feed:
        message = f"not a feed: {parsed.problem or 'no entries and no feed format recognised'}"
        with transaction.atomic():
            log_fetch(Outcome.PARSE_ERROR, message)
            fail_feed(feed, message, status=result.status, now=now)
        outcome.result, outcome.message = PollResult.FAILED, message
        return outcome

    with transaction.atomic():
        log_fetch(Outcome.OK, parsed.problem and f"parsed with a problem: {parsed.problem}")
        new_ids = store_entries(feed, parsed.entries[:MAX_ENTRIES_PER_POLL], now=now)
        succeed_feed(feed, result, parsed=parsed, now=now)
        if not inline:
            queue_fetches(new_ids)
    outcome.entries = len(parsed.entries)
    outcome.new_article_ids = new_ids
    outcome.result = PollResult.NEW if new_ids else PollResult.UNCHANGED
    if parsed.problem:
        outcome.message = parsed.problem
    return outcome


def fail_feed(
    feed: Feed,
    message: str,
    *,
    now: datetime,
    status: int | None,
    grade: str = polling.TRANSIENT,
    retry_at: datetime | None = None,
) -> None:
    error_count = feed.error_count + 1
    if retry_at is None:
        retry_at = now + polling.backoff_delay(feed.poll_interval, error_count, grade=grade)
    Feed.objects.filter(pk=feed.pk).update(
        error_count=error_count,
        last_error=message,
        last_status=status,
        last_polled_at=now,
        next_poll_at=retry_at,
    )


def succeed_feed(
    feed: Feed, result: FetchResult, *, parsed: ParsedFeed | None, now: datetime
) -> None:
    headers = headers_of(result)
    changes: dict[str, Any] = {
        "error_count": 0,
        "last_error": "",
        "last_status": result.status,
        "last_polled_at": now,
        "last_success_at": now,
        "next_poll_at": now
        + polling.next_poll_delay(
            feed.poll_interval,
            ttl=parsed.ttl if parsed else None,
            freshness=polling.freshness_from_headers(headers, now),
        ),
    }
    # Keep the validators we have when a 304 does not repeat them.
    etag = result.etag
    last_modified = result.last_modified
    if etag:
        changes["etag"] = fit(Feed, "etag", etag)
    if last_modified:
        changes["last_modified"] = fit(Feed, "last_modified", last_modified)
    if parsed is not None:
        changes["parse_problem"] = fit(Feed, "parse_problem", parsed.problem)
        if parsed.title and not feed.title:
            changes["title"] = fit(Feed, "title", parsed.title)
        if parsed.site_url and not feed.site_url:
            changes["site_url"] = fit(Feed, "site_url", parsed.site_url)
    changes.update(redirect_changes(feed, result))
    Feed.objects.filter(pk=feed.pk).update(**changes)


def permanent_target(result: FetchResult) -> str | None:
    return result.permanent_redirect or None


def redirect_changes(feed: Feed, result: FetchResult) -> dict[str, Any]:
    """Adopt a permanent redirect's target once confirmed (see polling)."""
    target = permanent_target(result)
    if target and (target == feed.url or not fits(Feed, "url", target)):
        target = None
    decision = polling.permanent_redirect_decision(target, feed.redirect_url, feed.redirect_count)
    if decision.adopt and target:
        if Feed.objects.filter(url=target).exclude(pk=feed.pk).exists():
            # Another feed already has that URL: keep ours; the admin can merge them.
            return {"redirect_url": target, "redirect_count": decision.count}
        return {"url": target, "redirect_url": "", "redirect_count": 0}
    return {"redirect_url": decision.pending_url, "redirect_count": decision.count}


# --- Entries -> articles ----------------------------------------------------------


def store_entries(feed: Feed, entries: list[ParsedEntry], *, now: datetime) -> list[int]:
    """Upsert the feed's entries; return the ids of articles created by this call."""
    # What this feed carried before, whichever feed brought each article first.
    existing = {
        row["entry_id"]: row
        for row in FeedEntry.objects.filter(
            feed=feed, entry_id__in=[e.entry_id for e in entries]
        ).values(
            "entry_id",
            pk=F("article_id"),
            title=F("article__title"),
            summary=F("article__summary"),
            published_at=F("article__published_at"),
            first_feed=F("article__feed_id"),
        )
    }
    new_ids: list[int] = []
    for entry in entries:
        values = {
            "title": entry.title,
            "summary": entry.summary,
            "published_at": entry.published_at,
        }
        stored = existing.get(entry.entry_id)
        change = polling.entry_change(stored, values, ("title", "summary", "published_at"))
        if change == polling.UNCHANGED:
            continue
        if change == polling.CHANGED:
            # Edits come from the article's first feed only: two feeds' differing
            # summaries would otherwise overwrite each other on every poll.
            if stored["first_feed"] == feed.pk:
                updates = {k: v for k, v in values.items() if v not in (None, "")}
                Article.objects.filter(pk=stored["pk"]).update(**updates)
            continue
        article_id = create_article(feed, entry, now=now)
        if article_id is not None:
            new_ids.append(article_id)
    return new_ids


def find_original(fingerprint: str, *, feed_id: int | None, exclude_pk: int | None = None):
    """The earliest article from another feed with this fingerprint (its original, if a copy)."""
    if not fingerprint:
        return None
    candidates = Article.objects.filter(content_fingerprint=fingerprint)
    if feed_id is not None:
        candidates = candidates.exclude(feed_id=feed_id)
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    match = candidates.order_by("pk").only("pk", "duplicate_of_id").first()
    if match is None:
        return None
    return match.duplicate_of_id or match.pk


def known_article_id(url: str) -> int | None:
    return (
        Article.objects.filter(Q(url=url) | Q(canonical_url=url)).values_list("pk", flat=True)
    ).first()


def carry(feed: Feed, article_id: int, entry: ParsedEntry, *, now: datetime) -> None:
    """Record that this feed carries an article another feed brought first."""
    try:
        with transaction.atomic():
            FeedEntry.objects.get_or_create(
                feed=feed,
                article_id=article_id,
                defaults={"entry_id": entry.entry_id, "seen_at": now},
            )
    except IntegrityError:  # another worker recorded it at the same moment
        pass


def create_article(feed: Feed, entry: ParsedEntry, *, now: datetime) -> int | None:
    """Insert one entry as an article; None when its URL is already known (another feed,
    which then shares it with this one)."""
    url = canonical_url(entry.link)
    if not is_http_url(url) or not fits(Article, "url", url):
        return None
    known = known_article_id(url)
    if known is not None:
        # The same page reached through another feed (or an earlier guid): one story,
        # one row, carried by both feeds.
        carry(feed, known, entry, now=now)
        return None
    fingerprint = polling.content_fingerprint(f"{entry.title}\n{entry.summary}")
    original_id = find_original(fingerprint, feed_id=feed.pk)
    article = Article(
        feed=feed,
        source=feed.source,
        url=url,
        entry_id=entry.entry_id,
        title=fit(Article, "title", entry.title or url),
        author=entry.author,
        summary=entry.summary,
        published_at=entry.published_at,
        content_fingerprint=fingerprint,
        duplicate_of_id=original_id,
        # A syndicated copy is linked to its original, not fetched again.
        fetch_state=Article.FetchState.SKIPPED if original_id else Article.FetchState.PENDING,
        next_fetch_at=None if original_id else now,
        analysis_state=(
            Article.AnalysisState.SKIPPED if original_id else Article.AnalysisState.WAITING
        ),
    )
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        # Another worker stored the same entry or URL first: theirs is the row.
        winner = known_article_id(url)
        if winner is not None:
            carry(feed, winner, entry, now=now)
        return None
    return article.pk


def queue_fetches(article_ids: list[int]) -> None:
    """Queue page fetches once the articles are committed; mark them as queued."""
    if not article_ids:
        return
    from newsfeed.tasks import fetch_article as fetch_task

    later = timezone.now() + analysing.requeue_after()
    Article.objects.filter(pk__in=article_ids).update(next_fetch_at=later)
    analysing.send_after_commit(fetch_task, article_ids)


# --- Article pages -----------------------------------------------------------------


def claim_article(article_id: int, now: datetime) -> leases.Lease | None:
    """Take a pending page's fetch lease; should this worker die, the page is due
    again as soon as the lease lapses."""
    return leases.acquire(
        leases.PAGE,
        {"pk": article_id},
        now=now,
        when=Q(fetch_state=Article.FetchState.PENDING),
        also={"next_fetch_at": now + leases.duration()},
    )


def fetch_article(article_id: int, *, inline: bool, fetcher=None) -> FetchOutcome:
    """Fetch and extract an article's page, once; then announce that its text is ready."""
    now = timezone.now()
    lease = claim_article(article_id, now)
    if lease is None:
        state = Article.objects.filter(pk=article_id).values_list("fetch_state", flat=True)
        result = PageResult.SKIPPED if state else PageResult.MISSING
        return FetchOutcome(article_id, result, "not pending or busy")
    try:
        with leases.kept(lease), fetcher_in_use(fetcher) as client:
            outcome = _fetch_claimed(article_id, fetcher=client)
    except Exception as exc:
        log.exception("fetching article %s failed", article_id)
        message = fit(Article, "fetch_error", f"internal error: {type(exc).__name__}: {exc}")
        outcome = page_failed(
            Article.objects.get(pk=article_id), message, grade=polling.TRANSIENT, now=now
        )
    finally:
        leases.release(lease)
    # Analysis gets the article once its text is settled: extracted, or the
    # feed's summary when the page failed for good. After a first transient
    # failure it gets the summary at once; a later success announces again
    # (analysis replaces its results, so that is safe).
    if outcome.result in (PageResult.DONE, PageResult.FAILED) or (
        outcome.result == PageResult.RETRY and _first_attempt(article_id)
    ):
        analysing.request_analysis(article_id, inline=inline)
        announce_article_ready(article_id, inline=inline)
    return outcome


def _first_attempt(article_id: int) -> bool:
    return Article.objects.filter(pk=article_id, fetch_attempts=1).exists()


NO_MAIN_TEXT = "no main text found on the page"


def _fetch_claimed(article_id: int, *, fetcher) -> FetchOutcome:
    article = Article.objects.get(pk=article_id)
    host = host_for(article.url)
    now = timezone.now()
    if host.is_paused(now):
        Article.objects.filter(pk=article.pk).update(next_fetch_at=host.paused_until)
        return FetchOutcome(article_id, PageResult.DEFERRED, f"host {host.name} paused")
    started = time.monotonic()
    with host_turn(host.name) as got_turn:
        if not got_turn:
            Article.objects.filter(pk=article.pk).update(next_fetch_at=now + DEFER)
            return FetchOutcome(article_id, PageResult.DEFERRED, f"host {host.name} busy")
        result, error = guarded_get(fetcher, article.url, accept=PAGE_ACCEPT)
    duration = elapsed_ms(result, started)
    now = timezone.now()

    def log_fetch(outcome: str, message: str = "") -> None:
        record_fetch(
            article=article,
            feed=article.feed,
            url=article.url,
            outcome=outcome,
            result=result,
            message=message,
            duration_ms=duration,
            now=now,
        )

    if error is not None:
        message = error_message(error)
        with transaction.atomic():
            log_fetch(error_outcome(error), message)
            return page_failed(article, message, grade=error_grade(error), now=now)

    decision = polling.decide_response(
        result.status, headers_of(result).get("retry-after"), now, page=True
    )
    if decision.response == polling.Response.RATE_LIMITED:
        with transaction.atomic():
            log_fetch(Outcome.RATE_LIMITED, decision.message)
            pause_host(host.name, decision)
            Article.objects.filter(pk=article.pk).update(next_fetch_at=decision.retry_at)
        return FetchOutcome(article_id, PageResult.DEFERRED, decision.message)

    if decision.response != polling.Response.OK:
        with transaction.atomic():
            log_fetch(Outcome.HTTP_ERROR, decision.message)
            return page_failed(article, decision.message, grade=decision.grade, now=now)

    page = extract(result)
    with transaction.atomic():
        log_fetch(Outcome.OK if page else Outcome.EXTRACT_ERROR, "" if page else NO_MAIN_TEXT)
        if page is None:
            Article.objects.filter(pk=article.pk).update(
                fetch_state=Article.FetchState.FAILED,
                fetch_attempts=article.fetch_attempts + 1,
                fetch_error=f"{NO_MAIN_TEXT}; the feed's summary is kept",
                fetched_at=now,
                next_fetch_at=None,
                **analysis_due(now),
            )
            return FetchOutcome(article_id, PageResult.FAILED, "no main text")
        store_page(article, page, final_url=result.url or article.url, now=now)
    return FetchOutcome(article_id, PageResult.DONE)


def extract(result: FetchResult) -> ExtractedPage | None:
    from newsfeed.extraction import extract_page

    try:
        return extract_page(result.content or b"", result.url, charset=result.charset)
    except Exception:  # a page that crashes the extractor is a page without text
        log.exception("extraction failed for %s", result.url)
        return None


def page_failed(article: Article, message: str, *, grade: str, now: datetime) -> FetchOutcome:
    attempts = article.fetch_attempts + 1
    if grade == polling.PERMANENT or attempts >= polling.MAX_PAGE_ATTEMPTS:
        Article.objects.filter(pk=article.pk).update(
            fetch_state=Article.FetchState.FAILED,
            fetch_attempts=attempts,
            fetch_error=message,
            next_fetch_at=None,
            **analysis_due(now),
        )
        return FetchOutcome(article.pk, PageResult.FAILED, message)
    Article.objects.filter(pk=article.pk).update(
        fetch_attempts=attempts,
        fetch_error=message,
        next_fetch_at=now + polling.page_retry_delay(attempts),
        # After a first failure the feed's summary is analysed meanwhile.
        **(analysis_due(now) if attempts == 1 else {}),
    )
    return FetchOutcome(article.pk, PageResult.RETRY, message)


def analysis_due(now: datetime) -> dict[str, Any]:
    """Written with the change that settles an article's text, in its transaction: should
    the worker die before it queues the analysis, the sweep still finds it due."""
    return {
        "analysis_state": Article.AnalysisState.PENDING,
        "analysis_attempts": 0,
        "analysis_error": "",
        "analysis_next_at": now + analysing.requeue_after(),
    }


def store_page(article: Article, page: ExtractedPage, *, final_url: str, now: datetime) -> None:
    """Fill the article from its extracted page, honouring the page's canonical URL."""
    from newsfeed.sanitize import clean_html

    declared = page.canonical_url
    canonical = canonical_url(declared, base=final_url) if declared else ""
    if not is_http_url(canonical):
        canonical = canonical_url(final_url) if is_http_url(final_url) else article.url
    text = page.text.strip()
    changes: dict[str, Any] = {
        "text": text,
        "html": clean_html(page.html),
        "fetch_state": Article.FetchState.DONE,
        "fetch_attempts": article.fetch_attempts + 1,
        "fetch_error": "",
        "fetched_at": now,
        "next_fetch_at": None,
        **analysis_due(now),
    }
    if page.language:
        changes["language"] = fit(Article, "language", str(page.language))
    if page.author and not article.author:
        changes["author"] = fit(Article, "author", str(page.author))
    if page.published_at and not article.published_at:
        changes["published_at"] = page.published_at
    if page.title and (not article.title or article.title == article.url):
        changes["title"] = fit(Article, "title", str(page.title))
    fingerprint = polling.content_fingerprint(text) if text else ""
    if fingerprint:
        changes["content_fingerprint"] = fingerprint

    other = (
        Article.objects.filter(Q(url=canonical) | Q(canonical_url=canonical))
        .exclude(pk=article.pk)
        .values_list("pk", "duplicate_of_id")
        .first()
    )
    if other:
        # Another article already is this page: this one is a copy of it.
        changes["duplicate_of_id"] = other[1] or other[0]
    elif not article.duplicate_of_id and fingerprint:
        original = find_original(fingerprint, feed_id=article.feed_id, exclude_pk=article.pk)
        if original and original < article.pk:
            changes["duplicate_of_id"] = original
    try:
        with transaction.atomic():
            Article.objects.filter(pk=article.pk).update(
                **changes, canonical_url=None if other else canonical
            )
    except IntegrityError:
        # A concurrent fetch claimed this canonical URL first: link to that article.
        winner = Article.objects.filter(canonical_url=canonical).values_list("pk", flat=True)
        changes["duplicate_of_id"] = winner.first()
        Article.objects.filter(pk=article.pk).update(**changes)


# --- Scheduling ----------------------------------------------------------------------


def poll_due_feeds(limit: int = 100, now: datetime | None = None) -> dict[str, int]:
    """Queue a poll for each due feed, a fetch for each due page and each due analysis
    (retries, and whatever a lost message or a dead worker left behind).

    Queued rows get their next time pushed REQUEUE_AFTER_SECONDS ahead, so the next
    beat (a minute later) does not queue them again while they wait.
    """
    from newsfeed.tasks import fetch_article as fetch_task
    from newsfeed.tasks import poll_feed as poll_task

    now = now or timezone.now()
    later = now + analysing.requeue_after()
    feed_ids = list(
        Feed.objects.due_for_poll(now)
        .unclaimed(now)
        .order_by("next_poll_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    queued_feeds = [
        pk
        for pk in feed_ids
        if Feed.objects.filter(pk=pk)
        .due_for_poll(now)
        .update(next_poll_at=later)  # conditional: one beat wins
    ]
    article_ids = list(
        Article.objects.due_for_fetch(now)
        .order_by("next_fetch_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    queued_pages = [
        pk
        for pk in article_ids
        if Article.objects.filter(pk=pk).due_for_fetch(now).update(next_fetch_at=later)
    ]

    analysing.send_after_commit(poll_task, queued_feeds)
    analysing.send_after_commit(fetch_task, queued_pages)
    analyses = analysing.queue_due_analyses(limit=limit, now=now)
    return {"feeds": len(queued_feeds), "pages": len(queued_pages), "analyses": analyses}


def feeds_to_poll(*, all_feeds: bool = False, url: str | None = None) -> list[Feed]:
    """The feeds `pollfeeds` works on: one by URL, all active ones, or the due ones."""
    if url:
        wanted = {url, canonical_url(url)} if is_http_url(url) else {url}
        return list(Feed.objects.filter(url__in=wanted))
    feeds = Feed.objects.active() if all_feeds else Feed.objects.due_for_poll()
    return list(feeds.order_by("pk"))


def summarise(outcomes: list[PollOutcome]) -> Mapping[str, int]:
    counts = {"feeds": len(outcomes), "new": 0, "unchanged": 0, "failed": 0, "pages": 0}
    for outcome in outcomes:
        counts["new"] += outcome.new
        counts["pages"] += outcome.pages_fetched
        if outcome.result in (PollResult.FAILED, PollResult.GONE):
            counts["failed"] += 1
        elif outcome.result == PollResult.UNCHANGED:
            counts["unchanged"] += 1
    return counts
