"""chips listens to newsfeed: every article whose text is ready gets analysed."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from chips import analysis


def analyze_ready_article(*, article_id: int, inline: bool, **_kwargs: Any) -> None:
    if inline:
        analysis.analyze_article(article_id)
        return
    from chips.tasks import analyze_article

    transaction.on_commit(lambda: analyze_article.delay(article_id))
