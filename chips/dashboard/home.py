"""The home page: vendors by activity, the newest claims and articles, open disputes, a
chart of claims per vendor per day and the feeds' health."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import Count, Func, Subquery
from django.db.models.functions import Substr, TruncDate
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from chips.dashboard.common import listed, listed_claims, reader_view
from chips.dashboard.conflicts import (
    open_disputes,
    with_dispute_flags,
)
from chips.dashboard.feeds import FeedCounts, feed_summary
from chips.models import (
    Claim,
    Conflict,
    Vendor,
)
from newsfeed.models import Article

ACTIVITY_DAYS = 30


@dataclass(frozen=True)
class Bar:
    day: date
    count: int
    x: int
    height: float

    @property
    def y(self) -> float:
        return CHART_HEIGHT - self.height


@dataclass
class VendorActivity:
    vendor: Vendor
    total: int
    bars: list[Bar]

    @property
    def svg_bars(self) -> SafeString:
        """The bars of days with claims as SVG rects, each titled "1 Dec: 3".

        Built here rather than in the template: the chart is hundreds of bars, and
        rendering each through template tags was most of the home page's time.
        """
        # Only numbers and MONTHS go in, so there is nothing to escape.
        return mark_safe(  # noqa: S308
            "".join(
                f'<rect x="{bar.x}" y="{bar.y:.1f}" width="{BAR_WIDTH}" height="{bar.height:.1f}">'
                f"<title>{bar.day.day} {MONTHS[bar.day.month - 1]}: {bar.count}</title></rect>"
                for bar in self.bars
                if bar.count
            )
        )


@dataclass
class HomeSummary:
    vendors: list[Vendor]
    latest_claims: list[Claim]
    latest_articles: list[Article] = field(default_factory=list)
    open_conflicts: list[Conflict] = field(default_factory=list)
    open_conflict_count: int = 0
    activity: list[VendorActivity] = field(default_factory=list)
    activity_since: date | None = None
    activity_window: ActivityWindow | None = None
    feeds: FeedCounts = field(default_factory=FeedCounts)
    feed_problem: str | None = None


CHART_HEIGHT = 28
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


# Each day is a bar BAR_WIDTH wide with a one-unit gap: 30 days make a 150-unit chart,
# wide enough to tell one day from the next.
BAR_WIDTH = 4
BAR_STEP = BAR_WIDTH + 1


@dataclass(frozen=True)
class ActivityWindow:
    first: date
    last: date
    # False when nothing was claimed lately and the chart shows older days instead.
    recent: bool


def activity_window(today: date, newest: date | None, days: int = ACTIVITY_DAYS) -> ActivityWindow:
    """The days the chart shows: the last `days` up to today, or, when the newest claim is
    older than that (a first run's seed stories are months old), the `days` up to it."""
    last = today
    if newest is not None and newest <= today - timedelta(days=days):
        last = newest
    return ActivityWindow(last - timedelta(days=days - 1), last, recent=last == today)


def _claim_day() -> Func:
    """A claim's day in the current time zone, to group by.

    On SQLite TruncDate calls a Python function once per row (a month of claims at
    100,000 articles: 95 ms); SQLite stores UTC datetimes as "YYYY-MM-DD HH:MM:SS",
    so in UTC the day is the text's first ten characters (a "YYYY-MM-DD" string).
    """
    if connection.vendor == "sqlite" and timezone.get_current_timezone_name() == "UTC":
        return Substr("claimed_at", 1, 10)
    return TruncDate("claimed_at")


def newest_claimed(now: datetime) -> Subquery:
    """When the newest claim up to now was made (None without one), as a subquery to
    annotate another query with: the database computes it once."""
    claims = Claim.objects.filter(claimed_at__lte=now).latest_first()
    return Subquery(claims.values("claimed_at")[:1])


def vendor_activity(
    vendors: list[Vendor],
    newest: datetime | None,
    days: int = ACTIVITY_DAYS,
    now: datetime | None = None,
) -> tuple[ActivityWindow, list[VendorActivity]]:
    """Claims per vendor per day over the chart's days (see activity_window), as bars,
    given the newest claim's time up to now (newest_claimed).

    One query whatever the data.
    """
    now = now or timezone.now()
    window = activity_window(
        timezone.localdate(now), timezone.localdate(newest) if newest else None, days
    )
    first = window.first
    since = timezone.make_aware(datetime.combine(first, datetime.min.time()))
    until = timezone.make_aware(
        datetime.combine(window.last + timedelta(days=1), datetime.min.time())
    )
    counts: dict[int, dict[date, int]] = {}
    rows = (
        Claim.objects.filter(claimed_at__gte=since, claimed_at__lt=until)
        .annotate(day=_claim_day())
        .order_by()
        .values("vendor_id", "day")
        # COUNT(*), not COUNT(id): claim_activity_idx answers it without the table.
        .annotate(n=Count("*"))
    )
    for row in rows:
        day = row["day"] if isinstance(row["day"], date) else date.fromisoformat(row["day"])
        counts.setdefault(row["vendor_id"], {})[day] = row["n"]
    by_id = {v.pk: v for v in vendors}
    peak = max((n for per_day in counts.values() for n in per_day.values()), default=0)
    activity = []
    for vendor_id, per_day in counts.items():
        if vendor_id not in by_id:
            continue
        bars = []
        for i in range(days):
            day = first + timedelta(days=i)
            n = per_day.get(day, 0)
            # At least a sliver for any activity, so a single claim is visible.
            height = max(2.0, CHART_HEIGHT * n / peak) if n else 0.0
            bars.append(Bar(day=day, count=n, x=i * BAR_STEP, height=round(height, 1)))
        activity.append(VendorActivity(by_id[vendor_id], sum(per_day.values()), bars))
    activity.sort(key=lambda a: (-a.total, a.vendor.name))
    return window, activity


def home_summary(claim_limit: int = 20, article_limit: int = 10) -> HomeSummary:
    """Vendors with counts (busiest first), the newest claims and articles, open
    conflicts, 30 days of activity per vendor and feed health."""
    # Its table and chart show a vendor's name and link only, not its aliases (JSON decoded
    # row by row), catalogue and website.
    vendors = list(
        Vendor.objects.with_counts()
        .only("slug", "name")
        .order_by("-claim_count", "-article_count", "name")
    )
    now = timezone.now()
    # The chart ends at the newest claim: its time rides on the latest claims' query.
    latest = list(
        with_dispute_flags(listed_claims(Claim.objects.all()))
        .annotate(newest_claimed=newest_claimed(now))
        .latest_first()[:claim_limit]
    )
    articles = list(listed(Article.objects.all()).latest_first()[:article_limit])
    newest = latest[0].newest_claimed if latest else None
    window, activity = vendor_activity(vendors, newest, now=now)
    disputes, open_count = open_disputes()
    feeds, problem = feed_summary()
    return HomeSummary(
        vendors=vendors,
        latest_claims=latest,
        latest_articles=articles,
        open_conflicts=disputes,
        open_conflict_count=open_count,
        activity=activity,
        activity_since=window.first,
        activity_window=window,
        feeds=feeds,
        feed_problem=problem,
    )


@reader_view
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "chips/home.html", {"summary": home_summary()})
