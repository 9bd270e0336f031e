"""Celery tasks of chips: thin wrappers taking ids, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from chips import analysis
from chips.digests import sending


@shared_task(name="chips.analyze_article")
def analyze_article(article_id: int) -> dict[str, int]:
    result = analysis.analyze_article(article_id)
    return {
        "vendors": len(result.vendors),
        "chips": len(result.chips),
        "claims": result.claims,
        "conflicts": result.conflicts,
    }


# Sending 10,000 digests takes minutes, more than the default limit of 10. A run
# cut short resumes on the next one (rows claimed per digest), so the limits only
# have to stay under the hourly interval.
@shared_task(name="chips.send_digests", soft_time_limit=3000, time_limit=3300)
def send_digests() -> dict[str, int]:
    """Send the digests that are due. Safe hourly, twice, or in parallel: each is sent once."""
    return sending.send_due_digests().as_dict()
