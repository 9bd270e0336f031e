"""Leases in the database: who works on a feed, a host, a page or an analysis.

A lease is two columns of the row (an expiry and a token). It is taken with a
conditional UPDATE (only when free or lapsed) and goes on only when that UPDATE
changed one row, so two workers never hold it at once, on SQLite and
PostgreSQL alike. Leases are short (`LEASE_SECONDS`, 15 s by default) and
renewed every third of that while the holder works, by one renewer thread per
process (started lazily, and anew in a forked child): a
killed worker's lease lapses within seconds instead of minutes, and a release
that fails (the database restarting) costs seconds, not the lease's length.
Renewing and releasing are owner-checked with the token, so a holder that
lost its lease never touches its successor's.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, models, transaction
from django.db.models import Q
from django.utils import timezone

log = logging.getLogger(__name__)

RELEASE_ATTEMPTS = 4


def duration() -> timedelta:
    return timedelta(seconds=float(getattr(settings, "LEASE_SECONDS", 15.0)))


@dataclass(frozen=True)
class Kind:
    """Which model and columns hold one kind of lease."""

    name: str
    model_label: str  # "newsfeed.Feed"
    until: str
    token: str

    @property
    def model(self) -> type[models.Model]:
        from django.apps import apps

        return apps.get_model(self.model_label)

    def free(self, now: datetime) -> Q:
        return Q(**{f"{self.until}__isnull": True}) | Q(**{f"{self.until}__lte": now})


FEED = Kind("feed", "newsfeed.Feed", "claimed_until", "claim_token")
HOST = Kind("host", "newsfeed.Host", "claimed_until", "claim_token")
PAGE = Kind("page", "newsfeed.Article", "fetch_claimed_until", "fetch_claim_token")
ANALYSIS = Kind("analysis", "newsfeed.Article", "analysis_claimed_until", "analysis_claim_token")


@dataclass(frozen=True)
class Lease:
    kind: Kind
    row: Mapping[str, Any]  # the lookup of the leased row, e.g. {"pk": 3}
    token: str

    def rows(self):
        return self.kind.model.objects.filter(**self.row, **{self.kind.token: self.token})


def acquire(
    kind: Kind,
    row: Mapping[str, Any],
    *,
    now: datetime | None = None,
    when: Q | None = None,
    also: Mapping[str, Any] | None = None,
) -> Lease | None:
    """Take the lease on the row (if `when` also holds); None when someone else has it.

    `also` are further column changes made by the same UPDATE.
    """
    now = now or timezone.now()
    token = uuid.uuid4().hex
    rows = kind.model.objects.filter(**row).filter(kind.free(now))
    if when is not None:
        rows = rows.filter(when)
    changes = {kind.until: now + duration(), kind.token: token, **(also or {})}
    return Lease(kind, dict(row), token) if rows.update(**changes) else None


def renew(lease: Lease) -> bool:
    """Push the lease's expiry on; False when it is no longer ours."""
    return bool(lease.rows().update(**{lease.kind.until: timezone.now() + duration()}))


def release(lease: Lease, also: Mapping[str, Any] | None = None) -> bool:
    """Give the lease back, retrying briefly through a database restart.

    When every attempt fails, the lease lapses by itself within LEASE_SECONDS.
    """
    if _renewer is not None and _renewer.pid == os.getpid():
        _renewer.forget(lease, force=True)  # a released lease is never renewed again
    changes = {lease.kind.until: None, lease.kind.token: "", **(also or {})}
    for attempt in range(RELEASE_ATTEMPTS):
        try:
            return bool(lease.rows().update(**changes))
        except DatabaseError:
            if connection.in_atomic_block:
                raise  # the caller's transaction is broken: let it roll back
            # A dropped connection (the database restarted): open a new one.
            connection.close()
            if attempt == RELEASE_ATTEMPTS - 1:
                log.warning("could not release the %s lease on %s", lease.kind.name, lease.row)
                return False
            time.sleep(0.25 * 2**attempt)
    return False


class Renewer(threading.Thread):
    """One daemon thread per process renewing every lease held in it.

    A thread per lease cost a thread start and join for each of the ~3 leases an
    article takes (issue 13); one long-lived thread costs nothing per lease, and
    most leases are released before their first renewal is due, so it usually
    never touches the database. Each lease is renewed a third of LEASE_SECONDS
    after it was kept or last renewed, by an owner-checked UPDATE on the thread's
    own connection, which is closed whenever no lease is held (a test database
    can be dropped, an idle worker holds no connection).
    """

    def __init__(self) -> None:
        super().__init__(name="lease-renewer", daemon=True)
        self.pid = os.getpid()
        self.changed = threading.Condition()
        self.held: dict[str, _Held] = {}  # by token
        self.renewing: str | None = None  # the token being renewed right now
        self.deadline = float("inf")  # when the thread wakes next
        self.connected = False  # whether its own database connection may be open

    def keep(self, lease: Lease) -> _Held:
        with self.changed:
            entry = self.held.get(lease.token)
            if entry is None:
                entry = self.held[lease.token] = _Held(lease, time.monotonic() + every())
            entry.count += 1
            if entry.due < self.deadline:
                self.changed.notify_all()  # wake it to wait for this lease's due time
            return entry

    def forget(self, lease: Lease, *, force: bool = False) -> None:
        """Stop renewing the lease; returns once no renewal of it is under way, so
        nothing renews it after the holder goes on to release it."""
        with self.changed:
            entry = self.held.get(lease.token)
            if entry is not None:
                entry.count -= 1
                if entry.count <= 0 or force:
                    del self.held[lease.token]
            if lease.token not in self.held:
                self.changed.wait_for(lambda: self.renewing != lease.token, timeout=10)
            if not self.held and self.connected:
                # Let the renewer close its connection before the holder goes on.
                self.changed.notify_all()
                self.changed.wait_for(lambda: not self.connected, timeout=10)

    def run(self) -> None:
        try:
            while True:
                with self.changed:
                    if not self.held and self.connected:
                        connection.close()  # idle: hold no connection
                        self.connected = False
                        self.changed.notify_all()
                    now = time.monotonic()
                    due = [e for e in self.held.values() if e.due <= now]
                    if not due:
                        upcoming = [e.due for e in self.held.values()]
                        self.deadline = min(upcoming, default=float("inf"))
                        timeout = None if not upcoming else self.deadline - now
                        self.changed.wait(timeout)
                        self.deadline = float("inf")
                        continue
                for entry in due:
                    self.renew_one(entry)
        finally:
            connection.close()

    def renew_one(self, entry: _Held) -> None:
        with self.changed:
            if self.held.get(entry.lease.token) is not entry:
                return  # released meanwhile
            self.renewing = entry.lease.token
            self.connected = True
        try:
            ok = renew_briefly(entry.lease)
        except DatabaseError as exc:
            # Busy or restarting: the next renewal tries again, well before expiry.
            log.info("renewing the %s lease failed: %s", entry.lease.kind.name, exc)
            connection.close()
            ok = True
        except Exception:  # never let one lease end the thread that renews them all
            log.exception("renewing the %s lease failed", entry.lease.kind.name)
            ok = True
        with self.changed:
            entry.due = time.monotonic() + every()
            if not ok:
                entry.lost = True
                self.held.pop(entry.lease.token, None)  # someone else holds it now
            self.renewing = None
            self.changed.notify_all()


@dataclass(eq=False)
class _Held:
    lease: Lease
    due: float  # time.monotonic() of the next renewal
    count: int = 0  # nested kept() blocks of this lease
    lost: bool = False


_renewer: Renewer | None = None
_renewer_lock = threading.Lock()


def _reset_after_fork() -> None:
    # The parent's renewer thread does not exist in a forked child (a Celery
    # prefork worker), and its leases are the parent's: the child starts its own.
    global _renewer, _renewer_lock
    _renewer = None
    _renewer_lock = threading.Lock()  # the parent may have held it while forking


os.register_at_fork(after_in_child=_reset_after_fork)


def renewer() -> Renewer:
    """This process's renewer, started on first use."""
    global _renewer
    current = _renewer
    if current is not None and current.pid == os.getpid() and current.is_alive():
        return current
    with _renewer_lock:
        current = _renewer
        if current is None or current.pid != os.getpid() or not current.is_alive():
            current = _renewer = Renewer()
            current.start()
        return current


def every() -> float:
    return duration().total_seconds() / 3


def renew_briefly(lease: Lease) -> bool:
    """Renew without queueing long behind a transaction (the holder's own, say): a
    renewal that cannot get the row soon is skipped, the next one comes soon. The
    wait is bounded by half a renewal interval too, so one blocked lease cannot
    delay the renewal of the others in the process past their expiry."""
    wait_ms = max(50, min(2000, int(every() * 500)))
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL lock_timeout = '{wait_ms}ms'")
            return renew(lease)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {wait_ms}")
    return renew(lease)


@contextmanager
def kept(lease: Lease) -> Iterator[Lease]:
    """Keep the lease alive (renewed by this process's renewer) while the block runs."""
    keeper = renewer()
    keeper.keep(lease)
    try:
        yield lease
    finally:
        keeper.forget(lease)


@contextmanager
def held(
    kind: Kind,
    row: Mapping[str, Any],
    *,
    now: datetime | None = None,
    when: Q | None = None,
    also: Mapping[str, Any] | None = None,
) -> Iterator[Lease | None]:
    """Take, keep alive and release a lease around a block; yields None when busy."""
    lease = acquire(kind, row, now=now, when=when, also=also)
    if lease is None:
        yield None
        return
    try:
        with kept(lease):
            yield lease
    finally:
        release(lease)
