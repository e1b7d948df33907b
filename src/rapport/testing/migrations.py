"""Moving a test database between migration states, for tests of data migrations: migrate to
an earlier state, write rows through that state's models, migrate forward and read them back."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets: list[tuple[str, str | None]]) -> Any:
    """Migrate to ``targets`` ((app, migration) pairs; None: before the app's first) and return
    the apps registry of that state, whose models match the tables as they are then."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def migrate_to_latest() -> None:
    """Every app to its latest migration, as the other tests expect the database."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
