"""Leases: one holder at a time, renewed while it works, lapsing within seconds when it dies."""

from __future__ import annotations

import contextlib
import os
import threading
import time

import pytest
from django.db import connection
from django.utils import timezone

from newsfeed import leases
from newsfeed.models import Feed, Host
from newsfeed.requesting import host_turn
from tests.factories import FeedFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def short_leases(settings):
    settings.LEASE_SECONDS = 0.9  # renewed every 0.3 s
    return settings.LEASE_SECONDS


def test_a_held_lease_cannot_be_taken_twice():
    feed = FeedFactory()
    first = leases.acquire(leases.FEED, {"pk": feed.pk})
    assert first is not None
    assert leases.acquire(leases.FEED, {"pk": feed.pk}) is None
    assert leases.release(first)
    assert leases.acquire(leases.FEED, {"pk": feed.pk}) is not None


def test_a_dead_holders_lease_lapses_within_lease_seconds(short_leases):
    host = Host.objects.create(name="news.example")
    dead = leases.acquire(leases.HOST, {"name": host.name})  # then the worker was killed
    assert dead is not None
    assert leases.acquire(leases.HOST, {"name": host.name}) is None
    time.sleep(short_leases + 0.1)
    assert leases.acquire(leases.HOST, {"name": host.name}) is not None


def test_a_working_holder_keeps_its_lease_past_its_length(short_leases):
    feed = FeedFactory()
    lease = leases.acquire(leases.FEED, {"pk": feed.pk})
    with leases.kept(lease):
        time.sleep(short_leases * 2.5)  # work longer than the lease
        assert leases.acquire(leases.FEED, {"pk": feed.pk}) is None
        assert Feed.objects.get(pk=feed.pk).claimed_until > timezone.now()
    assert leases.release(lease)


def test_a_holder_that_lost_its_lease_never_touches_its_successors(short_leases):
    feed = FeedFactory()
    stalled = leases.acquire(leases.FEED, {"pk": feed.pk})
    time.sleep(short_leases + 0.1)
    successor = leases.acquire(leases.FEED, {"pk": feed.pk})
    assert successor is not None
    assert not leases.renew(stalled)
    assert not leases.release(stalled)
    assert Feed.objects.get(pk=feed.pk).claim_token == successor.token


def test_a_killed_workers_host_turn_stalls_the_host_for_seconds_only(short_leases):
    host = Host.objects.create(name="slow.example")
    leases.acquire(leases.HOST, {"name": host.name})  # held by a worker that died
    started = time.monotonic()
    with host_turn(host.name, wait=5) as got:
        assert got
    assert time.monotonic() - started < short_leases + 0.5


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_release_survives_the_database_dropping_the_connection():
    feed = FeedFactory()
    lease = leases.acquire(leases.FEED, {"pk": feed.pk})
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]

    def terminate() -> None:  # what a PostgreSQL restart does to open connections
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        connection.close()

    killer = threading.Thread(target=terminate)
    killer.start()
    killer.join()
    assert leases.release(lease)
    assert Feed.objects.get(pk=feed.pk).claimed_until is None


def test_many_held_leases_are_renewed_by_one_thread_and_a_released_one_no_longer(
    short_leases, monkeypatch
):
    renewals: list[tuple[str, int]] = []  # (token, thread ident)
    renew = leases.renew

    def spy(lease: leases.Lease) -> bool:
        renewals.append((lease.token, threading.get_ident()))
        return renew(lease)

    monkeypatch.setattr(leases, "renew", spy)
    feeds = [FeedFactory() for _ in range(6)]
    held = [leases.acquire(leases.FEED, {"pk": feed.pk}) for feed in feeds]
    threads_before = threading.active_count()
    with contextlib.ExitStack() as stack:
        for lease in held:
            stack.enter_context(leases.kept(lease))
        assert threading.active_count() <= threads_before + 1  # one renewer, not six
        released = held.pop()
        time.sleep(short_leases * 0.5)  # renewed once at least
        stack.pop_all().close()  # drop every kept block, then keep all but one again
        for lease in held:
            stack.enter_context(leases.kept(lease))
        assert leases.release(released)
        released_at = len(renewals)
        time.sleep(short_leases * 2.5)  # several renewals, longer than the lease
        for lease in held:  # still ours, not lapsed
            assert leases.acquire(leases.FEED, lease.row) is None
    assert released.token not in {token for token, _ in renewals[released_at:]}
    assert {token for token, _ in renewals} >= {lease.token for lease in held}
    assert len({ident for _, ident in renewals}) == 1
    assert threading.get_ident() not in {ident for _, ident in renewals}
    for lease in held:
        assert leases.release(lease)


def test_a_lease_no_longer_kept_is_not_renewed_and_lapses(short_leases):
    feed = FeedFactory()
    lease = leases.acquire(leases.FEED, {"pk": feed.pk})
    with leases.kept(lease):
        time.sleep(short_leases * 0.5)
    time.sleep(short_leases + 0.1)  # its holder died without releasing
    assert leases.acquire(leases.FEED, {"pk": feed.pk}) is not None


def test_a_forked_child_starts_its_own_renewer_and_inherits_no_leases(short_leases):
    feed = FeedFactory()
    lease = leases.acquire(leases.FEED, {"pk": feed.pk})
    with leases.kept(lease):
        parent = leases.renewer()
        pid = os.fork()  # what a Celery prefork pool does
        if pid == 0:  # the child: check, then leave without running any cleanup
            child = leases.renewer()
            ok = child is not parent and child.pid == os.getpid() and not child.held
            os._exit(0 if ok and child.is_alive() else 1)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        assert lease.token in parent.held  # the parent's renewer is untouched
    assert leases.release(lease)
