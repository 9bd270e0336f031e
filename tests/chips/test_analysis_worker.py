"""Nothing lost: a batch survives a Redis restart and a killed worker, with no manual step.

A real beat and real Celery workers on a Redis server of the test's own (never the shared
one: it is restarted), against the test database; articles served from loopback. Mid-batch
Redis is killed and started again empty (every queued message lost), then the worker is
SIGKILLed while it works (its leases held, its message unacknowledged) and a new one
started. The beat's sweep alone must bring every article to fetched once and analysed
exactly once.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from chips.analysis import analyze_article
from chips.models import Claim
from config.schedule import ensure_periodic_tasks
from newsfeed.models import Article, Feed
from tests.chips.test_digests_smtp import free_loopback_port
from tests.config.test_celery_worker import test_database_url
from tests.conftest import in_ci, services_mode
from tests.factories import FeedFactory
from tests.httpserver import LoopbackServer, Response
from tests.newsfeed.feedkit import Item, page, rss

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

FEEDS = 4
PER_FEED = 15
PAGE_DELAY = 0.05  # seconds per page: the batch takes long enough to be hit mid-way


class RedisServer:
    """A redis-server on a free loopback port that keeps nothing on disk."""

    def __init__(self) -> None:
        self.port = free_loopback_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port),
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(self.ping, 10, "redis-server did not start")

    def ping(self) -> bool:
        done = subprocess.run(
            ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True
        )
        return done.stdout.strip() == "PONG"

    def crash(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)


def wait_for(condition: Callable[[], bool], seconds: float, message: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, message
        time.sleep(0.1)


@pytest.fixture
def httpserver() -> Iterator[LoopbackServer]:
    with LoopbackServer() as server:
        yield server


@pytest.fixture
def redis() -> Iterator[RedisServer]:
    if not services_mode():
        pytest.skip("runs in services mode (PostgreSQL; CI starts it)")
    if shutil.which("redis-server") is None:
        if in_ci():
            pytest.fail("redis-server is not installed")
        pytest.skip("redis-server is not installed")
    server = RedisServer()
    server.start()
    yield server
    if server.process and server.process.poll() is None:
        server.crash()


@pytest.fixture
def celery(redis):
    """Start beat and workers as processes on the test's Redis and database."""
    env = dict(
        os.environ,
        DATABASE_URL=test_database_url(),
        CELERY_BROKER_URL=redis.url,
        FETCH_ALLOW_PRIVATE="1",
        FETCH_LOOPBACK_ONLY="1",
        # Production defaults are 15 s and 5 min; short here so the test takes seconds.
        LEASE_SECONDS="3",
        REQUEUE_AFTER_SECONDS="4",
    )
    started: list[subprocess.Popen] = []

    def start(*args: str) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", *args, "--loglevel=INFO"],
            cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True,
        )  # fmt: skip
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in started:
        try:
            output, _ = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        print(output[-200000:])  # shown by pytest when the test fails


def worker(start: Callable[..., subprocess.Popen], name: str) -> subprocess.Popen:
    return start("worker", "--pool=solo", "--without-gossip", "--without-mingle",
                 "--without-heartbeat", "-n", f"{name}@%h")  # fmt: skip


def serve_batch(server) -> list[str]:
    """FEEDS feeds of PER_FEED claim-bearing stories each; returns the feed URLs."""
    urls = []
    for f in range(FEEDS):
        items = []
        for i in range(PER_FEED):
            n = f * PER_FEED + i
            text = [
                f"Huawei's Ascend 910C is manufactured by SMIC on its N+2 process, report {n} "
                "says, citing the company.",
                "The chip is reportedly shipping to Chinese cloud providers this quarter, "
                "with volumes expected to grow through the year as yields improve.",
            ]
            body = page(f"Ascend report {n}", text)
            server.route(f"/news/{n}", responses=[Response(200, body, {}, PAGE_DELAY)])
            items.append(Item(server.url(f"/news/{n}"), f"Ascend report {n}"))
        urls.append(server.route(f"/feed{f}.xml", body=rss(items)))
    return urls


def states() -> str:
    """What the articles are waiting for, should the test fail."""
    rows = Article.objects.order_by("pk").values_list(
        "pk", "fetch_state", "next_fetch_at", "fetch_claimed_until", "analysis_state",
        "analysis_next_at", "analysis_claimed_until",
    )  # fmt: skip
    return "\n".join(str(row) for row in rows)


def counts() -> tuple[int, int]:
    """Of the batch's articles (not the seeded ones): how many fetched, how many analysed."""
    batch = Article.objects.filter(feed__in=Feed.objects.filter(is_active=True))
    fetched = batch.filter(fetch_state="done").count()
    analysed = batch.filter(analysis_state="done").count()
    return fetched, analysed


def test_a_redis_restart_and_a_killed_worker_lose_nothing_and_duplicate_nothing(
    httpserver, redis, celery
):
    call_command("loadseeds", stdout=io.StringIO())  # the vendor and chip catalogue
    Feed.objects.update(is_active=False)  # the seeded feeds point beyond loopback
    seeded_articles = set(Article.objects.values_list("pk", flat=True))
    feed_urls = serve_batch(httpserver)
    for url in feed_urls:
        FeedFactory(url=url)
    total = FEEDS * PER_FEED
    # The beat's sweep every 2 seconds (a minute in production).
    ensure_periodic_tasks()
    sweep = PeriodicTask.objects.get(task="newsfeed.poll_due_feeds")
    sweep.interval, _ = IntervalSchedule.objects.get_or_create(every=2, period="seconds")
    sweep.save()

    started = time.monotonic()
    celery("beat", "--max-interval=1")
    first = worker(celery, "first")

    wait_for(lambda: counts()[0] >= total // 4, 60, "the first worker fetched too little")
    redis.crash()  # mid-batch: every queued poll, fetch and analysis message is gone
    redis.start()

    before_kill = counts()
    wait_for(lambda: counts() != before_kill, 30, "no progress after the Redis restart")
    first.send_signal(signal.SIGKILL)  # mid-batch, holding leases, its task unacknowledged
    first.wait(timeout=10)
    assert counts()[1] < total, "the batch ended before the worker could be killed"

    worker(celery, "second")
    try:
        wait_for(lambda: counts() == (total, total), 75, "not all analysed")
    except AssertionError:
        print(f"now {timezone.now()}\n{states()}")
        raise
    elapsed = time.monotonic() - started

    articles = Article.objects.exclude(pk__in=seeded_articles)
    assert articles.count() == total  # each story stored once
    assert sorted(articles.values_list("url", flat=True)) == sorted(
        httpserver.url(f"/news/{n}") for n in range(total)
    )
    # Fetched once: one stored fetch each (a page in flight when the worker died is
    # requested again, its first response never stored).
    assert set(articles.values_list("fetch_state", "fetch_attempts")) == {("done", 1)}
    for n in range(total):
        assert 1 <= len(httpserver.requests_to(f"/news/{n}")) <= 2
    # Analysed exactly once: one committed analysis each, with its claims.
    assert set(articles.values_list("analysis_state", "analysis_attempts")) == {("done", 1)}
    claims = Claim.objects.filter(article__in=articles)
    assert set(claims.values_list("article", flat=True)) == set(
        articles.values_list("pk", flat=True)
    )
    rows = sorted(claims.values_list("article", "fingerprint"))
    assert len(rows) == len(set(rows))
    # Analysing any of them again finds exactly what is stored: nothing duplicated, none missing.
    for pk in articles.values_list("pk", flat=True):
        again = analyze_article(pk)
        assert (again.claims_created, again.claims_removed) == (0, 0)
    assert sorted(Claim.objects.filter(article__in=articles).values_list(
        "article", "fingerprint")) == rows  # fmt: skip
    assert elapsed < 90
