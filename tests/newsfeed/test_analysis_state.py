"""Analysis is a state the database holds: run once under a lease, retried with backoff,
swept by the beat when a message or a worker was lost."""

from __future__ import annotations

import random
import socket
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from newsfeed import analysing, polling, tasks
from newsfeed.models import Article
from newsfeed.tasks import poll_due_feeds
from tests.factories import ArticleFactory

State = Article.AnalysisState


# --- Decisions (pure) ----------------------------------------------------------------


def test_a_failed_analysis_is_retried_after_growing_delays_then_given_up():
    rng = random.Random(1)  # noqa: S311 (jitter, not secrets)
    delays = [polling.analysis_retry(n, rng).delay for n in range(1, polling.MAX_ANALYSIS_ATTEMPTS)]
    minutes = [d.total_seconds() / 60 for d in delays]
    # ×4 each time, plus at most 10 % jitter.
    assert all(base <= m < base * 1.1 for m, base in zip(minutes, [1, 4, 16, 64], strict=True))
    final = polling.analysis_retry(polling.MAX_ANALYSIS_ATTEMPTS)
    assert final.give_up and final.delay is None


def test_no_retry_waits_longer_than_a_day():
    assert not polling.analysis_retry(4).give_up
    assert polling.analysis_retry(4, random.Random(0)).delay  # noqa: S311 <= timedelta(days=1)


# --- Running under a lease -------------------------------------------------------------


@pytest.fixture
def analyser():
    """A registered analyser that records the ids it was given (and can be told to fail)."""

    class Recorder:
        def __init__(self) -> None:
            self.seen: list[int] = []
            self.error: Exception | None = None

        def __call__(self, article_id: int) -> None:
            self.seen.append(article_id)
            if self.error is not None:
                raise self.error

    recorder = Recorder()
    previous = analysing._analyser
    analysing.register_analyser(recorder)
    yield recorder
    analysing.register_analyser(previous)


def pending(**kwargs) -> Article:
    kwargs.setdefault("analysis_next_at", timezone.now())
    return ArticleFactory(analysis_state=State.PENDING, **kwargs)


@pytest.mark.django_db
def test_a_pending_article_is_analysed_once_and_marked_done(analyser):
    article = pending()
    assert analysing.run_analysis(article.pk) == "done"
    assert analysing.run_analysis(article.pk) == "skipped"  # a second delivery of the message
    article.refresh_from_db()
    assert analyser.seen == [article.pk]
    assert (article.analysis_state, article.analysis_error) == (State.DONE, "")
    assert article.analyzed_at is not None and article.analysis_next_at is None
    assert article.analysis_claimed_until is None and article.analysis_claim_token == ""


@pytest.mark.django_db
def test_the_mark_gives_the_lease_back_with_the_results_and_a_failure_releases_it(
    analyser, monkeypatch
):
    released = []
    release = analysing.leases.release
    monkeypatch.setattr(analysing.leases, "release", lambda lease: released.append(release(lease)))
    done, failing = pending(), pending()
    assert analysing.run_analysis(done.pk) == "done"
    assert released == []  # no write of its own: the mark's UPDATE gave the lease back
    analyser.error = RuntimeError("lexicon broken")
    assert analysing.run_analysis(failing.pk) == "retry"
    assert released == [True]
    for article in (done, failing):
        article.refresh_from_db()
        assert (article.analysis_claimed_until, article.analysis_claim_token) == (None, "")


@pytest.mark.django_db
def test_an_article_another_worker_is_analysing_is_left_to_it(analyser):
    article = pending(analysis_claimed_until=timezone.now() + timedelta(seconds=10))
    assert analysing.run_analysis(article.pk) == "skipped"
    assert analyser.seen == []


@pytest.mark.django_db
def test_a_failing_analysis_backs_off_then_gives_up_with_its_error_visible(analyser):
    article = pending()
    analyser.error = RuntimeError("lexicon broken")
    assert analysing.run_analysis(article.pk) == "retry"
    article.refresh_from_db()
    assert article.analysis_state == State.PENDING
    assert article.analysis_attempts == 1
    assert article.analysis_error == "RuntimeError: lexicon broken"
    wait = article.analysis_next_at - timezone.now()
    assert timedelta(seconds=50) < wait <= timedelta(minutes=1, seconds=6)

    for _ in range(polling.MAX_ANALYSIS_ATTEMPTS - 1):
        Article.objects.filter(pk=article.pk).update(analysis_next_at=timezone.now())
        result = analysing.run_analysis(article.pk)
    article.refresh_from_db()
    assert result == "failed"
    assert (article.analysis_state, article.analysis_next_at) == (State.FAILED, None)
    assert article.analysis_attempts == polling.MAX_ANALYSIS_ATTEMPTS
    assert article.analysis_error == "RuntimeError: lexicon broken"

    # An editor's "analyse again" makes it pending and queues it; now it works.
    analyser.error = None
    assert tasks.analyse_again([article.pk]) == 1
    assert analysing.run_analysis(article.pk) == "done"


@pytest.mark.django_db
def test_a_worker_whose_lease_was_taken_over_commits_nothing(analyser):
    """A worker stalled past its lease: another took over; the first one's results roll back."""
    article = pending()

    def slow_analyser(article_id: int) -> None:
        # While this worker stalled, its lease lapsed and another worker took it.
        Article.objects.filter(pk=article_id).update(analysis_claim_token="someone-else")
        with transaction.atomic():
            Article.objects.filter(pk=article_id).update(title="written by the stalled worker")
            analysing.mark_analysed(article_id)

    analysing.register_analyser(slow_analyser)
    assert analysing.run_analysis(article.pk) == "skipped"
    article.refresh_from_db()
    assert article.title != "written by the stalled worker"  # rolled back with the mark
    assert article.analysis_state == State.PENDING
    assert article.analysis_claim_token == "someone-else"  # the successor's lease is untouched


# --- The sweep ---------------------------------------------------------------------------


@pytest.fixture
def queued(monkeypatch):
    sent: list[int] = []
    monkeypatch.setattr(tasks.analyse_article, "delay", sent.append)
    return sent


@pytest.mark.django_db
def test_the_sweep_queues_each_due_analysis_once(queued, django_capture_on_commit_callbacks):
    now = timezone.now()
    lost = pending()  # its message was lost: due
    pending(analysis_next_at=now + timedelta(minutes=3))  # a retry, not yet due
    pending(analysis_claimed_until=now + timedelta(seconds=10))  # a worker is on it
    ArticleFactory(analysis_state=State.DONE)
    ArticleFactory(analysis_state=State.FAILED)  # given up: only an editor brings it back
    ArticleFactory(analysis_state=State.WAITING, analysis_next_at=now)  # no text yet
    with django_capture_on_commit_callbacks(execute=True):
        assert poll_due_feeds(now=now + timedelta(seconds=1))["analyses"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert poll_due_feeds(now=now + timedelta(seconds=2))["analyses"] == 0  # next beat
    assert queued == [lost.pk]
    lost.refresh_from_db()
    assert lost.analysis_next_at > now + analysing.requeue_after() - timedelta(seconds=5)


@pytest.mark.django_db
def test_a_dead_workers_analysis_is_swept_once_its_lease_lapses(
    analyser, queued, django_capture_on_commit_callbacks
):
    article = pending()
    lease = analysing.leases.acquire(
        analysing.leases.ANALYSIS,
        {"pk": article.pk},
        also={"analysis_next_at": timezone.now() + analysing.leases.duration()},
    )
    assert lease is not None  # ... and then the worker holding it was killed
    soon = timezone.now() + analysing.leases.duration() + timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert poll_due_feeds(now=timezone.now())["analyses"] == 0
        assert poll_due_feeds(now=soon)["analyses"] == 1
    assert queued == [article.pk]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def broker_down():
    """The Celery app publishing to a Redis broker that is not there (a closed loopback port)."""
    app = tasks.analyse_article.app
    saved = app.conf.broker_url, app.conf.broker_transport_options
    app.conf.broker_url = f"redis://127.0.0.1:{free_port()}/0"
    app.conf.broker_transport_options = {}
    app._pool = None
    yield
    app.conf.broker_url, app.conf.broker_transport_options = saved
    app._pool = None


@pytest.mark.django_db
def test_a_publish_to_a_down_broker_loses_nothing(
    broker_down, analyser, django_capture_on_commit_callbacks
):
    article = ArticleFactory(analysis_state=State.WAITING)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.queue_analysis(article.pk)  # no exception escapes
    article.refresh_from_db()
    assert article.analysis_state == State.PENDING
    later = timezone.now() + analysing.requeue_after() + timedelta(seconds=1)
    assert list(Article.objects.due_for_analysis(later).values_list("pk", flat=True)) == [
        article.pk
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_database_restart_during_analysis_leaves_the_article_pending_then_it_is_done(
    analyser, settings
):
    settings.LEASE_SECONDS = 1
    article = pending()

    def cut_off(article_id: int) -> None:
        # What a PostgreSQL restart does to the worker's open connection, mid-analysis.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")

    analysing.register_analyser(cut_off)
    assert analysing.run_analysis(article.pk) == "retry"
    article.refresh_from_db()  # a new connection: the database is back
    assert article.analysis_state == State.PENDING
    assert article.analysis_claimed_until is None  # the release was retried on a new connection
    assert article.analysis_next_at <= timezone.now() + timedelta(
        seconds=1
    )  # swept within a second

    analysing.register_analyser(analyser)
    assert analysing.run_analysis(article.pk) == "done"
    assert analyser.seen == [article.pk]


@pytest.mark.django_db
def test_a_worker_dying_between_storing_a_page_and_analysing_it_loses_nothing(
    httpserver, allow_loopback, monkeypatch
):
    from tests.newsfeed.feedkit import page, story

    url = httpserver.route("/news/1", body=page("Story 1", story(1)))
    article = ArticleFactory(url=url, fetch_state="pending", text="", analysis_state="waiting")
    monkeypatch.setattr(tasks, "analyse_here", lambda *args, **kwargs: None)  # died
    assert tasks.fetch_article(article.pk)["result"] == "done"
    article.refresh_from_db()
    assert article.analysis_state == State.PENDING  # written with the page, in its transaction
    later = timezone.now() + analysing.requeue_after() + timedelta(seconds=1)
    assert article in Article.objects.due_for_analysis(later)


@pytest.mark.django_db
def test_pollfeeds_in_process_also_runs_its_feeds_due_analyses(
    httpserver, allow_loopback, analyser
):
    from newsfeed.tasks import poll_feed_now
    from tests.factories import FeedFactory
    from tests.newsfeed.feedkit import rss

    feed = FeedFactory(url=httpserver.route("/feed.xml", body=rss([])))
    left_over = pending(feed=feed)  # a retry that came due, or left by a crashed run
    pending(analysis_next_at=timezone.now() + timedelta(minutes=3), feed=feed)  # not yet due
    poll_feed_now(feed.pk)
    assert analyser.seen == [left_over.pk]
