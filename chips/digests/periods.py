"""Digest periods (pure): which day or ISO week is due, and each subscriber's window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from chips.models import (
    DigestFrequency,
    Subscription,
)

LOOKBACK_PERIODS = 2


_LENGTH = {DigestFrequency.DAILY: timedelta(days=1), DigestFrequency.WEEKLY: timedelta(weeks=1)}


@dataclass(frozen=True)
class Period:
    frequency: str
    start: datetime
    end: datetime

    @property
    def label(self) -> str:
        """'28 Nov' for a day, 'week of 23 Nov' for a week."""
        day = f"{self.start.day} {self.start:%b}"
        return f"week of {day}" if self.frequency == DigestFrequency.WEEKLY else day

    def following(self) -> Period:
        length = self.end - self.start
        return Period(self.frequency, self.end, self.end + length)


def period_for(frequency: str, now: datetime) -> Period:
    """The last complete period of this frequency at `now` (the one due to be sent)."""
    if frequency not in _LENGTH:
        raise ValueError(f"unknown digest frequency {frequency!r}")
    midnight = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    if frequency == DigestFrequency.DAILY:
        end = midnight
    else:
        end = midnight - timedelta(days=midnight.weekday())  # this week's Monday
    return Period(frequency, end - _LENGTH[frequency], end)


def current_period(frequency: str, now: datetime) -> Period:
    """The period in progress at `now` (today, this week): nothing can be sent for it yet,
    but a preview of it shows a new subscriber what came in so far."""
    return period_for(frequency, now).following()


def window_for(subscription: Subscription, period: Period) -> tuple[datetime, datetime]:
    """[since, until): what counts as new for this subscriber in this period."""
    since = subscription.last_digest_at or period.start
    earliest = period.end - LOOKBACK_PERIODS * (period.end - period.start)
    return max(since, earliest), period.end


def next_period(subscription: Subscription, now: datetime) -> Period:
    """The period of the subscriber's next digest: the due one, or the one in progress."""
    period = period_for(subscription.frequency, now)
    if subscription.last_digest_at and subscription.last_digest_at >= period.end:
        return period.following()
    return period
