"""Analysis as a state the database holds: newsfeed drives it, another app supplies it.

newsfeed knows nothing of what an analysis finds. An app registers the function
that analyses an article by id (`register_analyser`; chips does in its
AppConfig.ready). newsfeed records that an article needs analysis, runs the
analyser under a lease, retries failures with backoff, and the beat's sweep
(`claim_due_analyses`, from tasks' `poll_due_feeds`) re-queues what a lost message, a
failed publish or a dead worker left behind.

States (`Article.AnalysisState`): waiting (its text is not settled) → pending
(due at `analysis_next_at`) → done, or failed once MAX_ANALYSIS_ATTEMPTS in a
row raised (the admin's "analyse again" makes it pending). The analyser calls
`mark_analysed` inside the transaction that stores its results, so both commit
or neither: a crash cannot leave results unmarked (analysed twice) or a mark
without results (never analysed). Under a lease the mark is owner-checked, so
of two workers only the lease holder commits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db import DatabaseError
from django.db.models import F, Q
from django.utils import timezone

from newsfeed import leases, polling
from newsfeed.models import Article

log = logging.getLogger(__name__)

State = Article.AnalysisState
Analyser = Callable[[int], Any]

_analyser: Analyser | None = None


class AnalysisResult(StrEnum):
    """What one run of the analyser came to."""

    DONE = "done"
    RETRY = "retry"  # it raised; tried again later
    FAILED = "failed"  # it raised once too often: given up
    SKIPPED = "skipped"  # not pending, or another worker has it
    MISSING = "missing"


class LeaseLost(Exception):
    """Another worker took this analysis over (our lease lapsed): it commits, not us."""


@dataclass
class _Running:
    lease: leases.Lease
    marked: bool = False


_running: ContextVar[_Running | None] = ContextVar("newsfeed_analysis", default=None)


def register_analyser(analyser: Analyser | None) -> None:
    """Set the function that analyses an article by id (None: articles need none)."""
    global _analyser
    _analyser = analyser


def requeue_after() -> timedelta:
    return timedelta(seconds=float(getattr(settings, "REQUEUE_AFTER_SECONDS", 300.0)))


def request_analysis(article_id: int) -> None:
    """The article's text is settled (or better than before): make it pending again.

    Running or queueing it is the caller's (tasks.py); due a little later in any
    case, so that if the message or the process is lost, the sweep finds it.
    """
    Article.objects.filter(pk=article_id).update(
        analysis_state=State.PENDING,
        analysis_attempts=0,
        analysis_error="",
        analysis_next_at=timezone.now() + requeue_after(),
    )


def run_analysis(article_id: int) -> AnalysisResult:
    """Analyse a pending article under its lease: done, retry, failed, skipped or missing."""
    now = timezone.now()
    lease = leases.acquire(
        leases.ANALYSIS,
        {"pk": article_id},
        now=now,
        when=Q(analysis_state=State.PENDING),
        # Should this worker die, the sweep finds the article once the lease lapses.
        also={"analysis_next_at": now + leases.duration()},
    )
    if lease is None:
        exists = Article.objects.filter(pk=article_id).exists()
        return AnalysisResult.SKIPPED if exists else AnalysisResult.MISSING
    running = _Running(lease)
    reset = _running.set(running)
    done = False
    try:
        with leases.kept(lease):
            if _analyser is not None:
                _analyser(article_id)
            if not running.marked:
                mark_analysed(article_id)
        done = True
        return AnalysisResult.DONE
    except LeaseLost:
        return AnalysisResult.SKIPPED
    except Exception as exc:
        log.exception("analysing article %s failed", article_id)
        return record_failure(lease, exc)
    finally:
        _running.reset(reset)
        # Done: the mark gave the lease back in the results' own commit (one write less
        # per article, on SQLite one turn less at the writer's lock).
        if not done:
            leases.release(lease)


def mark_analysed(article_id: int, now: datetime | None = None) -> None:
    """The analyser's results for this article are stored: call inside their transaction.

    Under `run_analysis`'s lease only the holder may mark (raises LeaseLost
    otherwise, rolling the results back), and the mark gives the lease back; outside
    it (re-analysis by a command) the mark is unconditional.
    """
    running = _running.get()
    rows = Article.objects.filter(pk=article_id)
    mine = running is not None and running.lease.row.get("pk") == article_id
    changes: dict[str, Any] = {}
    if mine:
        rows = rows.filter(analysis_claim_token=running.lease.token)
        kind = running.lease.kind
        changes = {kind.until: None, kind.token: ""}
    changed = rows.update(
        analysis_state=State.DONE,
        analysis_attempts=F("analysis_attempts") + 1,
        analysis_error="",
        analysis_next_at=None,
        analyzed_at=now or timezone.now(),
        **changes,
    )
    if mine:
        if not changed:
            raise LeaseLost(f"article {article_id}: analysis lease lost")
        running.marked = True


def record_failure(lease: leases.Lease, exc: Exception) -> AnalysisResult:
    """Count a failed attempt; retry later with backoff, or give up and say why."""
    message = f"{type(exc).__name__}: {exc}"[:2000]
    try:
        attempts = (
            Article.objects.filter(pk=lease.row["pk"])
            .values_list("analysis_attempts", flat=True)
            .first()
        ) or 0
        decision = polling.analysis_retry(attempts + 1)
        changes: dict[str, Any] = {"analysis_attempts": attempts + 1, "analysis_error": message}
        if decision.give_up:
            changes.update(analysis_state=State.FAILED, analysis_next_at=None)
        else:
            changes.update(analysis_next_at=timezone.now() + decision.delay)
        lease.rows().update(**changes)
    except DatabaseError:
        # The database itself is failing: the article stays pending and is swept
        # again once the lease lapses.
        log.warning("could not record the failed analysis of article %s", lease.row["pk"])
        return AnalysisResult.RETRY
    return AnalysisResult.FAILED if decision.give_up else AnalysisResult.RETRY


def claim_due_analyses(limit: int = 100, now: datetime | None = None) -> list[int]:
    """The sweep's share: each due analysis (a retry, or one that was lost), once.

    Each row's next time moves REQUEUE_AFTER ahead first (a conditional UPDATE, so
    one beat wins), so later beats do not take it again while it waits in the queue.
    """
    now = now or timezone.now()
    ids = list(
        Article.objects.due_for_analysis(now)
        .order_by("analysis_next_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    later = now + requeue_after()
    return [
        pk
        for pk in ids
        if Article.objects.filter(pk=pk).due_for_analysis(now).update(analysis_next_at=later)
    ]


def due_analysis_ids(feed_id: int | None = None, limit: int = 100) -> list[int]:
    """Due analyses (of one feed's articles), for in-process runs such as `pollfeeds`."""
    due = Article.objects.due_for_analysis()
    if feed_id is not None:
        due = due.filter(feed_id=feed_id)
    return list(due.order_by("analysis_next_at", "pk").values_list("pk", flat=True)[:limit])


def analyse_again(article_ids: Iterable[int]) -> int:
    """Editors' "analyse again": make the articles pending (tasks.py queues them; should
    the messages be lost, the sweep re-sends them)."""
    return Article.objects.filter(pk__in=list(article_ids)).update(
        analysis_state=State.PENDING,
        analysis_attempts=0,
        analysis_error="",
        analysis_next_at=timezone.now() + requeue_after(),
    )
