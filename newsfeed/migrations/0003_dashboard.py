from django.db import migrations
from django.db.models import F, Index

# Indexes the dashboard needs that only PostgreSQL has or needs:
# - full-text search over articles (SQLite searches by substring), built from
#   the same expression the search query uses (chips.dashboard
#   .article_search_vector), so the planner can use it;
# - newest first: ArticleQuerySet.latest_first() orders by published_at DESC
#   NULLS LAST, and a plain DESC index puts nulls first on PostgreSQL (on
#   SQLite, where nulls sort last in DESC, article_published_idx serves).
SEARCH_INDEX = "article_search_idx"
LATEST_INDEX = "article_latest_nulls_last_idx"


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    Article = apps.get_model("newsfeed", "Article")
    vector = SearchVector("title", "summary", "text", config="english")
    schema_editor.add_index(Article, GinIndex(vector, name=SEARCH_INDEX))
    latest = Index(F("published_at").desc(nulls_last=True), F("id").desc(), name=LATEST_INDEX)
    schema_editor.add_index(Article, latest)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in (SEARCH_INDEX, LATEST_INDEX):
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("newsfeed", "0002_polling")]

    operations = [migrations.RunPython(add_indexes, drop_indexes)]
