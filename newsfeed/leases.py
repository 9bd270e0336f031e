"""Leases in the database: who works on a feed, a host, a page or an analysis.

A lease is two columns of the row (an expiry and a token). It is taken with a
conditional UPDATE (only when free or lapsed) and goes on only when that UPDATE
changed one row, so two workers never hold it at once, on SQLite and
PostgreSQL alike. Leases are short (`LEASE_SECONDS`, 15 s by default) and
renewed by a heartbeat thread every third of that while the holder works: a
killed worker's lease lapses within seconds instead of minutes, and a release
that fails (the database restarting) costs seconds, not the lease's length.
Renewing and releasing are owner-checked with the token, so a holder that
lost its lease never touches its successor's.
"""

from __future__ import annotations

import logging
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


class Heartbeat(threading.Thread):
    """Renews a lease every third of its length until stopped (a thread of its own,
    with its own database connection, so long work keeps its lease)."""

    def __init__(self, lease: Lease, every: float | None = None) -> None:
        super().__init__(name=f"lease-{lease.kind.name}", daemon=True)
        self.lease = lease
        self.every = every if every is not None else duration().total_seconds() / 3
        self.stopped = threading.Event()
        self.lost = False

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.every):
                try:
                    if not renew_briefly(self.lease):
                        self.lost = True
                        return
                except DatabaseError as exc:
                    # Busy or restarting: the next beat tries again, well before expiry.
                    log.info("renewing the %s lease failed: %s", self.lease.kind.name, exc)
                    connection.close()
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=10)


def renew_briefly(lease: Lease) -> bool:
    """Renew without queueing long behind a transaction (the holder's own, say): a
    renewal that cannot get the row within 2 s is skipped, the next one comes soon."""
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            return renew(lease)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout = 2000")
    return renew(lease)


@contextmanager
def kept(lease: Lease) -> Iterator[Lease]:
    """Keep the lease alive while the block runs."""
    beat = Heartbeat(lease)
    beat.start()
    try:
        yield lease
    finally:
        beat.stop()


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
