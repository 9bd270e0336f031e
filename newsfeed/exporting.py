"""Rows of feeds and articles as plain dicts, in the export format of docs/contract.md."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.db.models import Prefetch

from newsfeed.models import Article, Feed, FeedEntry

CHUNK = 500


def isoformat(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def feed_records() -> Iterator[dict[str, Any]]:
    for feed in Feed.objects.with_article_counts().order_by("pk").iterator(chunk_size=CHUNK):
        yield {
            "url": feed.url,
            "title": feed.title,
            "status": feed.status,
            "last_error": feed.last_error,
            "error_count": feed.error_count,
            "last_polled_at": isoformat(feed.last_polled_at),
            "next_poll_at": isoformat(feed.next_poll_at),
            "article_count": feed.article_count,
            "is_active": feed.is_active,
            "site_url": feed.site_url,
            "last_status": feed.last_status,
            "parse_problem": feed.parse_problem,
        }


def article_queryset():
    entries = FeedEntry.objects.select_related("feed").order_by("seen_at", "pk")
    return (
        Article.objects.select_related("feed", "source", "duplicate_of")
        .prefetch_related(Prefetch("feed_entries", queryset=entries))
        .order_by("pk")
    )


def article_record(article: Article) -> dict[str, Any]:
    return {
        "id": article.pk,
        "url": article.url,
        "title": article.title,
        "published_at": isoformat(article.published_at),
        "feed_url": article.feed.url if article.feed else None,
        # Every feed that carried it, the first one first (an extra field).
        "feed_urls": feed_urls(article),
        "source": article.source.name if article.source else None,
        "author": article.author,
        "language": article.language,
        "duplicate_of": article.duplicate_of.url if article.duplicate_of else None,
        "canonical_url": article.canonical_url,
        "fetch_state": article.fetch_state,
        "text": article.body,
    }


def feed_urls(article: Article) -> list[str]:
    urls = [entry.feed.url for entry in article.feed_entries.all()]
    first = article.feed.url if article.feed else None
    if first in urls:  # the first feed first, whatever the entries' times say
        urls.remove(first)
        urls.insert(0, first)
    return urls
