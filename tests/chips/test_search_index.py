"""SQLite's full-text index follows the text of articles and claims, and only their text."""

from __future__ import annotations

import pytest
from django.db import connection

from newsfeed.models import Article
from tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'sqlite'"),
]


def indexed(word: str) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM newsfeed_article_fts WHERE newsfeed_article_fts MATCH %s", [word]
        )
        return [row[0] for row in cursor.fetchall()]


def rows_written(update) -> int:
    """Rows an UPDATE wrote, those its triggers wrote included."""
    raw = connection.connection
    before = raw.total_changes
    update()
    return raw.total_changes - before


def test_a_state_change_does_not_rewrite_the_articles_index_but_new_text_does():
    article = ArticleFactory(text="A story about lithography.")
    rows = Article.objects.filter(pk=article.pk)
    # Leases, fetch and analysis states: a dozen UPDATEs per article on its way in.
    assert rows_written(lambda: rows.update(analysis_state="done")) == 1
    assert indexed("lithography") == [article.pk]
    assert rows_written(lambda: rows.update(text="A story about packaging.")) > 1
    assert indexed("packaging") == [article.pk]
    assert indexed("lithography") == []
