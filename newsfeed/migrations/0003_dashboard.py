from django.db import migrations

# The dashboard's full-text search over articles (PostgreSQL only; SQLite
# searches by substring). Built from the same expression the search query
# uses (chips.dashboard.article_search_vector), so the planner can use it.
SEARCH_INDEX = "article_search_idx"


def add_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    Article = apps.get_model("newsfeed", "Article")
    vector = SearchVector("title", "summary", "text", config="english")
    schema_editor.add_index(Article, GinIndex(vector, name=SEARCH_INDEX))


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("newsfeed", "0001_initial")]

    operations = [migrations.RunPython(add_search_index, drop_search_index)]
