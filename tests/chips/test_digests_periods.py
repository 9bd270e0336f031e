"""Period rules of digests: pure functions of the clock and the subscriber's cursor."""

from datetime import UTC, datetime, timedelta

import pytest

from chips.digests.content import DigestContent
from chips.digests.periods import Period, next_period, period_for, window_for
from chips.models import Subscription
from tests.chips.digesting import NOW


def day(d: int, h: int = 0) -> datetime:
    return datetime(2026, 11, d, h, tzinfo=UTC)


def test_a_daily_digest_covers_the_previous_utc_calendar_day():
    period = period_for("daily", NOW)
    assert (period.start, period.end) == (day(28), day(29))
    assert period.label == "28 Nov"


def test_a_daily_period_is_the_same_all_day_and_turns_at_midnight_utc():
    assert period_for("daily", day(29, 0)) == period_for("daily", day(29, 23))
    assert period_for("daily", day(30, 0)).start == day(29)


def test_a_weekly_digest_covers_the_previous_iso_week_monday_to_monday():
    period = period_for("weekly", NOW)  # Sunday 29 Nov: the week of Mon 16 Nov is the last complete
    assert (period.start, period.end) == (day(16), day(23))
    assert period.label == "week of 16 Nov"
    assert period_for("weekly", day(30, 1)).start == day(23)  # from Monday on, the week just ended


def test_an_unknown_frequency_is_refused():
    with pytest.raises(ValueError):
        period_for("hourly", NOW)


def test_a_new_subscriber_gets_the_last_period():
    period = period_for("daily", NOW)
    assert window_for(Subscription(frequency="daily"), period) == (day(28), day(29))


def test_a_returning_subscriber_gets_everything_since_the_last_digest():
    period = period_for("daily", NOW)
    subscription = Subscription(frequency="daily", last_digest_at=day(27, 12))
    assert window_for(subscription, period) == (day(27, 12), day(29))


def test_the_window_never_reaches_back_more_than_two_periods():
    period = period_for("weekly", NOW)
    subscription = Subscription(frequency="weekly", last_digest_at=day(1))
    assert window_for(subscription, period) == (day(9), day(23))


def test_after_the_due_digest_was_sent_the_next_one_is_the_period_in_progress():
    subscription = Subscription(frequency="daily", last_digest_at=day(29))
    assert next_period(subscription, NOW) == Period("daily", day(29), day(30))
    assert next_period(Subscription(frequency="daily"), NOW) == period_for("daily", NOW)


def test_the_subject_counts_what_is_new_and_names_the_period():
    period = period_for("daily", NOW)
    content = DigestContent(period, period.start, period.end, conflicts=(object(),))
    assert content.subject == "ChipWatch daily digest: 1 conflict — 28 Nov"
    assert DigestContent(period, period.start, period.end).is_empty
    assert not content.is_empty
    assert period.end - period.start == timedelta(days=1)
