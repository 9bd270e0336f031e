"""The feeds page (every feed's health) and the feed counts and banner the home page shows."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chips.dashboard.common import reader_view, wants_partial
from chips.models import Tally
from newsfeed.models import Article, Feed, FeedEntry
from newsfeed.problems import shared_problem


@dataclass(frozen=True)
class FeedCounts:
    total: int = 0
    ok: int = 0
    error: int = 0
    gone: int = 0
    inactive: int = 0


def feed_summary() -> tuple[FeedCounts, str | None]:
    """Feeds by status (matching Feed.status) and the banner feed_problem would show, from
    one grouped query: a row per status and distinct last error of the failing feeds.

    One round trip rather than two (an aggregate, then a sample of feeds for the banner),
    and the banner weighs every failing feed, not a sample.
    """
    # As Feed.status decides it.
    status = Case(
        When(gone_at__isnull=False, then=Value(Feed.Status.GONE.value)),
        When(is_active=False, then=Value(Feed.Status.INACTIVE.value)),
        When(error_count__gt=0, then=Value(Feed.Status.ERROR.value)),
        default=Value(Feed.Status.OK.value),
        output_field=CharField(),
    )
    problem = Case(
        When(gone_at__isnull=True, is_active=True, error_count__gt=0, then=F("last_error")),
        default=Value(""),
        output_field=CharField(),
    )
    rows = (
        Feed.objects.annotate(feed_status=status, problem=problem)
        .order_by()
        .values_list("feed_status", "problem")
        .annotate(n=Count("*"))
    )
    counts: Counter[str] = Counter()
    messages: list[str] = []
    for feed_status, message, n in rows:
        counts[feed_status] += n
        if feed_status in {Feed.Status.OK, Feed.Status.ERROR}:
            # shared_problem asks whether any feed works, whether two or more fail and
            # whether their errors agree: two copies of each message tell it as much.
            messages += [message] * min(n, 2)
    summary = FeedCounts(total=sum(counts.values()), **{s.value: counts[s] for s in Feed.Status})
    return summary, shared_problem(messages)


def feed_problem(feeds: Iterable[Feed]) -> str | None:
    """One banner when every live, active feed of these fails the same way (say,
    offline), else None."""
    # A working feed counts as "" so that it rules the banner out.
    return shared_problem(
        f.last_error if f.error_count else "" for f in feeds if f.is_active and not f.gone_at
    )


def feed_health() -> list[Feed]:
    """Every feed with its article, fetched, awaiting and failed analysis counts, failing
    feeds first (two queries).

    Feed.objects.with_article_counts() counts every article of every feed per view; here
    the article count is kept (Tally), and only the few articles not fetched or awaiting
    or failing analysis are read (each state has an index), so fetched is the rest.
    """
    feeds = list(
        Feed.objects.select_related("source").annotate(
            article_count=Tally.subquery(Tally.Counter.FEED_ARTICLES)
        )
    )
    fetch, analysis = Article.FetchState, Article.AnalysisState
    # States by name, not "not done": an index finds named values only.
    unfetched = Q(fetch_state__in=[s for s in fetch.values if s != fetch.DONE])
    analysing = Q(analysis_state__in=[analysis.PENDING, analysis.FAILED])
    if connection.vendor == "sqlite":
        # SQLite has no statistics telling it these states are rare: it would read
        # every feed entry. Two IN lists make it read each state's index instead.
        few = Q(article__in=Article.objects.filter(unfetched).values("pk")) | Q(
            article__in=Article.objects.filter(analysing).values("pk")
        )
    else:
        # (PostgreSQL knows; given the IN lists, it would hash every entry instead.)
        few = Q(article__in=Article.objects.filter(unfetched | analysing).values("pk"))
    unsettled = (
        FeedEntry.objects.filter(few)
        .order_by()
        .values_list("feed_id", "article__fetch_state", "article__analysis_state")
        .annotate(n=Count("*"))
    )
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for feed_id, fetch_state, analysis_state, n in unsettled:
        counts[feed_id]["unfetched"] += n if fetch_state != fetch.DONE else 0
        counts[feed_id][analysis_state] += n
    for feed in feeds:
        own = counts[feed.pk]
        feed.fetched_count = feed.article_count - own["unfetched"]
        feed.awaiting_analysis_count = own[analysis.PENDING]
        feed.analysis_failed_count = own[analysis.FAILED]
    order = {"error": 0, "gone": 1, "inactive": 2, "ok": 3}
    return sorted(feeds, key=lambda f: (order.get(f.status, 9), (f.title or f.url).casefold()))


@reader_view
def feed_list(request: HttpRequest) -> HttpResponse:
    feeds = feed_health()
    context = {"feeds": feeds, "feed_problem": feed_problem(feeds)}
    if wants_partial(request):
        return render(request, "chips/feeds.html#feed-table", context)
    return render(request, "chips/feeds.html", context)
