"""Rows written in one statement, without the ORM's per-value work.

`bulk_create` prepares every value of every row through its field (an analysis' ~50
claims and their history rows were 15,000 such calls, a quarter of the analysis) and, on
SQLite, splits the rows into batches of 999 parameters. Here each column gets a converter
once (most columns need none: strings, numbers and ids go to the driver as they are) and
the rows go in one `executemany`. No signals are sent, as with `bulk_create`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models
from django.db.models.constants import OnConflict

# Fields whose Python values are already what the drivers take.
_PLAIN = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "FloatField",
        "ForeignKey",
        "IntegerField",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallIntegerField",
        "TextField",
    }
)


def _converter(field: models.Field) -> Callable[[Any], Any] | None:
    kind = field.get_internal_type()
    if kind in _PLAIN:
        return None
    if kind == "DateTimeField":
        return _remembered(connection.ops.adapt_datetimefield_value)
    return lambda value: field.get_db_prep_save(value, connection)


def _remembered(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`convert`, each distinct value converted once: an article's rows share a few
    dates (its claims' date, the time they were written), and SQLite's date adapter
    (time zone to UTC, then text) cost ~20 us a value, 400 values an article. Equal
    datetimes are the same instant, which every backend stores alike."""
    known: dict[Any, Any] = {}

    def converted(value: Any) -> Any:
        try:
            return known[value]
        except KeyError:
            result = known[value] = convert(value)
            return result
        except TypeError:  # unhashable (an expression): as it is
            return convert(value)

    return converted


def _prepared(
    model: type[models.Model], names: Sequence[str]
) -> tuple[list[models.Field], Callable[[Sequence[Any]], Sequence[Any]]]:
    """The fields `names` of `model`, and a function giving one row's values as the
    driver takes them (each column's converter chosen once; most need none)."""
    fields = [model._meta.get_field(name) for name in names]
    converters = [(index, _converter(field)) for index, field in enumerate(fields)]
    converters = [(index, convert) for index, convert in converters if convert is not None]

    def prepare(row: Sequence[Any]) -> Sequence[Any]:
        if not converters:
            return row
        row = list(row)
        for index, convert in converters:
            row[index] = convert(row[index])
        return row

    return fields, prepare


def insert(
    model: type[models.Model],
    names: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    ignore_conflicts: bool = False,
) -> int:
    """INSERT rows of `model`, each holding the values of the fields `names` (foreign keys
    by id) in that order; rows a unique constraint refuses are skipped when
    `ignore_conflicts`. Returns how many rows were given."""
    fields, prepare = _prepared(model, names)
    params = [prepare(row) for row in rows]
    if not params:
        return 0
    ops = connection.ops
    on_conflict = OnConflict.IGNORE if ignore_conflicts else None
    columns = ", ".join(ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = (
        f"{ops.insert_statement(on_conflict=on_conflict)} {ops.quote_name(model._meta.db_table)} "
        f"({columns}) VALUES ({placeholders}) "
        f"{ops.on_conflict_suffix_sql(fields, on_conflict, None, None)}"
    ).rstrip()
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    return len(params)


def upsert_ids(
    model: type[models.Model],
    names: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    unique: str,
) -> dict[Any, int]:
    """INSERT rows of `model` (values of `names`, as `insert`), a row whose `unique` value
    exists already updating that value to itself; returns every row's id by its `unique`
    value. One statement per batch, rows in the order given: on PostgreSQL it locks each
    row it inserts or updates until the transaction ends, as bulk_create's upsert did."""
    if not rows:
        return {}
    fields, prepare = _prepared(model, names)
    ops = connection.ops
    quote = ops.quote_name
    target = quote(model._meta.get_field(unique).column)
    pk = quote(model._meta.pk.column)
    columns = ", ".join(quote(field.column) for field in fields)
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    limit = connection.features.max_query_params or 65535
    size = max(1, limit // len(fields))
    found: dict[Any, int] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            params: list[Any] = []
            for row in batch:
                params.extend(prepare(row))
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608
                f"VALUES {', '.join([row_sql] * len(batch))} "
                f"ON CONFLICT ({target}) DO UPDATE SET {target} = EXCLUDED.{target} "
                f"RETURNING {pk}, {target}",
                params,
            )
            found.update((value, ident) for ident, value in cursor.fetchall())
    return found


def delete(model: type[models.Model], name: str, value: Any) -> int:
    """DELETE the rows of `model` whose field `name` equals `value`, in one statement: no
    signals and no cascades, so only for tables no other row refers to (an article's
    mentions). Returns how many went."""
    ops = connection.ops
    table = ops.quote_name(model._meta.db_table)
    column = ops.quote_name(model._meta.get_field(name).column)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {column} = %s", [value])  # noqa: S608
        return cursor.rowcount
