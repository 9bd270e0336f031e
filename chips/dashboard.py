"""What the dashboard pages show, as plain functions over querysets.

Each page asks one function here for plain data. Every function runs a fixed
number of queries whatever the size of the data (lists are sliced, related
rows come with select_related or subqueries), and every list walks an index.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import groupby

from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.http import Http404
from django.utils import timezone
from django.utils.safestring import SafeString

from chips.conflicts import attach_side_stats
from chips.highlighting import (
    START_SEL,
    STOP_SEL,
    ClaimRef,
    article_html,
    find_quote,
    headline_to_html,
    highlight_terms,
    query_terms,
)
from chips.models import (
    Chip,
    ChipMention,
    Claim,
    ClaimQuerySet,
    Conflict,
    ConflictClaim,
    Vendor,
    VendorMention,
)
from chips.names import NameMatch, corrected, in_reading_order, match_names
from newsfeed.models import Article, Feed, Source
from newsfeed.problems import shared_problem

TIMELINE_PAGE_SIZE = 25
CONFLICT_PAGE_SIZE = 20
# Open disputes shown on home, vendor and chip pages.
HOME_DISPUTES = 5
# Reports shown per side: on a card of the board, and in a list of disputes.
CARD_REPORTS = 3
MINI_REPORTS = 1
SEARCH_LIMIT = 20
ACTIVITY_DAYS = 30


# --- Keyset pagination ---------------------------------------------------------


# Keyset cursors only ever hold times a row can have: a day's margin inside the
# calendar leaves room for time-zone arithmetic on any database.
CURSOR_EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
CURSOR_LATEST = datetime(9999, 12, 30, tzinfo=UTC)
# The largest id a 64-bit integer column (BigAutoField) holds.
MAX_ID = 2**63 - 1


class BadCursor(ValueError):
    """A cursor that was not made by Cursor.encode (tampered or truncated)."""


@dataclass(frozen=True)
class Cursor:
    """Where a page ended: the (timestamp, id) of its last row, opaque to clients."""

    at: datetime
    pk: int

    def encode(self) -> str:
        raw = f"{self.at.isoformat()}|{self.pk}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> Cursor:
        """The cursor in token, or BadCursor for anything encode() could not have made.

        A hand-made token can hold a timestamp that leaves the calendar once in UTC
        (year 1 at +05:00) or an id no database column holds (2**64); either would
        fail deep inside the query, so both are refused here.
        """
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
            stamp, pk = raw.split("|")
            at = datetime.fromisoformat(stamp)
            if at.tzinfo is None:
                raise ValueError("naive timestamp")
            at = at.astimezone(UTC)
            if not CURSOR_EARLIEST <= at <= CURSOR_LATEST:
                raise ValueError("timestamp out of range")
            number = int(pk)
            if not 0 < number <= MAX_ID:
                raise ValueError("id out of range")
            return cls(at=at, pk=number)
        except (ValueError, OverflowError, binascii.Error, UnicodeDecodeError) as exc:
            raise BadCursor(token) from exc

    def before(self, field_name: str) -> Q:
        """Rows strictly after this cursor in (field desc, id desc) order."""
        return Q(**{f"{field_name}__lt": self.at}) | Q(**{field_name: self.at, "pk__lt": self.pk})


# --- Timelines (vendor and chip pages) ---------------------------------------------


@dataclass(frozen=True)
class TimelineFilters:
    topic: str = ""
    chip: Chip | None = None
    status: str = ""
    min_confidence: float | None = None
    source: Source | None = None

    def apply(self, claims: ClaimQuerySet) -> ClaimQuerySet:
        if self.topic:
            claims = claims.filter(topic=self.topic)
        if self.chip is not None:
            claims = claims.filter(chip=self.chip)
        if self.status:
            claims = claims.filter(status=self.status)
        if self.min_confidence is not None:
            claims = claims.filter(confidence__gte=self.min_confidence)
        if self.source is not None:
            claims = claims.filter(article__source=self.source)
        return claims


@dataclass
class ArticleClaims:
    """Consecutive claims of one article on a timeline."""

    article: Article
    claims: list[Claim]


@dataclass
class MonthGroup:
    month: date
    entries: list[ArticleClaims]
    # True when the previous page already showed this month's heading.
    continued: bool = False


@dataclass
class TimelinePage:
    months: list[MonthGroup]
    next_cursor: str | None
    count: int

    @property
    def is_empty(self) -> bool:
        return not self.months


def _month(moment: datetime) -> date:
    return timezone.localtime(moment).date().replace(day=1)


def group_by_month(claims: list[Claim], continuing: datetime | None = None) -> list[MonthGroup]:
    """Claims (newest first) as months, each a run of articles with their claims."""
    months: list[MonthGroup] = []
    for month, in_month in groupby(claims, key=lambda c: _month(c.claimed_at)):
        entries = [
            ArticleClaims(article=run[0].article, claims=run)
            for run in (list(g) for _, g in groupby(in_month, key=lambda c: c.article_id))
        ]
        months.append(MonthGroup(month=month, entries=entries))
    if months and continuing is not None and _month(continuing) == months[0].month:
        months[0].continued = True
    return months


def _timeline(
    claims: ClaimQuerySet,
    filters: TimelineFilters,
    after: Cursor | None,
    limit: int,
) -> TimelinePage:
    claims = filters.apply(claims)
    if after is not None:
        claims = claims.filter(after.before("claimed_at"))
    rows = list(with_dispute_flags(claims.for_display().latest_first())[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = Cursor(rows[-1].claimed_at, rows[-1].pk).encode() if more else None
    return TimelinePage(
        months=group_by_month(rows, continuing=after.at if after else None),
        next_cursor=next_cursor,
        count=len(rows),
    )


def vendor_timeline(
    vendor: Vendor,
    filters: TimelineFilters,
    after: Cursor | None = None,
    limit: int = TIMELINE_PAGE_SIZE,
) -> TimelinePage:
    """The vendor's claims, newest first, grouped by month and article (one query)."""
    return _timeline(Claim.objects.filter(vendor=vendor), filters, after, limit)


def chip_timeline(
    chip: Chip,
    filters: TimelineFilters,
    after: Cursor | None = None,
    limit: int = TIMELINE_PAGE_SIZE,
) -> TimelinePage:
    return _timeline(Claim.objects.filter(chip=chip), filters, after, limit)


def _latest_claimed(topic: str) -> Subquery:
    """The newest affirmed, not rejected value claimed about a chip under a topic."""
    return Subquery(
        Claim.objects.filter(chip=OuterRef("pk"), topic=topic, polarity="affirm")
        .exclude(value="")
        .exclude(status=Claim.Status.REJECTED)
        .order_by("-claimed_at", "-pk")
        .values("value")[:1]
    )


def chips_with_claims(chips: QuerySet[Chip]) -> list[Chip]:
    """Chips with what the press claims: claimed_process, claimed_memory, claimed_status."""
    count = (
        Claim.objects.filter(chip=OuterRef("pk"))
        .order_by()
        .values("chip")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = list(
        chips.select_related("vendor")
        .annotate(
            claimed_process=_latest_claimed("manufacturing"),
            claimed_memory=_latest_claimed("memory"),
            claimed_status=_latest_claimed("availability"),
            claim_count=Subquery(count),
        )
        .order_by("name")
    )
    contested = contested_attributes(rows)
    for chip in rows:
        chip.contested = contested.get(chip.pk, {})
    return rows


# A chip card's attributes and the topic whose claims speak about each.
CARD_ATTRIBUTES = {"manufacturing": "process", "memory": "memory", "availability": "status"}


def contested_attributes(chips: list[Chip]) -> dict[int, dict[str, Conflict]]:
    """For each chip, its card attributes in an open dispute ("process" → the newest open
    dispute on manufacturing): a card says the attribute is contested instead of setting
    one report's value beside the catalogue's (one query)."""
    disputes = (
        Conflict.objects.filter(
            chip__in=[chip.pk for chip in chips],
            topic__in=list(CARD_ATTRIBUTES),
            status=Conflict.Status.OPEN,
        )
        .only("pk", "chip_id", "topic", "value_a", "value_b", "kind", "detected_at")
        .order_by("-detected_at", "-pk")
    )
    found: dict[int, dict[str, Conflict]] = {}
    for dispute in disputes if chips else ():
        found.setdefault(dispute.chip_id, {}).setdefault(CARD_ATTRIBUTES[dispute.topic], dispute)
    return found


@dataclass
class VendorPage:
    vendor: Vendor
    chips: list[Chip]
    articles: list[Article]
    timeline: TimelinePage
    disputes: list[Conflict] = field(default_factory=list)
    open_dispute_count: int = 0


def get_vendor(slug: str) -> Vendor:
    try:
        return Vendor.objects.get(slug=slug)
    except Vendor.DoesNotExist:
        raise Http404("No such vendor") from None


def get_chip(slug: str) -> Chip:
    try:
        return Chip.objects.select_related("vendor").get(slug=slug)
    except Chip.DoesNotExist:
        raise Http404("No such chip") from None


def vendor_page(
    vendor: Vendor, filters: TimelineFilters, after: Cursor | None = None
) -> VendorPage:
    articles = (
        Article.objects.filter(vendor_mentions__vendor=vendor)
        .select_related("source")
        .latest_first()[:8]
    )
    disputes, open_count = open_disputes(vendor=vendor)
    return VendorPage(
        vendor=vendor,
        chips=chips_with_claims(vendor.chips.all()),
        articles=list(articles),
        timeline=vendor_timeline(vendor, filters, after),
        disputes=disputes,
        open_dispute_count=open_count,
    )


@dataclass
class ChipPage:
    chip: Chip
    articles: list[Article]
    timeline: TimelinePage
    disputes: list[Conflict] = field(default_factory=list)
    open_dispute_count: int = 0


def chip_page(chip: Chip, filters: TimelineFilters, after: Cursor | None = None) -> ChipPage:
    articles = (
        Article.objects.filter(chip_mentions__chip=chip).select_related("source").latest_first()[:8]
    )
    disputes, open_count = open_disputes(chip=chip)
    [chip] = chips_with_claims(Chip.objects.filter(pk=chip.pk))
    return ChipPage(
        chip=chip,
        articles=list(articles),
        timeline=chip_timeline(chip, filters, after),
        disputes=disputes,
        open_dispute_count=open_count,
    )


def vendor_index() -> list[Vendor]:
    """Every vendor with its counts and chips (two queries), by name as people read it
    ("d-Matrix" among the Ds, "Éta" among the Es: case and accents ignored)."""
    return in_reading_order(
        Vendor.objects.with_counts().prefetch_related("chips"), lambda vendor: vendor.name
    )


# --- Home ----------------------------------------------------------------------------


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


@dataclass(frozen=True)
class FeedCounts:
    total: int = 0
    ok: int = 0
    error: int = 0
    gone: int = 0
    inactive: int = 0


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
    feeds: FeedCounts = FeedCounts()
    feed_problem: str | None = None


CHART_HEIGHT = 28
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


def vendor_activity(
    vendors: list[Vendor], days: int = ACTIVITY_DAYS, now: datetime | None = None
) -> tuple[ActivityWindow, list[VendorActivity]]:
    """Claims per vendor per day over the chart's days (see activity_window), as bars.

    Two queries whatever the data: the newest claim's time, then the counts.
    """
    now = now or timezone.now()
    newest = Claim.objects.filter(claimed_at__lte=now).aggregate(at=Max("claimed_at"))["at"]
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
        .annotate(day=TruncDate("claimed_at"))
        .order_by()
        .values("vendor_id", "day")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts.setdefault(row["vendor_id"], {})[row["day"]] = row["n"]
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


def feed_counts() -> FeedCounts:
    """Feeds by status (one aggregate query), matching Feed.status."""
    live = Q(gone_at__isnull=True)
    return FeedCounts(
        **Feed.objects.aggregate(
            total=Count("pk"),
            gone=Count("pk", filter=~live),
            inactive=Count("pk", filter=live & Q(is_active=False)),
            error=Count("pk", filter=live & Q(is_active=True, error_count__gt=0)),
            ok=Count("pk", filter=live & Q(is_active=True, error_count=0)),
        )
    )


# How many live feeds the home page reads to tell whether they all fail one way.
FEED_PROBLEM_SAMPLE = 200


def feed_problem(feeds: Iterable[Feed] | None = None) -> str | None:
    """One banner when every live, active feed fails the same way (say, offline), else None.

    Reads the feeds given (the feeds page has them already) or, for the home page,
    up to FEED_PROBLEM_SAMPLE of them in one query.
    """
    if feeds is None:
        rows = Feed.objects.filter(gone_at__isnull=True, is_active=True).values_list(
            "error_count", "last_error"
        )[:FEED_PROBLEM_SAMPLE]
    else:
        rows = [(f.error_count, f.last_error) for f in feeds if f.is_active and not f.gone_at]
    # A working feed counts as "" so that it rules the banner out.
    return shared_problem(last_error if errors else "" for errors, last_error in rows)


def open_conflicts() -> QuerySet[Conflict]:
    return Conflict.objects.open().for_display(per_side=MINI_REPORTS)


def home_summary(claim_limit: int = 20, article_limit: int = 10) -> HomeSummary:
    """Vendors with counts (busiest first), the newest claims and articles, open
    conflicts, 30 days of activity per vendor and feed health."""
    vendors = list(Vendor.objects.with_counts().order_by("-claim_count", "-article_count", "name"))
    latest = Claim.objects.for_display().latest_first()[:claim_limit]
    articles = list(Article.objects.select_related("source").latest_first()[:article_limit])
    conflicts = open_conflicts().order_by("-detected_at", "-pk")
    window, activity = vendor_activity(vendors)
    return HomeSummary(
        vendors=vendors,
        latest_claims=list(with_dispute_flags(latest)),
        latest_articles=articles,
        open_conflicts=with_side_stats(conflicts[:HOME_DISPUTES]),
        open_conflict_count=Conflict.objects.open().count(),
        activity=activity,
        activity_since=window.first,
        activity_window=window,
        feeds=feed_counts(),
        feed_problem=feed_problem(),
    )


# --- Conflicts -------------------------------------------------------------------------


ALL_STATUSES = "all"


@dataclass(frozen=True)
class ConflictFilters:
    vendor: Vendor | None = None
    topic: str = ""
    # Open disputes unless another status (or "all") is asked for.
    status: str = Conflict.Status.OPEN
    chip: Chip | None = None

    def apply(self, conflicts: QuerySet[Conflict]) -> QuerySet[Conflict]:
        if self.vendor is not None:
            conflicts = conflicts.filter(vendor=self.vendor)
        if self.chip is not None:
            conflicts = conflicts.filter(chip=self.chip)
        if self.topic:
            conflicts = conflicts.filter(topic=self.topic)
        if self.status and self.status != ALL_STATUSES:
            conflicts = conflicts.filter(status=self.status)
        return conflicts


@dataclass
class ConflictPage:
    conflicts: list[Conflict]
    next_cursor: str | None


def conflicts_for_display(per_side: int | None = None) -> QuerySet[Conflict]:
    return Conflict.objects.for_display(per_side)


def with_side_stats(conflicts: QuerySet[Conflict]) -> list[Conflict]:
    """The disputes with each side's reports and independent sources (one more query)."""
    rows = list(conflicts)
    attach_side_stats(rows)
    return rows


def conflict_board(
    filters: ConflictFilters, after: Cursor | None = None, limit: int = CONFLICT_PAGE_SIZE
) -> ConflictPage:
    """Disputes, newest first, each with every claim on each side and its evidence
    (two queries: the disputes, then their members)."""
    conflicts = filters.apply(conflicts_for_display(per_side=CARD_REPORTS))
    if after is not None:
        conflicts = conflicts.filter(after.before("detected_at"))
    rows = with_side_stats(conflicts.order_by("-detected_at", "-pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = Cursor(rows[-1].detected_at, rows[-1].pk).encode() if more else None
    return ConflictPage(conflicts=rows, next_cursor=cursor)


def get_conflict(pk: int) -> Conflict:
    try:
        return conflicts_for_display().get(pk=pk)
    except Conflict.DoesNotExist:
        raise Http404("No such conflict") from None


def open_disputes(
    vendor: Vendor | None = None, chip: Chip | None = None, limit: int = HOME_DISPUTES
) -> tuple[list[Conflict], int]:
    """The newest open disputes of a vendor or chip, and how many are open (three queries)."""
    filters = ConflictFilters(vendor=vendor, chip=chip)
    rows = filters.apply(conflicts_for_display(per_side=MINI_REPORTS))
    rows = with_side_stats(rows.order_by("-detected_at", "-pk")[:limit])
    return rows, filters.apply(Conflict.objects.all()).count()


def with_dispute_flags(claims: ClaimQuerySet) -> ClaimQuerySet:
    """Mark each claim in_open_dispute (a subquery, no extra query)."""
    return claims.annotate(
        in_open_dispute=Exists(
            ConflictClaim.objects.filter(
                claim=OuterRef("pk"), conflict__status=Conflict.Status.OPEN
            )
        )
    )


# --- Claims and articles -------------------------------------------------------------------


@dataclass
class ClaimPage:
    claim: Claim
    conflicts: list[Conflict]
    history: list
    siblings: list[Claim]


def get_claim(pk: int) -> Claim:
    try:
        return Claim.objects.for_display().select_related("reviewed_by").get(pk=pk)
    except Claim.DoesNotExist:
        raise Http404("No such claim") from None


def claim_history(claim: Claim) -> list:
    """The claim's recorded changes, newest first, when change history is kept."""
    history = getattr(claim, "history", None)
    if history is None:
        return []
    return list(history.select_related("history_user").order_by("-history_date")[:50])


def claim_page(pk: int) -> ClaimPage:
    claim = get_claim(pk)
    conflicts = conflicts_for_display(per_side=MINI_REPORTS).of_claim(claim)
    siblings = (
        Claim.objects.filter(article_id=claim.article_id)
        .exclude(pk=claim.pk)
        .select_related("vendor", "chip")
        .order_by("pk")[:20]
    )
    return ClaimPage(
        claim=claim,
        conflicts=with_side_stats(conflicts.order_by("-detected_at", "-pk")),
        history=claim_history(claim),
        siblings=list(siblings),
    )


@dataclass
class ArticlePage:
    article: Article
    text_html: SafeString
    claims: list[Claim]
    unplaced_claims: list[Claim]
    vendors: list[Vendor]
    chips: list[Chip]
    # Claims made by the headline (quoted from the title, not the text).
    headline_claims: list[Claim] = field(default_factory=list)

    @property
    def summary_only(self) -> bool:
        """Only the feed's summary could be had: the page failed, is pending or was skipped."""
        return not self.article.text and bool(self.article.summary)


def article_page(pk: int) -> ArticlePage:
    """The article's text as paragraphs, the sentences its claims quote marked and linked
    to those claims, the title left out when the text repeats it (four queries)."""
    try:
        article = Article.objects.select_related("source", "feed").get(pk=pk)
    except Article.DoesNotExist:
        raise Http404("No such article") from None
    claims = list(
        Claim.objects.filter(article=article).select_related("vendor", "chip").order_by("pk")
    )
    text = article.body
    quoted, unplaced, headline = [], [], []
    for number, claim in enumerate(claims, 1):
        where = find_quote(text, claim.quote)
        if where is not None:
            ref = ClaimRef(number, claim.get_absolute_url(), claim.statement)
            quoted.append((where, ref))
        elif claim.headline or find_quote(article.title, claim.quote) is not None:
            headline.append(claim)
        else:
            unplaced.append(claim)
    html, in_title = article_html(text, article.title, quoted)
    headline.extend(claims[n - 1] for n in sorted(in_title))
    vendors = Vendor.objects.filter(
        pk__in=VendorMention.objects.filter(article=article).values("vendor")
    ).order_by("name")
    chips = Chip.objects.filter(
        pk__in=ChipMention.objects.filter(article=article).values("chip")
    ).order_by("name")
    return ArticlePage(
        article=article,
        text_html=html,
        claims=claims,
        unplaced_claims=unplaced,
        vendors=list(vendors),
        chips=list(chips),
        headline_claims=headline,
    )


# --- Search ------------------------------------------------------------------------------


@dataclass
class ArticleHit:
    article: Article
    title_html: SafeString
    snippet_html: SafeString


@dataclass
class ClaimHit:
    claim: Claim
    statement_html: SafeString
    quote_html: SafeString


@dataclass
class SearchResults:
    query: str
    articles: list[ArticleHit] = field(default_factory=list)
    claims: list[ClaimHit] = field(default_factory=list)
    engine: str = ""
    vendors: list[NameMatch[Vendor]] = field(default_factory=list)
    chips: list[NameMatch[Chip]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.articles or self.claims or self.vendors or self.chips)

    @property
    def catalogue_count(self) -> int:
        return len(self.vendors) + len(self.chips)

    @property
    def suggestion(self) -> str:
        """The name meant when only a typo-forgiving match found anything ("acsend")."""
        if self.articles or self.claims:
            return ""
        matches = [*self.vendors, *self.chips]
        if matches and all(m.typo for m in matches):
            return corrected(self.query, matches[0].matched)
        return ""


CATALOGUE_LIMIT = 12


def search_catalogue(q: str, limit: int = CATALOGUE_LIMIT) -> tuple[list, list]:
    """Vendors and chips whose name or an alias (Chinese ones too) matches q, small
    typos forgiven (two queries; the catalogue is small enough to match in Python)."""
    vendors = Vendor.objects.only("slug", "name", "aliases", "country", "kind")
    chips = Chip.objects.select_related("vendor").only(
        "slug", "name", "aliases", "vendor__slug", "vendor__name"
    )
    return (
        match_names(q, ((v, [v.name, *v.aliases]) for v in vendors))[:limit],
        match_names(q, ((c, [c.name, *c.aliases]) for c in chips))[:limit],
    )


SEARCH_CONFIG = "english"
SNIPPET_CHARS = 240


def article_search_vector():
    """Must stay the same expression as newsfeed's article_search_idx (PostgreSQL)."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector("title", "summary", "text", config=SEARCH_CONFIG)


def claim_search_vector():
    """Must stay the same expression as chips' claim_search_idx (PostgreSQL)."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector("statement", "quote", config=SEARCH_CONFIG)


class UnreadableQuery(ValueError):
    """A search the database cannot parse (the message says what to change)."""


# A minus sign, then more of them with only spaces or punctuation between: PostgreSQL
# nests one NOT per sign and gives up at about 32 ("tsquery stack too small").
_MINUS_RUN = re.compile(r'-(?:[^\w"]*-)+')


def websearch_text(q: str) -> str:
    """q with every run of minus signs read as one (exclusion is all a run can mean)."""
    return _MINUS_RUN.sub("-", q)


def _search_postgres(q: str, limit: int) -> SearchResults:
    from django.contrib.postgres.search import SearchHeadline, SearchQuery

    query = SearchQuery(websearch_text(q), config=SEARCH_CONFIG, search_type="websearch")

    def headline(expr: str, whole: bool = False) -> SearchHeadline:
        options = {"highlight_all": True} if whole else {"max_words": 30, "min_words": 12}
        return SearchHeadline(
            expr, query, config=SEARCH_CONFIG, start_sel=START_SEL, stop_sel=STOP_SEL, **options
        )

    articles = (
        Article.objects.annotate(document=article_search_vector())
        .filter(document=query)
        .annotate(title_hl=headline("title", whole=True), text_hl=headline("text"))
        .select_related("source")
        .latest_first()[:limit]
    )
    claims = (
        Claim.objects.annotate(document=claim_search_vector())
        .filter(document=query)
        .annotate(statement_hl=headline("statement", whole=True), quote_hl=headline("quote"))
        .for_display()
        .latest_first()[:limit]
    )
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            # The planner prices to_tsvector() far below its real cost, so for a
            # common word it would rather recompute it over the whole table than
            # read the GIN index (measured: 250 ms against 7 ms on 5,000 articles).
            cursor.execute("SET LOCAL enable_seqscan = off")
            articles, claims = list(articles), list(claims)
    except DatabaseError as exc:
        # Only the query text's fault is the user's; anything else is ours.
        if "tsquery" not in str(exc):
            raise
        raise UnreadableQuery(
            "This search has more operators than PostgreSQL can read: "
            "use fewer minus signs, quotes or “or”."
        ) from exc
    return SearchResults(
        query=q,
        engine="postgresql",
        articles=[
            ArticleHit(
                article=a,
                title_html=headline_to_html(a.title_hl),
                snippet_html=headline_to_html(a.text_hl)
                if a.text
                else highlight_terms(a.summary, q, SNIPPET_CHARS),
            )
            for a in articles
        ],
        claims=[
            ClaimHit(
                claim=c,
                statement_html=headline_to_html(c.statement_hl),
                quote_html=headline_to_html(c.quote_hl),
            )
            for c in claims
        ],
    )


def _search_fallback(q: str, limit: int) -> SearchResults:
    """Every word must appear (case-insensitively); newest first."""
    terms = query_terms(q)
    article_q, claim_q = Q(), Q()
    for term in terms:
        article_q &= Q(title__icontains=term) | Q(summary__icontains=term) | Q(text__icontains=term)
        claim_q &= Q(statement__icontains=term) | Q(quote__icontains=term)
    if not terms:
        return SearchResults(query=q, engine="substring")
    articles = Article.objects.filter(article_q).select_related("source").latest_first()[:limit]
    claims = Claim.objects.filter(claim_q).for_display().latest_first()[:limit]
    return SearchResults(
        query=q,
        engine="substring",
        articles=[
            ArticleHit(
                article=a,
                title_html=highlight_terms(a.title, q),
                snippet_html=highlight_terms(a.body, q, SNIPPET_CHARS),
            )
            for a in articles
        ],
        claims=[
            ClaimHit(
                claim=c,
                statement_html=highlight_terms(c.statement, q),
                quote_html=highlight_terms(c.quote, q, SNIPPET_CHARS),
            )
            for c in claims
        ],
    )


def search(q: str, limit: int = SEARCH_LIMIT) -> SearchResults:
    """Vendors and chips named like q, and articles and claims matching it, with the
    matches marked (four queries).

    PostgreSQL full-text search (stemmed words, websearch syntax, a GIN index)
    where available; on SQLite a case-insensitive substring match of every
    word. Newest first on both: ranking every match would cost time in
    proportion to how common the words are, and analysts want the latest news.
    """
    q = q.strip()
    if not q:
        return SearchResults(query="")
    if connection.vendor == "postgresql":
        results = _search_postgres(q, limit)
    else:
        results = _search_fallback(q, limit)
    results.vendors, results.chips = search_catalogue(q)
    return results


# --- Feeds ---------------------------------------------------------------------------------


def feed_health() -> list[Feed]:
    """Every feed with its article count, failing ones first (one query)."""
    feeds = Feed.objects.with_article_counts().select_related("source")
    order = {"error": 0, "gone": 1, "inactive": 2, "ok": 3}
    return sorted(feeds, key=lambda f: (order.get(f.status, 9), (f.title or f.url).casefold()))
