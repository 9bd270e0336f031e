"""Celery tasks: thin wrappers taking ids. Safe to run twice (acks_late is on)."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from newsfeed import analysing, ingest


@shared_task(name="newsfeed.poll_due_feeds", ignore_result=True)
def poll_due_feeds(limit: int = 200) -> dict[str, int]:
    return ingest.poll_due_feeds(limit=limit)


@shared_task(name="newsfeed.poll_feed")
def poll_feed(feed_id: int) -> dict[str, Any]:
    return ingest.poll_feed(feed_id, inline=False).as_dict()


# Thousands a day, and the article row holds the outcome: no task result rows.
@shared_task(name="newsfeed.fetch_article", ignore_result=True)
def fetch_article(article_id: int) -> dict[str, Any]:
    outcome = ingest.fetch_article(article_id, inline=False)
    return {
        "article_id": outcome.article_id,
        "result": str(outcome.result),
        "message": outcome.message,
    }


@shared_task(name="newsfeed.analyse_article", ignore_result=True)
def analyse_article(article_id: int) -> dict[str, Any]:
    """Run the registered analyser on a pending article (a no-op unless pending)."""
    return {"article_id": article_id, "result": analysing.run_analysis(article_id)}
