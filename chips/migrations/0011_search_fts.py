"""SQLite full-text search: FTS5 tables (trigram tokenizer, so Chinese text and
substrings match) over article and claim text, kept in step by triggers. PostgreSQL
keeps its GIN tsvector indexes; nothing happens there."""

from django.db import migrations

# (fts table, content table, columns)
TABLES = [
    ("newsfeed_article_fts", "newsfeed_article", ["title", "summary", "text"]),
    ("chips_claim_fts", "chips_claim", ["statement", "quote"]),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        for fts, table, cols in TABLES:
            names = ", ".join(cols)
            new = ", ".join(f"new.{c}" for c in cols)
            old = ", ".join(f"old.{c}" for c in cols)
            cursor.execute(
                f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content='{table}',"
                f" content_rowid='id', tokenize='trigram')"
            )
            cursor.execute(f"INSERT INTO {fts}(rowid, {names}) SELECT id, {names} FROM {table}")
            cursor.execute(
                f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
                f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new}); END"
            )
            cursor.execute(
                f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
                f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old}); END"
            )
            cursor.execute(
                f"CREATE TRIGGER {fts}_au AFTER UPDATE ON {table} BEGIN "
                f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old}); "
                f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new}); END"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        for fts, _table, _cols in TABLES:
            for suffix in ("ai", "ad", "au"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
            cursor.execute(f"DROP TABLE IF EXISTS {fts}")


class Migration(migrations.Migration):
    dependencies = [
        ("chips", "0010_disputes"),
        ("newsfeed", "0005_feed_entries"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
