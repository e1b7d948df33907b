"""Fixed SQL statements on hot paths, prepared once per connection on PostgreSQL.

Django binds parameters on the client for psycopg 3, so PostgreSQL parses and plans every
statement afresh. For the survey link's lookup (a seven-table join) planning took about 1.6 ms
of the database server's time on every request, several times what running it takes.
``statement_cursor`` gives a cursor whose statements PostgreSQL prepares once per connection
and then only runs (docs/architecture.md, "The respondent's fast path").

Prepared statements live in a database session: behind a pooler that hands one session's
statements to other clients (PgBouncer in transaction mode before 1.21), turn them off with
``RAPPORT_DB_PREPARED_STATEMENTS=off``; these cursors are then Django's own.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper

_TIMESTAMPTZ_OID = 1184


def prepares(connection: BaseDatabaseWrapper) -> bool:
    """Whether ``statement_cursor`` prepares statements on this connection."""
    return connection.vendor == "postgresql" and (
        connection.settings_dict["OPTIONS"].get("prepare_threshold") is not None
    )


def statement_cursor(connection: BaseDatabaseWrapper) -> CursorWrapper:
    """A cursor for a fixed statement run again and again: Django's own, except on PostgreSQL
    with prepared statements allowed (``prepares``), where PostgreSQL prepares each statement
    the first time the connection runs it and keeps its plan.

    Django's psycopg cursors bind parameters on the client, and such statements are never
    prepared; this one binds them on the server and asks for every statement to be prepared.
    It goes through the same wrappers as ``connection.cursor()``: the health check, the
    translation of errors, query logging and ``execute_wrapper``. Parameters must have types
    PostgreSQL can tell (values as Django prepares them for their columns)."""
    if not prepares(connection):
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        cursor = _preparing_class()(connection.connection)
        _same_time_zone(connection, cursor)
        return connection._prepare_cursor(cursor)  # type: ignore[attr-defined]


@cache
def _preparing_class() -> type[Any]:
    # Imported here: the PostgreSQL backend is loaded only where it is used.
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
            kwargs["prepare"] = True
            return super().execute(query, params, **kwargs)  # type: ignore[misc]

        def _convert_query(self, query: Any, params: Any = None) -> Any:
            # Kept where Django's query log reads a statement's text (``last_executed_query``),
            # as psycopg keeps it for a client-side statement: with $1… for the values.
            converted = super()._convert_query(query, params)  # type: ignore[misc]
            self._query = converted
            return converted

    return PreparingCursor


def _same_time_zone(connection: BaseDatabaseWrapper, cursor: Any) -> None:
    """As Django's ``create_cursor``: read times in the connection's time zone if the session's
    loader was registered for another one."""
    from django.db.backends.postgresql.psycopg_any import register_tzloader
    from psycopg.pq import Format

    loader = connection.connection.adapters.get_loader(_TIMESTAMPTZ_OID, Format.TEXT)
    if connection.timezone != loader.timezone:
        register_tzloader(connection.timezone, cursor)
