"""One request for a feed or a page, and writing down what it came to.

Shared by the feed path (ingest.py) and the page path (pages.py): the host's
turn (one request at a time per server, none while it is paused), the
thread's fetcher, turning a response or a fetch error into a `polling.Answer`,
and applying the common part of an intent (the fetch log line, the host's
pause, the row's new fields) in one transaction.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError
from django.db.models import Model, QuerySet
from django.utils import timezone

from newsfeed import leases, polling
from newsfeed.fetching import FetchError, FetchResult
from newsfeed.models import Article, Feed, FetchLog, Host

HOST_WAIT_SECONDS = 15.0  # how long to wait for a busy host before deferring
DEFER = timedelta(minutes=1)  # a busy host: try again soon

# Error messages (TextFields) are kept to this many characters: enough to read, bounded.
MAX_MESSAGE = 2000


def fit(model: type[Model], name: str, value: str) -> str:
    """`value` cut to what the model's field holds (its max_length; TextFields: MAX_MESSAGE)."""
    return value[: model._meta.get_field(name).max_length or MAX_MESSAGE]


def fits(model: type[Model], name: str, value: str) -> bool:
    return len(value) <= (model._meta.get_field(name).max_length or MAX_MESSAGE)


def fitted(model: type[Model], changes: Mapping[str, Any]) -> dict[str, Any]:
    """An intent's new fields, each string cut to its column."""
    return {
        name: fit(model, name, value) if isinstance(value, str) else value
        for name, value in changes.items()
    }


# --- The fetcher -------------------------------------------------------------------

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


# --- Hosts -------------------------------------------------------------------------


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


# --- One request ---------------------------------------------------------------------


@dataclass(frozen=True)
class Requested:
    """One request's result (`answer`), or when to try again (`deferred_until`)."""

    host: str
    answer: polling.Answer | None = None
    result: FetchResult | None = None  # the response itself, for the fetch log
    duration_ms: int = 0
    deferred_until: datetime | None = None
    deferred_because: str = ""


def request(fetcher, url: str, **kwargs: Any) -> Requested:
    """GET `url` in its host's turn; a paused or busy host defers the request instead."""
    host = host_for(url)
    now = timezone.now()
    if host.is_paused(now):
        reason = f"host {host.name} paused until {host.paused_until:%H:%M:%S} UTC"
        return Requested(host.name, deferred_until=host.paused_until, deferred_because=reason)
    started = time.monotonic()
    with host_turn(host.name) as got_turn:
        if not got_turn:
            reason = f"host {host.name} busy"
            return Requested(host.name, deferred_until=now + DEFER, deferred_because=reason)
        try:
            result = fetcher.get(url, **kwargs)
        except FetchError as exc:
            duration = int((time.monotonic() - started) * 1000)
            return Requested(host.name, failure_answer(exc), duration_ms=duration)
    return Requested(host.name, answer_of(result), result, int(result.elapsed * 1000))


def answer_of(result: FetchResult) -> polling.Answer:
    headers = {str(k).lower(): str(v) for k, v in (result.headers or {}).items()}
    target = result.permanent_redirect or ""
    return polling.Answer(
        status=result.status,
        headers=headers,
        content=result.content or b"",
        url=result.url,
        charset=result.charset,
        # A target too long for the feed's URL column is no move we can follow.
        permanent_redirect=target if fits(Feed, "url", target) else "",
    )


def failure_answer(exc: FetchError) -> polling.Answer:
    """A fetch error as an answer: its kind, and its reason in words."""
    failure = polling.logged_failure(exc.kind)
    reason = exc.reason or type(exc).__name__
    label = FetchLog.Outcome(failure).label
    # Fetch errors' reasons start with their kind ("network: cannot resolve …"); users
    # read the outcome's label in its place ("Network error: cannot resolve …").
    if exc.kind and reason.startswith(f"{exc.kind}: "):
        reason = reason.removeprefix(f"{exc.kind}: ")
    message = reason if reason.lower().startswith(label.lower()) else f"{label}: {reason}"
    return polling.Answer.failed(failure, message)


# --- Writing it down -------------------------------------------------------------------


def apply(
    intent: polling.Intent,
    rows: QuerySet,
    *,
    url: str,
    requested: Requested | None,
    now: datetime,
    feed: Feed | None = None,
    article: Article | None = None,
) -> None:
    """Write the common part of an intent; call inside the transaction that stores the rest."""
    if intent.log is not None:
        record_fetch(
            url=url,
            outcome=FetchLog.Outcome(intent.log),
            feed=feed,
            article=article,
            result=requested.result if requested else None,
            message=intent.message,
            duration_ms=requested.duration_ms if requested else 0,
            now=now,
        )
    if intent.host_paused_until is not None and requested is not None:
        # A 429 speaks for the whole server: every feed and page on it waits.
        Host.objects.filter(name=requested.host).update(
            paused_until=intent.host_paused_until, pause_reason=intent.message
        )
    if intent.changes:
        rows.update(**fitted(rows.model, intent.changes))


def record_fetch(
    *,
    url: str,
    outcome: FetchLog.Outcome,
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
