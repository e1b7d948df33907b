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
from django.db.models import Field, Model, QuerySet
from django.db.transaction import TransactionManagementError

from rapport.ops.statements import statement_cursor

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
        with statement_cursor(connection) as cursor:
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


# Writes on the same path. ``Model.save`` and ``QuerySet.update`` build and compile their SQL on
# every call (signals, field lists, the compiler): for a one-row write on the survey's answer
# that costs several times the statement. These keep the SQL per model, field list and database,
# and prepare each value the way Django's own INSERT and UPDATE do (``pre_save`` then
# ``get_db_prep_save``), so the row written is the one ``save`` would write (a test checks).
_WRITES: dict[tuple[Any, ...], tuple[str, tuple[Any, ...]]] = {}


def insert_row(obj: Model, *, using: str = "default") -> None:
    """``obj.save(force_insert=True)`` as one prepared INSERT, for a model whose key is set in
    Python (a UUID; nothing is read back). No ``pre_save``/``post_save`` signal is sent: use it
    only for models no receiver listens to."""
    model = type(obj)
    if obj.pk is None:
        raise ValueError(f"{model.__name__}: insert_row needs the key set in Python.")
    key = ("insert", model, using)
    if key not in _WRITES:
        quote = connections[using].ops.quote_name
        fields: tuple[Field[Any, Any], ...] = tuple(model._meta.concrete_fields)
        columns = ", ".join(quote(str(f.column)) for f in fields)
        holes = ", ".join(["%s"] * len(fields))
        table = quote(model._meta.db_table)
        _WRITES[key] = (f"INSERT INTO {table} ({columns}) VALUES ({holes})", fields)  # noqa: S608
    sql, fields = _WRITES[key]
    connection = connections[using]
    values = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    with statement_cursor(connection) as cursor:
        cursor.execute(sql, values)
    obj._state.adding = False
    obj._state.db = using


def update_row(obj: Model, names: Sequence[str], *, using: str = "default") -> int:
    """``obj.save(update_fields=names)`` as one prepared UPDATE of the row with ``obj``'s key;
    the number of rows changed (0 or 1). No signal is sent (see ``insert_row``)."""
    model = type(obj)
    key = ("update", model, tuple(names), using)
    if key not in _WRITES:
        quote = connections[using].ops.quote_name
        fields = tuple(_concrete(model, name) for name in names)
        sets = ", ".join(f"{quote(str(f.column))} = %s" for f in fields)
        table, pk = quote(model._meta.db_table), quote(str(_concrete(model, "pk").column))
        _WRITES[key] = (f"UPDATE {table} SET {sets} WHERE {pk} = %s", fields)  # noqa: S608
    sql, fields = _WRITES[key]
    connection = connections[using]
    values = [f.get_db_prep_save(f.pre_save(obj, False), connection) for f in fields]
    values.append(_concrete(model, "pk").get_db_prep_value(obj.pk, connection))
    with statement_cursor(connection) as cursor:
        cursor.execute(sql, values)
        return int(cursor.rowcount)


def _concrete(model: type[Model], name: str) -> Field[Any, Any]:
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    if not isinstance(field, Field) or not field.concrete:
        raise ValueError(f"{model.__name__}.{name} is not a column.")
    return field
