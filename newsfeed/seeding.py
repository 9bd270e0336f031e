"""Load sources, feeds and articles from seed files.

Create-only: a row that already exists (by URL or domain) is left as it is,
so running the load again changes nothing and editors' edits survive.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.db import transaction
from django.utils.dateparse import parse_datetime

from newsfeed.models import Article, Feed, Source


@dataclass
class SeedCount:
    created: int = 0
    kept: int = 0
    created_ids: list[int] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.created} created, {self.kept} already present"


def source_for(name: str, domain: str, reliability: float | None = None) -> Source:
    defaults = {"name": name}
    if reliability is not None:
        defaults["reliability"] = reliability
    source, _ = Source.objects.get_or_create(domain=domain.lower(), defaults=defaults)
    return source


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        raise ValueError(f"not an ISO 8601 date: {value!r}")
    return parsed


@transaction.atomic
def load_feeds(entries: Iterable[dict]) -> SeedCount:
    count = SeedCount()
    for entry in entries:
        source = source_for(entry["source"], entry["source_domain"], entry.get("reliability"))
        feed, created = Feed.objects.get_or_create(
            url=entry["url"], defaults={"title": entry.get("title", ""), "source": source}
        )
        if created:
            count.created += 1
            count.created_ids.append(feed.pk)
        else:
            count.kept += 1
    return count


@transaction.atomic
def load_articles(entries: Iterable[dict], base_dir: Path) -> SeedCount:
    count = SeedCount()
    for entry in entries:
        source = source_for(entry["source"], entry["source_domain"], entry.get("reliability"))
        text = (base_dir / entry["text_file"]).read_text(encoding="utf-8").strip()
        article, created = Article.objects.get_or_create(
            url=entry["url"],
            defaults={
                "source": source,
                "title": entry["title"],
                "author": entry.get("author", ""),
                "language": entry.get("language", ""),
                "published_at": _parse_date(entry.get("published_at")),
                "text": text,
            },
        )
        if created:
            count.created += 1
            count.created_ids.append(article.pk)
        else:
            count.kept += 1
    return count
