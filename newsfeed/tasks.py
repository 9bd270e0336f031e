"""Celery tasks, and what follows each step of ingestion.

ingest.py and pages.py do one step and return what should follow it: a poll,
the new articles whose pages come next; a page, whether the article's text is
settled (so analysis comes next). This module alone decides how it follows:

- in a worker (the tasks below), it is queued once the transaction commits,
  one message per id; should a message be lost, the rows are already due in the
  database and the beat's sweep (`poll_due_feeds`) sends them again;
- in-process (`pollfeeds`, tests: `poll_feed_now`, `fetch_article_now`), it runs
  before the call returns.

Tasks take ids and are safe to run twice (acks_late is on). Their commits do not wait
for the disk (commits.py): what a database crash could undo is due again anyway.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from newsfeed import analysing, ingest, pages
from newsfeed.commits import unflushed
from newsfeed.ingest import FailedPage, PollOutcome
from newsfeed.models import Article
from newsfeed.pages import FetchOutcome
from newsfeed.polling import PageResult
from newsfeed.signals import announce_article_ready

log = logging.getLogger(__name__)


# --- In a worker: follow-ups are queued -----------------------------------------------


@shared_task(name="newsfeed.poll_due_feeds", ignore_result=True)
def poll_due_feeds(limit: int = 200, now: datetime | None = None) -> dict[str, int]:
    """The beat's sweep: queue each due poll, page fetch and analysis, once."""
    with unflushed():
        due = ingest.claim_due_work(limit=limit, now=now)
        analyses = analysing.claim_due_analyses(limit=limit, now=now)
    send_after_commit(poll_feed, due.feed_ids)
    send_after_commit(fetch_article, due.article_ids)
    send_after_commit(analyse_article, analyses)
    return {"feeds": len(due.feed_ids), "pages": len(due.article_ids), "analyses": len(analyses)}


@shared_task(name="newsfeed.poll_feed")
def poll_feed(feed_id: int) -> dict[str, Any]:
    with unflushed():
        outcome = ingest.poll_feed(feed_id)
        queue_pages(outcome.new_article_ids)
    return outcome.as_dict()


# Thousands a day, and the article row holds the outcome: no task result rows.
@shared_task(name="newsfeed.fetch_article", ignore_result=True)
def fetch_article(article_id: int) -> dict[str, Any]:
    with unflushed():
        outcome = pages.fetch_article(article_id)
        if outcome.text_ready:
            analyse_here(article_id, requested=True)
    return {
        "article_id": outcome.article_id,
        "result": str(outcome.result),
        "message": outcome.message,
    }


@shared_task(name="newsfeed.analyse_article", ignore_result=True)
def analyse_article(article_id: int) -> dict[str, Any]:
    """Run the registered analyser on a pending article (a no-op unless pending)."""
    with unflushed():
        result = analysing.run_analysis(article_id)
    return {"article_id": article_id, "result": str(result)}


def analyse_again(article_ids: Iterable[int]) -> int:
    """Editors' "analyse again": pending now, queued after the commit."""
    ids = list(article_ids)
    changed = analysing.analyse_again(ids)
    send_after_commit(analyse_article, ids)
    return changed


def queue_pages(article_ids: list[int]) -> None:
    """Queue page fetches after the commit; until then they are due a little later."""
    if not article_ids:
        return
    later = timezone.now() + analysing.requeue_after()
    Article.objects.filter(pk__in=article_ids).update(next_fetch_at=later)
    send_after_commit(fetch_article, article_ids)


def queue_analysis(article_id: int) -> None:
    """The article's text is settled (or better than before): analyse it (again), queued."""
    analysing.request_analysis(article_id)
    send_after_commit(analyse_article, [article_id])
    announce_article_ready(article_id, inline=False)


def analyse_here(article_id: int, *, inline: bool = False, requested: bool = False) -> None:
    """The article's text is settled (or better than before): analyse it (again) in this
    process, which has just stored it. In a worker that beats queueing a message for the
    next free worker (a broker round trip and a second task per article, and with several
    workers the analysis waited behind every page fetch queued before it). Should the
    process die in it, nothing is lost: the article is pending and due a little later, so
    the beat's sweep re-sends it. `inline`: what listens to `article_ready` runs its own
    follow-ups now (pollfeeds, no worker) rather than queueing them. `requested`: the
    transaction that settled the text made the analysis pending already (pages.apply), so
    that UPDATE is not made twice."""
    if not requested:
        analysing.request_analysis(article_id)
    analysing.run_analysis(article_id)
    announce_article_ready(article_id, inline=inline)


def send_after_commit(task: Any, ids: Iterable[int]) -> None:
    """Publish one message per id once the transaction commits.

    A broker that is down loses nothing: the rows were already marked due in the
    database (a little later), so the beat's sweep sends them again.
    """
    ids = list(ids)
    if not ids:
        return

    def send() -> None:
        for index, pk in enumerate(ids):
            try:
                task.delay(pk)
            except Exception as exc:  # kombu's OperationalError and friends
                log.warning(
                    "could not queue %s for %d ids (%s); the beat's sweep will",
                    task.name,
                    len(ids) - index,
                    exc,
                )
                return

    transaction.on_commit(send)


# --- In-process: follow-ups run before the call returns --------------------------------


def fetch_article_now(article_id: int, fetcher=None) -> FetchOutcome:
    """One page, then its analysis; a failure of the analysis does not stop the caller."""
    try:
        outcome = pages.fetch_article(article_id, fetcher=fetcher)
        if outcome.text_ready:
            analyse_here(article_id, inline=True, requested=True)
    except Exception as exc:
        log.exception("fetching or analysing article %s failed", article_id)
        return FetchOutcome(article_id, PageResult.FAILED, f"internal error: {type(exc).__name__}")
    return outcome


def poll_feed_now(feed_id: int, fetcher=None) -> PollOutcome:
    """Poll a feed, then fetch its new pages, its due retries and its due analyses."""
    with unflushed():
        return _poll_feed_now(feed_id, fetcher)


def _poll_feed_now(feed_id: int, fetcher) -> PollOutcome:
    # fetcher None: each step uses this thread's shared fetcher (requesting.default_fetcher).
    outcome = ingest.poll_feed(feed_id, fetcher=fetcher)
    failed: dict[int, FetchOutcome] = {}

    def fetch(article_id: int) -> None:
        fetched = fetch_article_now(article_id, fetcher)
        if fetched.result == PageResult.DONE:
            outcome.pages_fetched += 1
        elif fetched.result in (PageResult.FAILED, PageResult.RETRY):
            failed[article_id] = fetched

    # New articles first (syndicated copies are linked to their original, not fetched)...
    for article_id in outcome.new_article_ids:
        fetch(article_id)
    # ...then, once they are settled, retries that are due and pages a crashed run left.
    for article_id in pending_article_ids(feed_id):
        fetch(article_id)
    # And analyses whose retry is due (or that a crashed run left pending).
    for article_id in analysing.due_analysis_ids(feed_id):
        analysing.run_analysis(article_id)
    urls = dict(Article.objects.filter(pk__in=failed).values_list("pk", "url")) if failed else {}
    outcome.failed_pages = [
        FailedPage(urls.get(pk, f"article {pk}"), page.message, page.result == PageResult.RETRY)
        for pk, page in failed.items()
    ]
    return outcome


def pending_article_ids(feed_id: int, limit: int = 100) -> list[int]:
    """Pages of this feed whose retry is due (or left pending by a crash)."""
    return list(
        Article.objects.filter(feed_id=feed_id)
        .due_for_fetch()
        .order_by("next_fetch_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
