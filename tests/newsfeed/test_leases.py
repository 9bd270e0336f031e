"""Leases: one holder at a time, renewed while it works, lapsing within seconds when it dies."""

from __future__ import annotations

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
