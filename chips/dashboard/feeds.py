"""The feeds page (every feed's health) and the feed counts and banner the home page shows."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Q
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
