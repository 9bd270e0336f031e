"""Data-migration tests: step the schema back to a named migration, make rows there with
the historical models, then step forward and check what the migration made of them."""

from __future__ import annotations

from collections.abc import Iterator

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

Targets = list[tuple[str, str]]


def migrate(targets: Targets) -> Apps:
    """Migrate to `targets`; the historical apps registry of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def apps_before(targets: Targets) -> Iterator[Apps]:
    """Body of a fixture (under transactional_db): the apps at `targets`, and every app's
    latest migration again afterwards so later tests find the schema they expect."""
    yield migrate(targets)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
