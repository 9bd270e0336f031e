"""The feeds page (every feed's health) and the feed counts and banner the home page shows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
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


def _entries(**conditions: Any) -> Coalesce:
    """How many of a feed's articles meet conditions (a subquery, through FeedEntry)."""
    rows = (
        FeedEntry.objects.filter(feed=OuterRef("pk"), **conditions)
        .order_by()
        .values("feed")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


def with_health_counts(feeds: QuerySet[Feed]) -> QuerySet[Feed]:
    """Feed.objects.with_article_counts(), without counting every article per view: the
    article count is kept (Tally), and only the few articles not fetched, awaiting or
    failing analysis are counted (each state has an index); fetched is the rest."""
    states = Article.FetchState
    return feeds.annotate(
        article_count=Tally.subquery(Tally.Counter.FEED_ARTICLES),
        unfetched_count=_entries(
            article__fetch_state__in=[states.PENDING, states.FAILED, states.SKIPPED]
        ),
        fetched_count=F("article_count") - F("unfetched_count"),
        awaiting_analysis_count=_entries(article__analysis_state=Article.AnalysisState.PENDING),
        analysis_failed_count=_entries(article__analysis_state=Article.AnalysisState.FAILED),
    )


def feed_health() -> list[Feed]:
    """Every feed with its article count, failing ones first (one query)."""
    feeds = with_health_counts(Feed.objects.select_related("source"))
    order = {"error": 0, "gone": 1, "inactive": 2, "ok": 3}
    return sorted(feeds, key=lambda f: (order.get(f.status, 9), (f.title or f.url).casefold()))


@reader_view
def feed_list(request: HttpRequest) -> HttpResponse:
    feeds = feed_health()
    context = {"feeds": feeds, "feed_problem": feed_problem(feeds)}
    if wants_partial(request):
        return render(request, "chips/feeds.html#feed-table", context)
    return render(request, "chips/feeds.html", context)
