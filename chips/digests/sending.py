"""Sending each digest exactly once (a Digest row per subscriber and period), and
previews that send and record nothing."""

from __future__ import annotations

import smtplib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from chips.digests.content import (
    DigestContent,
    build_digest,
    build_digests,
    followed_vendor_ids,
)
from chips.digests.mail import render_digest
from chips.digests.periods import (
    Period,
    current_period,
    next_period,
    period_for,
)
from chips.models import (
    Digest,
    DigestFrequency,
    DigestStatus,
    Subscription,
)


def preview_digest(
    subscription: Subscription, now: datetime, *, current: bool = False
) -> tuple[DigestContent, EmailMultiAlternatives]:
    """The subscriber's next digest as it would go out, without sending or recording anything.

    current=True previews the period in progress instead (what came in so far): on a
    subscriber's first day the next digest covers yesterday, before they arrived.
    """
    period = (
        current_period(subscription.frequency, now) if current else next_period(subscription, now)
    )
    content = build_digest(subscription, period)
    return content, render_digest(subscription, content)


@dataclass(frozen=True)
class DigestOutcome:
    email: str
    period: Period
    result: str  # sent, would send, empty, failed, skipped
    content: DigestContent | None = None
    error: str = ""

    def line(self) -> str:
        counts = ""
        if self.content is not None:
            c = self.content
            counts = (
                f" {c.claim_count} claims, {len(c.conflicts)} conflicts,"
                f" {len(c.verdicts)} verdicts, {len(c.articles)} articles"
            )
        error = f" ({self.error})" if self.error else ""
        return (
            f"{self.result:<10} {self.email} {self.period.frequency}"
            f" {self.period.start:%Y-%m-%d}:{counts}{error}"
        )


@dataclass
class SendReport:
    outcomes: list[DigestOutcome] = field(default_factory=list)

    def count(self, result: str) -> int:
        return sum(1 for o in self.outcomes if o.result == result)

    def summary(self) -> str:
        results = ("sent", "would send", "empty", "failed", "skipped")
        return ", ".join(f"{self.count(r)} {r}" for r in results)

    def as_dict(self) -> dict[str, int]:
        return {r: self.count(r) for r in ("sent", "would send", "empty", "failed", "skipped")}


def due_subscriptions(now: datetime) -> list[tuple[Subscription, Period]]:
    """Active subscribers whose digest for the last complete period is not settled yet."""
    subscriptions = list(Subscription.objects.active().order_by("pk"))
    periods = {f: period_for(f, now) for f in DigestFrequency.values}
    rows = _rows_for([(None, p) for p in periods.values()])
    due = []
    for sub in subscriptions:
        period = periods[sub.frequency]
        row = rows.get((sub.pk, period.start))
        # Covered already, e.g. by a daily digest before the switch to weekly.
        covered = sub.last_digest_at is not None and sub.last_digest_at >= period.end
        if not covered and (row is None or not row.is_settled):
            due.append((sub, period))
    return due


def _claim(digest: Digest, now: datetime) -> bool:
    """Take the right to send this digest: only one run's conditional UPDATE matches the row."""
    return bool(
        Digest.objects.filter(
            pk=digest.pk,
            status__in=[DigestStatus.PENDING, DigestStatus.FAILED],
            attempts__lt=Digest.MAX_ATTEMPTS,
        ).update(status=DigestStatus.SENDING, attempts=F("attempts") + 1, claimed_at=now)
    )


def _record_sent(digest: Digest, subscription: Subscription, message_id: str) -> None:
    with transaction.atomic():
        Digest.objects.filter(pk=digest.pk, status=DigestStatus.SENDING).update(
            status=DigestStatus.SENT, sent_at=timezone.now(), message_id=message_id, last_error=""
        )
        # The cursor only moves forward, whatever order runs finish in.
        Subscription.objects.filter(pk=subscription.pk).filter(
            Q(last_digest_at__isnull=True) | Q(last_digest_at__lt=digest.period_end)
        ).update(last_digest_at=digest.period_end, last_sent_period=digest.period_start)


def _rows_for(pairs: list[tuple[Subscription | None, Period]]) -> dict[tuple, Digest]:
    """The Digest rows of these periods, by (subscription id, period start), in one query."""
    starts = {period.start for _, period in pairs}
    return {
        (d.subscription_id, d.period_start): d
        for d in Digest.objects.filter(period_start__in=starts, subscription__is_active=True)
    }


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def preview_current_digests(now: datetime | None = None) -> SendReport:
    """Every active subscriber's digest of the period in progress, so far (sends and
    records nothing: `senddigests --dry-run --period current`)."""
    now = now or timezone.now()
    subscriptions = list(Subscription.objects.active().order_by("pk"))
    periods = {sub.pk: current_period(sub.frequency, now) for sub in subscriptions}
    contents = build_digests(subscriptions, now, followed=followed_vendor_ids(), periods=periods)
    report = SendReport()
    for sub in subscriptions:
        content = contents[sub.pk]
        result = "empty" if content.is_empty else "would send"
        report.outcomes.append(DigestOutcome(sub.email, periods[sub.pk], result, content))
    return report


def send_due_digests(now: datetime | None = None, dry_run: bool = False) -> SendReport:
    """Build and send every digest that is due; safe to run twice, in parallel, or after a crash.

    dry_run builds and reports but sends nothing and records nothing.
    """
    now = now or timezone.now()
    report = SendReport()
    due = due_subscriptions(now)
    if not due:
        return report
    periods = {sub.pk: period for sub, period in due}
    contents = build_digests(
        [sub for sub, _ in due], now, followed=followed_vendor_ids(), periods=periods
    )
    if dry_run:
        for sub, period in due:
            content = contents[sub.pk]
            result = "empty" if content.is_empty else "would send"
            report.outcomes.append(DigestOutcome(sub.email, period, result, content))
        return report

    for batch in _chunks(due, 500):
        Digest.objects.bulk_create(
            [
                Digest(
                    subscription=sub,
                    frequency=period.frequency,
                    period_start=period.start,
                    period_end=period.end,
                    status=DigestStatus.EMPTY
                    if contents[sub.pk].is_empty
                    else DigestStatus.PENDING,
                    claim_count=contents[sub.pk].claim_count,
                    conflict_count=len(contents[sub.pk].conflicts),
                    verdict_count=len(contents[sub.pk].verdicts),
                    article_count=len(contents[sub.pk].articles),
                )
                for sub, period in batch
            ],
            # A parallel run may have inserted the same (subscription, period) first.
            ignore_conflicts=True,
        )
    rows = _rows_for(due)
    connection = get_connection()
    try:
        for sub, period in due:
            content = contents[sub.pk]
            row = rows.get((sub.pk, period.start))
            if row is None:  # unsubscribed while this run was under way
                report.outcomes.append(DigestOutcome(sub.email, period, "skipped", content))
                continue
            if row.status == DigestStatus.EMPTY:
                report.outcomes.append(DigestOutcome(sub.email, period, "empty", content))
                continue
            # Rendered before the claim, so a template error leaves the row pending.
            message = render_digest(sub, content)
            message.connection = connection
            if not _claim(row, now):
                report.outcomes.append(DigestOutcome(sub.email, period, "skipped", content))
                continue
            try:
                message.send()
            except (smtplib.SMTPException, OSError) as error:
                Digest.objects.filter(pk=row.pk, status=DigestStatus.SENDING).update(
                    status=DigestStatus.FAILED, last_error=str(error)[:2000]
                )
                connection.close()  # the next message opens a fresh connection
                report.outcomes.append(
                    DigestOutcome(sub.email, period, "failed", content, str(error))
                )
                continue
            _record_sent(row, sub, message.extra_headers["Message-ID"])
            report.outcomes.append(DigestOutcome(sub.email, period, "sent", content))
    finally:
        connection.close()
    return report
