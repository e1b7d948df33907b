"""A read query on the respondent's hot path, compiled from the ORM once and then run as SQL.

Django compiles a QuerySet to SQL on every evaluation. For the survey link's lookup (five joins,
twenty columns) that compilation costs about ten times the indexed query itself, on every page a
stakeholder opens. ``PreparedQuery`` compiles the QuerySet once per database alias, keeps the
SQL, its parameters and Django's value converters (dates, time zones, JSON), and then only swaps
in the value looked up. The rows are exactly what ``values_list`` would return (a test checks).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.transaction import TransactionManagementError

# Stand where the looked-up value goes while the query is compiled (one for text, one for ids).
TEXT_MARKER = "\x00rapport-prepared-value\x00"
NUMBER_MARKER = -7_318_205_946


class PreparedQuery:
    """``build(value)`` returns a ``values_list`` QuerySet filtered on ``value``; ``first(v)`` runs
    it for ``v`` and returns the first row as a tuple, or None.

    ``lock`` names models whose rows the query locks until the transaction ends (PostgreSQL's
    ``FOR NO KEY UPDATE OF …``, which Django cannot combine with ``values_list``); SQLite has no
    row locks and needs none (a write transaction there holds the whole database)."""

    def __init__(
        self,
        build: Callable[[Any], QuerySet[Any, Any]],
        *,
        lock: Sequence[type[Model]] = (),
        marker: str | int = TEXT_MARKER,
    ) -> None:
        self._build = build
        self._marker = marker
        self._lock = tuple(lock)
        self._compiled: dict[str, tuple[str, tuple[Any, ...], int, dict[int, Any]]] = {}

    def _compile(self, using: str) -> tuple[str, tuple[Any, ...], int, dict[int, Any]]:
        connection = connections[using]
        compiler = self._build(self._marker).query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        if list(params).count(self._marker) != 1:
            raise ValueError("The query must use the looked-up value exactly once.")
        slot = list(params).index(self._marker)
        expressions = [column[0] for column in compiler.select[: compiler.col_count]]
        converters = compiler.get_converters(expressions)
        if self._lock and connection.features.has_select_for_update:
            tables = [connection.ops.quote_name(model._meta.db_table) for model in self._lock]
            missing = [t for t in tables if t not in sql]
            if missing:
                raise ValueError(f"Cannot lock {', '.join(missing)}: not in the query.")
            features = connection.features
            sql += " " + connection.ops.for_update_sql(
                of=tables if features.has_select_for_update_of else (),
                no_key=features.has_select_for_no_key_update,
            )
        compiled = (sql, tuple(params), slot, converters)
        self._compiled[using] = compiled
        return compiled

    def first(self, value: Any, *, using: str = "default") -> tuple[Any, ...] | None:
        sql, params, slot, converters = self._compiled.get(using) or self._compile(using)
        connection = connections[using]
        if self._lock and connection.get_autocommit():
            raise TransactionManagementError("A locking query runs inside a transaction.")
        values = list(params)
        values[slot] = value
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            row = cursor.fetchone()
        if row is None:
            return None
        if not converters:
            return tuple(row)
        converted = list(row)
        for position, (functions, expression) in converters.items():
            item = converted[position]
            for convert in functions:
                item = convert(item, expression, connection)
            converted[position] = item
        return tuple(converted)
