"""Queries a page runs on every request, compiled to SQL once per process and connection.

Building a queryset with a few subqueries and compiling it in the ORM can cost a page more
CPU than the database spends running it (vendor, chip and home pages at 100,000 articles).
A Precompiled query is built once with a stand-in for the one value that varies (a vendor's
id, a chip's slug) and compiled; each request runs that SQL with its own value and makes
the rows as the ORM's own iteration does (select_related objects, annotations, the
backend's converters)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar
from weakref import WeakKeyDictionary

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql.compiler import SQLCompiler

M = TypeVar("M", bound=Model)

# Stand-ins no row has, each found among a compiled query's parameters where the value goes.
ID_STANDIN = -7_301_911_857
SLUG_STANDIN = "\x00slug-stand-in\x00"


@dataclass(frozen=True)
class _Compiled:
    compiler: SQLCompiler
    sql: str
    params: tuple[object, ...]
    slots: tuple[int, ...]


class Precompiled(Generic[M]):
    """The rows of build(value), from SQL compiled once (per connection: a thread's own)."""

    def __init__(self, build: Callable[[object], QuerySet[M]], standin: object = None) -> None:
        self.build = build
        self.standin = standin
        self._compiled: WeakKeyDictionary[BaseDatabaseWrapper, _Compiled] = WeakKeyDictionary()

    def _compile(self, db: BaseDatabaseWrapper) -> _Compiled:
        if (found := self._compiled.get(db)) is None:
            query = self.build(self.standin).query
            compiler = query.get_compiler(connection=db)
            sql, params = compiler.as_sql()
            params = tuple(params)
            slots = tuple(i for i, p in enumerate(params) if p == self.standin)
            # The value must go somewhere (when there is one), and nowhere else the stand-in
            # could be mistaken for a constant.
            if self.standin is not None and not slots:
                raise AssertionError("the stand-in is not among the query's parameters")
            found = self._compiled[db] = _Compiled(compiler, sql, params, slots)
        return found

    def rows(self, value: object = None) -> list[M]:
        """build(value)'s rows, as list(build(value)) would make them (one query)."""
        db = connections[DEFAULT_DB_ALIAS]  # this thread's connection, not the proxy
        compiled = self._compile(db)
        params = list(compiled.params)
        for slot in compiled.slots:
            params[slot] = value
        with db.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            fetched = cursor.fetchall()
        compiler = compiled.compiler
        klass = compiler.klass_info
        assert klass is not None
        model = klass["model"]
        start, end = klass["select_fields"][0], klass["select_fields"][-1] + 1
        attnames = [column[0].target.attname for column in compiler.select[start:end]]
        populators = get_related_populators(klass, compiler.select, db.alias)
        annotations = compiler.annotation_col_map or {}
        rows = []
        for row in compiler.results_iter([fetched]):
            obj = model.from_db(db.alias, attnames, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for name, position in annotations.items():
                setattr(obj, name, row[position])
            rows.append(obj)
        return rows
