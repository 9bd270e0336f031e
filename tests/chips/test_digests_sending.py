"""Each subscriber gets at most one digest per period: run twice, in parallel, after a crash."""

import smtplib
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from chips.digests.periods import period_for
from chips.digests.sending import send_due_digests
from chips.models import Digest, Subscription
from tests.chips.digesting import (
    NOW,
    YESTERDAY,
    CrashingBackend,
    SimulatedCrash,
    claim_at,
    subscriber,
)

pytestmark = pytest.mark.django_db


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_due_digest_is_sent_and_recorded_and_moves_the_cursor():
    claim_at()
    sub = subscriber(email="ana@example.com")
    report = send_due_digests(NOW)
    assert recipients() == ["ana@example.com"] and report.count("sent") == 1
    digest = Digest.objects.get()
    assert digest.status == "sent" and digest.claim_count == 1 and digest.sent_at
    assert digest.message_id == mail.outbox[0].extra_headers["Message-ID"]
    sub.refresh_from_db()
    assert sub.last_digest_at == period_for("daily", NOW).end
    assert sub.last_sent_period == period_for("daily", NOW).start


def test_an_empty_digest_is_not_sent_but_logged_as_empty():
    claim_at(NOW - timedelta(days=10))
    subscriber()
    report = send_due_digests(NOW)
    assert mail.outbox == [] and report.count("empty") == 1
    assert Digest.objects.get().status == "empty"
    assert Subscription.objects.get().last_digest_at is None


def test_running_twice_sends_nothing_the_second_time():
    claim_at()
    subscriber(), subscriber()
    assert send_due_digests(NOW).count("sent") == 2
    again = send_due_digests(NOW + timedelta(hours=1))
    assert len(mail.outbox) == 2 and again.outcomes == []


def test_the_next_period_gets_its_own_digest_with_only_what_is_new_since():
    claim_at(statement="Saturday")
    subscriber()
    send_due_digests(NOW)
    claim_at(NOW + timedelta(hours=2), statement="Sunday")
    send_due_digests(NOW + timedelta(days=1))
    assert len(mail.outbox) == 2
    assert "Sunday" in mail.outbox[1].body and "Saturday" not in mail.outbox[1].body


def test_daily_and_weekly_subscribers_get_their_own_periods():
    claim_at(YESTERDAY)
    claim_at(NOW - timedelta(days=10))  # in the week of 16 Nov
    subscriber(email="day@example.com"), subscriber(email="week@example.com", frequency="weekly")
    send_due_digests(NOW)
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [
        "ChipWatch daily digest: 1 new claim — 28 Nov",
        "ChipWatch weekly digest: 1 new claim — week of 16 Nov",
    ]


def test_inactive_subscribers_get_nothing():
    claim_at()
    subscriber(is_active=False)
    assert send_due_digests(NOW).outcomes == [] and mail.outbox == []


def test_a_dry_run_sends_nothing_and_records_nothing():
    claim_at()
    subscriber()
    report = send_due_digests(NOW, dry_run=True)
    assert report.count("would send") == 1
    assert mail.outbox == [] and not Digest.objects.exists()
    assert Subscription.objects.get().last_digest_at is None


def test_the_database_refuses_a_second_digest_for_the_same_period():
    sub = subscriber()
    period = period_for("daily", NOW)
    fields = dict(frequency="daily", period_start=period.start, period_end=period.end)
    Digest.objects.create(subscription=sub, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Digest.objects.create(subscription=sub, **fields)


def test_a_crash_mid_batch_then_a_retry_never_sends_anyone_twice(settings):
    settings.EMAIL_BACKEND = "tests.chips.digesting.CrashingBackend"
    claim_at()
    for i in range(5):
        subscriber(email=f"r{i}@example.com")
    CrashingBackend.crash_at = 3
    try:
        with pytest.raises(SimulatedCrash):
            send_due_digests(NOW)
    finally:
        CrashingBackend.crash_at = None
    assert recipients() == ["r0@example.com", "r1@example.com"]
    statuses = dict(Digest.objects.values_list("subscription__email", "status"))
    assert statuses["r2@example.com"] == "sending"  # in flight when it died: at most once
    assert [statuses[f"r{i}@example.com"] for i in (3, 4)] == ["pending", "pending"]

    report = send_due_digests(NOW + timedelta(hours=1))
    assert report.count("sent") == 2
    assert recipients() == ["r0@example.com", "r1@example.com", "r3@example.com", "r4@example.com"]
    assert Digest.objects.filter(status="sending").count() == 1


def test_an_operator_can_release_a_stuck_digest_for_one_more_try():
    claim_at()
    subscriber(email="stuck@example.com")
    period = period_for("daily", NOW)
    Digest.objects.create(
        subscription=Subscription.objects.get(),
        frequency="daily",
        period_start=period.start,
        period_end=period.end,
        status="sending",
        attempts=1,
    )
    assert send_due_digests(NOW).outcomes == []
    assert Digest.objects.all().release_for_retry() == 1
    assert send_due_digests(NOW).count("sent") == 1
    assert recipients() == ["stuck@example.com"]


def test_an_smtp_failure_is_recorded_and_retried_on_the_next_run(settings):
    settings.EMAIL_BACKEND = "tests.chips.test_digests_sending.RefusingOnceBackend"
    RefusingOnceBackend.refused = False
    claim_at()
    subscriber()
    first = send_due_digests(NOW)
    assert first.count("failed") == 1 and mail.outbox == []
    digest = Digest.objects.get()
    assert digest.status == "failed" and "try again" in digest.last_error
    assert send_due_digests(NOW + timedelta(hours=1)).count("sent") == 1
    digest.refresh_from_db()
    assert digest.status == "sent" and digest.attempts == 2 and len(mail.outbox) == 1


class RefusingOnceBackend(CrashingBackend):
    refused = False

    def send_messages(self, messages):
        if not RefusingOnceBackend.refused:
            RefusingOnceBackend.refused = True
            raise smtplib.SMTPServerDisconnected("try again later")
        return super().send_messages(messages)


@pytest.mark.django_db(transaction=True)
def test_two_runs_in_parallel_send_each_digest_once():
    claim_at()
    for i in range(12):
        subscriber(email=f"p{i}@example.com")
    start = threading.Barrier(2)
    errors = []

    def run():
        try:
            start.wait()
            send_due_digests(NOW)
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert recipients() == sorted(f"p{i}@example.com" for i in range(12))
    assert Digest.objects.filter(status="sent").count() == 12


def test_building_all_due_digests_does_not_query_per_subscriber():
    claim_at()
    subscriber()
    with CaptureQueriesContext(connection) as one:
        send_due_digests(NOW, dry_run=True)
    for _ in range(20):
        subscriber()
    with CaptureQueriesContext(connection) as many:
        send_due_digests(NOW, dry_run=True)
    assert len(many) == len(one)


def test_the_database_refuses_a_minimum_confidence_outside_0_1():
    with pytest.raises(IntegrityError), transaction.atomic():
        subscriber(min_confidence=1.5)
