"""Tallies: the counts the dashboard shows (claims per vendor and chip, articles per
vendor and per feed), kept by database triggers on every insert, delete and move of a
claim, vendor mention or feed entry, then filled from the rows already there.

PostgreSQL: statement-level triggers (one upsert per statement, whatever its rows)
adding to the shard of the writing connection (pg_backend_pid() % TALLY_SHARDS), so
concurrent workers do not queue on one row's lock. SQLite has a single writer and
row-level triggers only: shard 0, one upsert per row.
"""

from django.db import migrations, models

SHARDS = 64  # chips.models.TALLY_SHARDS at the time of writing
# table: [(counter, column), ...]
SOURCES = {
    "chips_claim": [("vendor_claims", "vendor_id"), ("chip_claims", "chip_id")],
    "chips_vendormention": [("vendor_articles", "vendor_id")],
    "newsfeed_feedentry": [("feed_articles", "feed_id")],
}
UPSERT = "ON CONFLICT (counter, key, shard) DO UPDATE SET n = chips_tally.n + excluded.n"


def _changes(counters: list[tuple[str, str]], rows: str, sign: int) -> list[str]:
    return [
        f"SELECT '{counter}' AS counter, {column} AS key, {sign} AS d"
        f" FROM {rows} WHERE {column} IS NOT NULL"
        for counter, column in counters
    ]


def _postgres(table: str, counters: list[tuple[str, str]]) -> list[str]:
    function = f"chips_tally_{table}"

    def upsert(parts: list[str]) -> str:
        # Keys in order, so two statements that do meet on a shard lock rows alike.
        return (
            f"INSERT INTO chips_tally (counter, key, shard, n) "
            f"SELECT counter, key, pg_backend_pid() % {SHARDS}, sum(d) "
            f"FROM ({' UNION ALL '.join(parts)}) AS changes "
            f"GROUP BY counter, key HAVING sum(d) <> 0 ORDER BY counter, key {UPSERT};"
        )

    inserted = _changes(counters, "new_rows", 1)
    deleted = _changes(counters, "old_rows", -1)
    return [
        f"""CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN {upsert(inserted)}
            ELSIF TG_OP = 'DELETE' THEN {upsert(deleted)}
            ELSE {upsert(inserted + deleted)}
            END IF;
            RETURN NULL;
        END $$""",
        f"CREATE TRIGGER {function}_insert AFTER INSERT ON {table} "
        f"REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        f"CREATE TRIGGER {function}_delete AFTER DELETE ON {table} "
        f"REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        # Every update of the table, since a trigger with transition tables cannot
        # name its columns; an update that moves nothing adds nothing (HAVING above).
        f"CREATE TRIGGER {function}_update AFTER UPDATE ON {table} "
        f"REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
    ]


def _sqlite(table: str, counters: list[tuple[str, str]]) -> list[str]:
    def add(counter: str, value: str, sign: int) -> str:
        return (
            f"INSERT INTO chips_tally (counter, key, shard, n) "
            f"SELECT '{counter}', {value}, 0, {sign} WHERE {value} IS NOT NULL {UPSERT};"
        )

    statements = [
        f"CREATE TRIGGER chips_tally_{table}_insert AFTER INSERT ON {table} BEGIN "
        + " ".join(add(counter, f"new.{column}", 1) for counter, column in counters)
        + " END",
        f"CREATE TRIGGER chips_tally_{table}_delete AFTER DELETE ON {table} BEGIN "
        + " ".join(add(counter, f"old.{column}", -1) for counter, column in counters)
        + " END",
    ]
    for counter, column in counters:
        statements.append(
            f"CREATE TRIGGER chips_tally_{table}_{column}_update AFTER UPDATE OF {column} "
            f"ON {table} WHEN old.{column} IS NOT new.{column} BEGIN "
            f"{add(counter, f'old.{column}', -1)} {add(counter, f'new.{column}', 1)} END"
        )
    return statements


def create(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for table, counters in SOURCES.items():
            for counter, column in counters:
                cursor.execute(
                    f"INSERT INTO chips_tally (counter, key, shard, n) "
                    f"SELECT '{counter}', {column}, 0, count(*) FROM {table} "
                    f"WHERE {column} IS NOT NULL GROUP BY {column}"
                )
            make = _postgres if connection.vendor == "postgresql" else _sqlite
            for statement in make(table, counters):
                cursor.execute(statement)


def drop(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for table, counters in SOURCES.items():
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP FUNCTION IF EXISTS chips_tally_{table}() CASCADE")
                continue
            names = ["insert", "delete", *(f"{column}_update" for _, column in counters)]
            for name in names:
                cursor.execute(f"DROP TRIGGER IF EXISTS chips_tally_{table}_{name}")


class Migration(migrations.Migration):
    dependencies = [
        ("chips", "0011_search_fts"),
    ]

    operations = [
        migrations.CreateModel(
            name="Tally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "counter",
                    models.CharField(
                        choices=[
                            ("vendor_claims", "Claims about a vendor"),
                            ("vendor_articles", "Articles naming a vendor"),
                            ("chip_claims", "Claims about a chip"),
                            ("feed_articles", "Articles a feed carried"),
                        ],
                        max_length=20,
                    ),
                ),
                ("key", models.BigIntegerField(help_text="The vendor's, chip's or feed's id.")),
                ("shard", models.SmallIntegerField(default=0)),
                ("n", models.BigIntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("counter", "key", "shard"), name="tally_unique")
                ],
            },
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]
