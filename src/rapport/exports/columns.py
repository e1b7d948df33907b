"""What an export is: one declarative spec per console list.

A spec names its columns, where each is read from (an ORM path for ``values_list``), which
columns hold text (neutralised against formula injection), who may export it, and how the
page's filters become its rows. The rows come from the same queryset function as the page, so
an export holds exactly what the reader sees on screen, every page of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.utils.translation import gettext_noop

from rapport.exports.filters import Filter

# Rows are read from the database in chunks of this many: memory stays flat on any size.
CHUNK_SIZE = 2000

Params = Mapping[str, str]
# Rewrites one row of values for the reader at hand (a new row, or the row itself).
RowTransform = Callable[[Sequence[Any]], Sequence[Any]]


# How a column's values read in a spreadsheet (XLSX only: CSV writes values as they are).
# Undeclared, a column is formatted by its values' type: dates, date-times, whole numbers and
# decimals; declare a kind for what the type does not say (a share, a percentage) or for
# values read raw as text (``raw_rows``: a date or a JSON score on SQLite).
DATE = "date"  # yyyy-mm-dd
DATETIME = "datetime"  # yyyy-mm-dd hh:mm, in the PMO's time zone
INTEGER = "integer"  # a whole number (a score read as text), shown plain
DECIMAL = "decimal"  # a mean or a score: one or two decimals
SHARE = "share"  # a fraction from 0 to 1, shown as a percentage (0.25 → 25%)
PERCENT = "percent"  # a percentage from 0 to 100, shown with its sign (25 → 25%)
KINDS = ("", DATE, DATETIME, INTEGER, DECIMAL, SHARE, PERCENT)


@dataclass(frozen=True)
class Column:
    """One column: its header, the ORM path it is read from, whether it holds text, and how
    its values read in a spreadsheet (``kind``, one of ``KINDS``)."""

    header: str
    field: str
    text: bool = False
    kind: str = ""


@dataclass(frozen=True)
class Prepared:
    """An export ready to write: headers, the indices of text columns, the rows, and each
    column's kind (empty: every column by its values' type)."""

    headers: tuple[str, ...]
    text: tuple[int, ...]
    rows: Iterable[Sequence[Any]]
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExportSpec:
    """A console list as an export.

    ``queryset(user, params)``: the list's rows as on screen (the page's own function).
    ``columns``: read with ``values_list`` in this order. ``transform(user, params)`` (optional)
    returns a function applied to each row tuple, for what a reader may not see in full (text
    hidden, say); it runs once per row, so it must stay cheap. ``allowed(user)`` and
    ``refused``: who may export it and what others are told. ``filters``: the query
    parameters it understands and what each accepts; ``prepare`` gets them checked
    (``filters.clean_filters``).
    """

    name: str
    title: str
    columns: tuple[Column, ...]
    queryset: Callable[[Any, Params], QuerySet]
    allowed: Callable[[Any], bool]
    refused: str = gettext_noop("You may not export this list.")
    transform: Callable[[Any, Params], RowTransform] | None = None
    filters: tuple[Filter, ...] = field(default=())  # the query parameters it understands

    def prepare(self, user: Any, params: Params) -> Prepared:
        fields = [c.field for c in self.columns]
        rows: Iterable[Sequence[Any]] = (
            self.queryset(user, params).values_list(*fields).iterator(chunk_size=CHUNK_SIZE)
        )
        if self.transform is not None:
            rows = map(self.transform(user, params), rows)
        return Prepared(
            headers=tuple(c.header for c in self.columns),
            text=tuple(i for i, c in enumerate(self.columns) if c.text),
            rows=rows,
            kinds=tuple(c.kind for c in self.columns),
        )


def raw_rows(queryset: QuerySet) -> Iterator[tuple]:
    """The rows of a ``values_list`` queryset as the database driver returns them, without
    Django's per-value converters (five times faster on a large table): the same SQL, so the
    same filters. A chunked cursor (server-side on PostgreSQL) keeps memory flat. Only for
    columns whose raw values read well (text, numbers; dates and UUIDs as the driver gives
    them); JSON must be taken apart in SQL."""
    sql, params = queryset.query.sql_with_params()
    connection = connections[queryset.db]
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(CHUNK_SIZE):
            yield from batch
