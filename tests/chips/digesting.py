"""Helpers shared by the digest tests: a fixed clock and rows ingested at given times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.core import mail
from django.core.mail.backends import locmem

from chips.models import Claim, Conflict, Subscription
from newsfeed.models import Article
from tests.factories import ClaimFactory, ConflictFactory, SubscriptionFactory

# A Sunday morning: the daily digest due is Saturday 28 Nov, the weekly one 16-23 Nov.
NOW = datetime(2026, 11, 29, 6, 0, tzinfo=UTC)
YESTERDAY = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
LAST_WEEK = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)


def ingested(obj, when: datetime):
    """Pretend a row (and a claim's article) was ingested at `when`."""
    model = type(obj)
    if isinstance(obj, Conflict):
        model.objects.filter(pk=obj.pk).update(detected_at=when)
    else:
        model.objects.filter(pk=obj.pk).update(created_at=when)
    if isinstance(obj, Claim):
        Article.objects.filter(pk=obj.article_id).update(created_at=when)
    obj.refresh_from_db()
    return obj


def claim_at(when: datetime = YESTERDAY, **kwargs) -> Claim:
    return ingested(ClaimFactory(**kwargs), when)


def conflict_at(when: datetime = YESTERDAY, **kwargs) -> Conflict:
    conflict = ConflictFactory(**kwargs)
    ingested(conflict.claim_a, when - timedelta(days=30))
    ingested(conflict.claim_b, when - timedelta(days=30))
    return ingested(conflict, when)


def subscriber(**kwargs) -> Subscription:
    """A subscription that existed before the period (created_at is not what makes news)."""
    return SubscriptionFactory(**kwargs)


class SimulatedCrash(RuntimeError):
    """Stands for the worker being killed while it talks to the SMTP server."""


class CrashingBackend(locmem.EmailBackend):
    """locmem, but the process 'dies' when it is about to send message number crash_at."""

    crash_at: int | None = None

    def send_messages(self, messages):
        if self.crash_at is not None and len(mail.outbox) + 1 == self.crash_at:
            raise SimulatedCrash("killed mid-batch")
        return super().send_messages(messages)
