"""Writing many rows fast: plain tuples in, one prepared INSERT or UPDATE run over batches.

Django's ``bulk_create`` builds a model instance and prepares every field of every row, which
costs more than the database's own work at 500,000 rows. Set-based importers keep compact
tuples instead and hand them here with the field names; each column gets one adapter, chosen
once per column for the database in use (on SQLite most values pass through untouched).
An INSERT carries many rows (``VALUES (…), (…), …``, as many as the database takes parameters):
one statement per row costs SQLite more for the same rows. On SQLite it runs on sqlite3's own
cursor: through Django's cursor wrapper the same rows cost a third more. On PostgreSQL the rows
go through ``COPY … FROM STDIN`` instead, which the server loads without an INSERT to parse
and plan: half the time of the multi-row INSERTs for 100,000 history answers.
Call these inside the import's transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import chain, islice
from typing import Any

from django.db import IntegrityError, connection, models, transaction

BATCH = 5000
ROWS_PER_INSERT = 500  # at most; fewer when the row is wide (the database's parameter limit)


def use_a_larger_cache() -> None:
    """SQLite keeps 2 MB of pages by default; a bulk write into several indexes needs more."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -131072")  # 128 MB, this connection only


@contextmanager
def indexes_built_after(model: type[models.Model], *, rows: int) -> Iterator[None]:
    """On SQLite, when ``rows`` new rows at least double ``model``'s table, drop the indexes
    that were created on their own (plain ones and unique constraints' indexes: not the primary
    key's or a column's own UNIQUE, which SQLite cannot drop) for the write and build them again
    after it: building an index from sorted rows costs a fraction of updating it row by row, and
    most of all for a key of random bytes, whose every row lands on another page. A unique index
    checks every row when it is built, so a duplicate still raises ``IntegrityError`` (at the end
    of the write instead of on its row) and the transaction writes nothing. Inside the import's
    transaction, so other connections keep reading the table with its indexes and a failed write
    rolls back the drop too."""
    if not connection.in_atomic_block:
        raise RuntimeError("indexes_built_after() runs inside the write's transaction.")
    # "More rows there already than the write adds?", asked without counting the whole table.
    if (
        connection.vendor != "sqlite"
        or rows < 1
        or model._default_manager.order_by()[rows : rows + 1].exists()
    ):
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
            "AND sql IS NOT NULL",
            [model._meta.db_table],
        )
        built = cursor.fetchall()
        for name, _ in built:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        for _, sql in built:
            cursor.execute(sql)  # a duplicate in a unique index: IntegrityError


# Per table with foreign keys: its last rowid, and each key's column, parent table and column.
_Tops = dict[str, tuple[int, list[tuple[str, str, str]]]]


@contextmanager
def atomic_with_parents_checked_once() -> Iterator[None]:
    """The write's transaction (``transaction.atomic``). On SQLite, when it is not inside
    another transaction, its inserts skip the per-row foreign-key checks (four parent look-ups
    for each history answer) and the rows it added to any table are checked against their
    parents once, before it commits: a missing parent raises ``IntegrityError`` and nothing is
    written, as the per-row checks would have done. The transaction holds the write lock from
    its start, so no one removes a parent between that check and the commit.

    Only inserts are checked: a write inside it must not change the foreign keys of existing
    rows. The checks are on again once it ends, whatever happens; other connections never
    stop checking. Work queued with ``transaction.on_commit`` inside it runs before they are.
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        with transaction.atomic():
            yield
        return
    with connection.constraint_checks_disabled(), transaction.atomic():
        with connection.cursor() as cursor:
            tops = _last_rowids(cursor)
        yield
        with connection.cursor() as cursor:
            _check_added_rows(cursor, tops)


def _last_rowids(cursor: Any) -> _Tops:
    """Each table with foreign keys: its highest rowid now, and its keys (column, parent table,
    parent column). Django's tables are rowid tables: rows added later have higher rowids."""
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
        "AND sql NOT LIKE 'CREATE VIRTUAL%' AND sql NOT LIKE '%WITHOUT ROWID%'"
    )  # no parameters: the % signs are SQL's own
    quote = connection.ops.quote_name
    tops = {}
    for (table,) in cursor.fetchall():
        cursor.execute(f"PRAGMA foreign_key_list({quote(table)})")
        keys = [(row[3], row[2], row[4] or "rowid") for row in cursor.fetchall()]
        if keys:
            cursor.execute(f"SELECT max(rowid) FROM {quote(table)}")  # noqa: S608
            tops[table] = (cursor.fetchone()[0] or 0, keys)
    return tops


def _check_added_rows(cursor: Any, tops: _Tops) -> None:
    """Every row added after ``tops`` names existing parents, or ``IntegrityError``."""
    quote = connection.ops.quote_name
    for table, (top, keys) in tops.items():
        cursor.execute(f"SELECT max(rowid) FROM {quote(table)}")  # noqa: S608
        last = cursor.fetchone()[0] or 0
        if last <= top:
            continue  # nothing added here
        # A write that at least doubles the table: each key's distinct values, read from an
        # index that starts with it (a fraction of reading the rows), then looked up once each.
        # Otherwise, or for a key without such an index: one pass over the added rows, every
        # key of a row checked at once. Only quoted names from the schema go into the SQL.
        indexed = _leading_index_columns(cursor, table) if last - top >= top else set()
        rest = []
        for column, parent, target in keys:
            if column not in indexed:
                rest.append((column, parent, target))
                continue
            cursor.execute(
                f"SELECT v FROM (SELECT DISTINCT t.{quote(column)} AS v FROM {quote(table)} "  # noqa: S608
                f"AS t WHERE t.rowid > %s AND t.{quote(column)} IS NOT NULL) WHERE NOT EXISTS "
                f"(SELECT 1 FROM {quote(parent)} AS p WHERE p.{quote(target)} = v) LIMIT 1",
                [top],
            )
            if cursor.fetchone() is not None:
                raise _missing_parent(table)
        if not rest:
            continue
        missing = " OR ".join(
            f"(t.{quote(column)} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {quote(parent)} "  # noqa: S608
            f"AS p WHERE p.{quote(target)} = t.{quote(column)}))"
            for column, parent, target in rest
        )
        cursor.execute(
            f"SELECT t.rowid FROM {quote(table)} AS t WHERE t.rowid > %s AND ({missing}) LIMIT 1",  # noqa: S608
            [top],
        )
        if cursor.fetchone() is not None:
            raise _missing_parent(table)


def _leading_index_columns(cursor: Any, table: str) -> set[str]:
    """The columns that some index of ``table`` starts with."""
    quote = connection.ops.quote_name
    cursor.execute(f"PRAGMA index_list({quote(table)})")
    columns: set[str] = set()
    for index in [row[1] for row in cursor.fetchall()]:
        cursor.execute(f"PRAGMA index_info({quote(index)})")
        first = [row[2] for row in cursor.fetchall() if row[0] == 0]
        columns.update(name for name in first if name)
    return columns


def _missing_parent(table: str) -> IntegrityError:
    return IntegrityError(
        f"FOREIGN KEY constraint failed: a row added to {table} names a missing parent."
    )


def _identity(value: Any) -> Any:
    return value


def _sqlite_adapter(field: models.Field) -> Callable[[Any], Any]:
    if isinstance(field, models.UUIDField):
        return lambda v: v.hex if isinstance(v, uuid.UUID) else v
    if isinstance(field, models.JSONField):
        # Already-encoded JSON text passes as it is; Python values are encoded like Django does.
        return lambda v: v if isinstance(v, str) else json.dumps(v, cls=field.encoder)
    if isinstance(field, models.DateTimeField):
        adapt = connection.ops.adapt_datetimefield_value
        last: list[Any] = [None, None]

        def datetime(v: Any) -> Any:
            if v is not last[0]:  # an import stamps every row with the same "now"
                last[:] = [v, adapt(v) if v is not None else None]
            return last[1]

        return datetime
    if isinstance(field, models.DateField):
        return lambda v: v.isoformat() if isinstance(v, dt.date) else v
    return _identity


def _adapter(field: models.Field) -> Callable[[Any], Any]:
    while field.is_relation:  # a foreign key holds its target's value (e.g. a UUID)
        field = field.target_field  # type: ignore[attr-defined]
    if connection.vendor == "sqlite":
        return _sqlite_adapter(field)
    if isinstance(field, models.JSONField):
        return lambda v: field.get_db_prep_save(
            json.loads(v) if isinstance(v, str) else v, connection
        )
    if isinstance(field, models.UUIDField | models.DateField | models.DateTimeField):
        return lambda v: field.get_db_prep_save(v, connection)
    return _identity  # text, numbers, booleans and foreign keys pass as they are


def _batches(rows: Iterable[Sequence[Any]], size: int) -> Iterator[list[Sequence[Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def _columns(model: type[models.Model], names: Sequence[str]) -> list[models.Field]:
    return [model._meta.get_field(name) for name in names]  # type: ignore[misc]


def insert_rows(
    model: type[models.Model],
    names: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    as_text: Collection[str] = (),
    same: Mapping[str, Any] | None = None,
) -> int:
    """INSERT ``rows`` (tuples in the order of ``names``, field names) into ``model``'s table.

    ``as_text`` names fields whose values are given in their text form (a UUID's hex, JSON
    text, an ISO date): SQLite stores exactly that, so they skip adaptation there. ``same``
    gives fields whose value is the same on every row (the import's time, a flag): adapted once
    and added to each row, instead of being carried and adapted in every tuple.
    """
    same = same or {}
    fields = _columns(model, [*names, *same])
    quote = connection.ops.quote_name
    # Only quoted table and column names from the model go into the SQL; values are parameters.
    head = "INSERT INTO {} ({}) VALUES ".format(  # noqa: S608
        quote(model._meta.db_table), ", ".join(quote(str(f.column)) for f in fields)
    )
    one = "({})".format(", ".join(["%s"] * len(fields)))
    limit = connection.features.max_query_params or 65535
    per = max(1, min(ROWS_PER_INSERT, limit // max(1, len(fields))))
    count = 0
    rest: list[Sequence[Any]] = []
    with_same: Iterable[Sequence[Any]] = _adapted(fields[: len(names)], rows, as_text)
    if same:
        tail = tuple(
            _adapter(f)(v) for f, v in zip(fields[len(names) :], same.values(), strict=True)
        )
        with_same = (tuple(row) + tail for row in with_same)

    def statements() -> Iterator[list[Any]]:
        """The parameters of each full statement; a last, shorter batch goes to ``rest``."""
        nonlocal count
        for batch in _batches(with_same, per):
            count += len(batch)
            if len(batch) < per:
                rest.extend(batch)
            else:
                yield list(chain.from_iterable(batch))

    # One prepared statement of ``per`` rows over the whole stream, then the remainder. A
    # stream, not a list: the statements are built while the database works through them.
    many = head + ", ".join([one] * per)
    if connection.vendor == "sqlite":
        # sqlite3's own cursor: Django's wrapper keeps a copy of a streamed parameter list
        # (itertools.tee) and costs SQLite's bulk write a third more. Django's transaction, and
        # errors raised as Django's own.
        connection.ensure_connection()
        with connection.wrap_database_errors:
            raw = connection.connection.cursor()
            try:
                raw.executemany(_qmarks(many), statements())
                if rest:
                    last = head + ", ".join([one] * len(rest))
                    raw.execute(_qmarks(last), list(chain.from_iterable(rest)))
            finally:
                raw.close()
        return count
    if connection.vendor == "postgresql":
        return _copy_rows(model, fields, with_same)
    with connection.cursor() as cursor:
        cursor.executemany(many, statements())  # type: ignore[arg-type]
        if rest:
            cursor.execute(head + ", ".join([one] * len(rest)), list(chain.from_iterable(rest)))
    return count


def _copy_rows(
    model: type[models.Model], fields: Sequence[models.Field], rows: Iterable[Sequence[Any]]
) -> int:
    """PostgreSQL: the rows through ``COPY … FROM STDIN`` (psycopg writes each row in C), which
    the server loads without parsing and planning an INSERT per batch. Constraints hold as for
    an INSERT (a violation raises Django's ``IntegrityError`` and the transaction writes
    nothing); deferred foreign keys are checked at the commit, as they are for an INSERT."""
    quote = connection.ops.quote_name
    sql = "COPY {} ({}) FROM STDIN".format(  # only quoted names from the model
        quote(model._meta.db_table), ", ".join(quote(str(f.column)) for f in fields)
    )
    count = 0
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(sql) as copy,  # psycopg's own cursor
    ):
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _qmarks(sql: str) -> str:
    """Django's ``%s`` placeholders as the ``?`` that sqlite3 itself takes (the SQL holds only
    quoted names and placeholders)."""
    return sql.replace("%s", "?")


def _adapted(
    fields: Sequence[models.Field], rows: Iterable[Sequence[Any]], as_text: Collection[str] = ()
) -> Iterable:
    """``rows`` with each value ready for the database; only the columns that need it are
    touched (on SQLite: UUIDs, JSON, dates), the rest pass as they are."""
    sqlite = connection.vendor == "sqlite"
    special = [
        (i, a)
        for i, (f, a) in enumerate((f, _adapter(f)) for f in fields)
        if a is not _identity and not (sqlite and f.name in as_text)
    ]
    if not special:
        return rows

    def adapt() -> Iterator[list[Any]]:
        for row in rows:
            values = list(row)
            for i, a in special:
                values[i] = a(values[i])
            yield values

    return adapt()


def update_rows(
    model: type[models.Model],
    names: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    as_text: Collection[str] = (),
) -> int:
    """UPDATE ``model`` rows: each tuple is the new values of ``names`` followed by the pk.
    ``as_text`` as for ``insert_rows``."""
    fields = _columns(model, names)
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(f"{quote(str(f.column))} = %s" for f in fields),
        quote(str(model._meta.pk.column)),
    )
    count = 0
    with connection.cursor() as cursor:
        for batch in _batches(_adapted([*fields, model._meta.pk], rows, as_text), BATCH):
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def max_pk(model: type[models.Model]) -> int:
    """The highest primary key now in ``model``'s table (0 when empty)."""
    top: int | None = model._default_manager.aggregate(top=models.Max("pk"))["top"]
    return top or 0
