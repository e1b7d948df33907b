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


@dataclass(frozen=True)
class Column:
    """One column: its header, the ORM path it is read from, and whether it holds text."""

    header: str
    field: str
    text: bool = False


@dataclass(frozen=True)
class Prepared:
    """An export ready to write: headers, the indices of text columns, and the rows."""

    headers: tuple[str, ...]
    text: tuple[int, ...]
    rows: Iterable[Sequence[Any]]


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
