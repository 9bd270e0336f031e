"""Celery tasks of chips: thin wrappers taking ids, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from chips import analysis


@shared_task(name="chips.analyze_article")
def analyze_article(article_id: int) -> dict[str, int]:
    result = analysis.analyze_article(article_id)
    return {
        "vendors": len(result.vendors),
        "chips": len(result.chips),
        "claims": result.claims,
        "conflicts": result.conflicts,
    }
