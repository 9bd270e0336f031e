"""SQLite's FTS5 tables are kept in step with their rows' text only when the text changes.

0011's update triggers fired on every UPDATE of an article or a claim, rewriting the
trigram index of its whole text each time: an article is updated a dozen times on its
way through ingestion (leases, fetch and analysis states) and a claim each time its
corroborations are recounted, which made those UPDATEs cost as much as the ingestion
around them. `AFTER UPDATE OF <text columns>` keeps the index exactly as before.
"""

from django.db import migrations

# (fts table, content table, columns), as in 0011_search_fts.
TABLES = [
    ("newsfeed_article_fts", "newsfeed_article", ["title", "summary", "text"]),
    ("chips_claim_fts", "chips_claim", ["statement", "quote"]),
]


def _update_trigger(fts: str, table: str, cols: list[str], *, text_only: bool) -> str:
    names = ", ".join(cols)
    new = ", ".join(f"new.{c}" for c in cols)
    old = ", ".join(f"old.{c}" for c in cols)
    when = f"UPDATE OF {names}" if text_only else "UPDATE"
    return (
        f"CREATE TRIGGER {fts}_au AFTER {when} ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new}); END"
    )


def _replace(schema_editor, *, text_only: bool) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        for fts, table, cols in TABLES:
            cursor.execute(f"DROP TRIGGER IF EXISTS {fts}_au")
            cursor.execute(_update_trigger(fts, table, cols, text_only=text_only))


def forwards(apps, schema_editor):
    _replace(schema_editor, text_only=True)


def backwards(apps, schema_editor):
    _replace(schema_editor, text_only=False)


class Migration(migrations.Migration):
    dependencies = [("chips", "0013_claim_activity_idx")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
