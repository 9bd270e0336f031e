"""Polling a feed: fetch it, decide what the answer means, store its entries as articles.

`poll_feed` returns what it did, including the new articles whose pages should
be fetched next; it queues nothing and fetches no page itself. What follows a
poll (queued in a worker, or run in-process by `pollfeeds`) is tasks.py's
business; a page's fetch is pages.py's; what an answer means is polling.py's.

Safe to run twice, or again after a crash half-way:
- a feed is polled under a lease taken with a conditional UPDATE, so two
  workers never poll it at once; a crashed worker's lease expires;
- entries are upserted under the database's unique constraints ((feed,
  entry id), URL, canonical URL); losing a race to another worker raises
  IntegrityError, and the row the other worker wrote is read back instead;
- one poll's writes are one transaction, so a crash leaves all or nothing;
- retries are scheduled in the database (`next_poll_at`, `next_fetch_at`), and
  the beat's sweep (`claim_due_work`) picks up whatever a crash left due.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from newsfeed import analysing, leases, polling, requesting
from newsfeed.canonical import canonical_or_blank, is_http_url
from newsfeed.fetching import FEED_ACCEPT
from newsfeed.models import Article, Feed, FeedEntry
from newsfeed.parsing import ParsedEntry
from newsfeed.polling import PollResult
from newsfeed.requesting import fit, fits

log = logging.getLogger(__name__)


# --- Results -----------------------------------------------------------------


@dataclass
class PollOutcome:
    """What one poll did, for progress lines, tests and task results."""

    feed_id: int
    url: str = ""
    result: PollResult = PollResult.SKIPPED
    status: int | None = None
    new_article_ids: list[int] = field(default_factory=list)  # their pages come next
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


# --- Polling a feed -------------------------------------------------------------


def poll_feed(feed_id: int, *, fetcher=None, now: datetime | None = None) -> PollOutcome:
    """Poll one feed and store its new entries as articles, under the feed's lease (no
    other worker polls it meanwhile; should this one die, the feed is due again as soon
    as the lease lapses)."""
    now = now or timezone.now()
    also = {"next_poll_at": now + leases.duration()}
    with leases.held(leases.FEED, {"pk": feed_id}, now=now, also=also) as lease:
        if lease is None:
            message = "being polled by another worker"
            return PollOutcome(feed_id, result=PollResult.SKIPPED, message=message)
        try:
            return _poll_claimed(feed_id, fetcher or requesting.default_fetcher())
        except Exception as exc:
            # A bug or a database hiccup: the poll's transaction is rolled back; record
            # the failure so the feed backs off and says why, instead of being retried
            # hot by every beat.
            log.exception("polling feed %s failed", feed_id)
            return record_internal_error(feed_id, exc)


def _poll_claimed(feed_id: int, fetcher) -> PollOutcome:
    feed = Feed.objects.select_related("source").get(pk=feed_id)
    outcome = PollOutcome(feed_id, url=feed.url)
    if not feed.is_active:
        outcome.message = "inactive"
        return outcome
    requested = requesting.request(
        fetcher, feed.url, etag=feed.etag, last_modified=feed.last_modified, accept=FEED_ACCEPT
    )
    if requested.answer is None:
        Feed.objects.filter(pk=feed.pk).update(next_poll_at=requested.deferred_until)
        outcome.result, outcome.message = PollResult.DEFERRED, requested.deferred_because
        return outcome
    now = timezone.now()
    intent = polling.decide_feed(feed_state(feed, requested.answer), requested.answer, now)
    with transaction.atomic():
        requesting.apply(
            intent,
            Feed.objects.filter(pk=feed.pk),
            url=feed.url,
            requested=requested,
            now=now,
            feed=feed,
        )
        new_ids = store_entries(feed, list(intent.entries), now=now)
    outcome.status = requested.answer.status
    outcome.duration_ms = requested.duration_ms
    outcome.entries = intent.entry_count
    outcome.new_article_ids = new_ids
    outcome.result = PollResult.NEW if new_ids else intent.result
    outcome.message = intent.note
    return outcome


def feed_state(feed: Feed, answer: polling.Answer) -> polling.FeedState:
    """What `decide_feed` needs to know of the stored feed (and of the redirect's target)."""
    target = answer.permanent_redirect
    taken = bool(target) and Feed.objects.filter(url=target).exclude(pk=feed.pk).exists()
    return polling.FeedState(
        url=feed.url,
        poll_interval=feed.poll_interval,
        error_count=feed.error_count,
        has_title=bool(feed.title),
        has_site_url=bool(feed.site_url),
        redirect_url=feed.redirect_url,
        redirect_count=feed.redirect_count,
        redirect_target_taken=taken,
    )


def record_internal_error(feed_id: int, exc: Exception) -> PollOutcome:
    """Fail the feed as a network error would: it backs off and says why."""
    message = fit(Feed, "last_error", f"internal error: {type(exc).__name__}: {exc}")
    feed = Feed.objects.get(pk=feed_id)
    now = timezone.now()
    answer = polling.Answer.failed(polling.Logged.NETWORK_ERROR, message)
    intent = polling.decide_feed(feed_state(feed, answer), answer, now)
    with transaction.atomic():
        rows = Feed.objects.filter(pk=feed.pk)
        requesting.apply(intent, rows, url=feed.url, requested=None, now=now, feed=feed)
    return PollOutcome(feed_id, url=feed.url, result=PollResult.FAILED, message=message)


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
        if change == polling.EntryChange.UNCHANGED:
            continue
        if change == polling.EntryChange.CHANGED:
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
    url = canonical_or_blank(entry.link)
    if not is_http_url(url) or not fits(Article, "url", url):
        return None
    known = Article.objects.known_id(url)
    if known is not None:
        # The same page reached through another feed (or an earlier guid): one story,
        # one row, carried by both feeds.
        carry(feed, known, entry, now=now)
        return None
    fingerprint = polling.content_fingerprint(f"{entry.title}\n{entry.summary}")
    original_id = Article.objects.original_of(fingerprint, feed_id=feed.pk)
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
        winner = Article.objects.known_id(url)
        if winner is not None:
            carry(feed, winner, entry, now=now)
        return None
    return article.pk


# --- Scheduling ----------------------------------------------------------------------


@dataclass(frozen=True)
class DueWork:
    """What the beat's sweep took on: ids to queue (their next time already pushed on)."""

    feed_ids: list[int]
    article_ids: list[int]  # pages


def claim_due_work(limit: int = 100, now: datetime | None = None) -> DueWork:
    """Due feeds and due pages (retries, and whatever a lost message or a dead worker left
    behind), each pushed REQUEUE_AFTER_SECONDS ahead so the next beat (a minute later)
    does not take it again while it waits in the queue."""
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
    return DueWork(queued_feeds, queued_pages)


def feeds_to_poll(*, all_feeds: bool = False, url: str | None = None) -> list[Feed]:
    """The feeds `pollfeeds` works on: one by URL, all active ones, or the due ones."""
    if url:
        wanted = {url, canonical_or_blank(url)} if is_http_url(url) else {url}
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
