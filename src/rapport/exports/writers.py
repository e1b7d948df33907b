"""CSV and XLSX writers over rows that stream: memory stays flat whatever the list's length.

Text cells are neutralised against formula injection: in CSV with an apostrophe before a
formula's first character (``rapport.spreadsheet``); in XLSX as text cells marked "quote
prefix", which spreadsheets show as the text itself and keep as text when the cell is edited (an
apostrophe would be shown, and copied back into an import). XLSX text is also cleared of the
control characters the format cannot hold. Numbers and dates stay typed.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import itertools
import math
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from rapport.exports.columns import (
    DATE,
    DATETIME,
    DECIMAL,
    INTEGER,
    PERCENT,
    SHARE,
    Prepared,
)
from rapport.spreadsheet import FORMULA_STARTS

# Rows written per chunk of the CSV stream: large enough that the csv module, not the
# generator, does the work; small enough that the first bytes leave at once.
ROWS_PER_CHUNK = 2000
BOM = "\ufeff"  # so that Excel reads the file as UTF-8


def neutralised(rows: Iterable[Sequence[Any]], text: Sequence[int]) -> Iterator[Sequence[Any]]:
    """``rows`` with every text cell that a spreadsheet would run as a formula prefixed by an
    apostrophe. Only the spec's text columns are looked at (numbers and dates are safe)."""
    starts = FORMULA_STARTS
    if not text:
        yield from rows
        return
    for row in rows:
        for i in text:
            value = row[i]
            if value and value[0] in starts:
                row = list(row)
                for j in text:
                    cell = row[j]
                    if cell and cell[0] in starts:
                        row[j] = "'" + cell
                break
        yield row


def csv_chunks(prepared: Prepared, *, bom: bool = True) -> Iterator[str]:
    """The CSV file as text chunks of ``ROWS_PER_CHUNK`` rows, header first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if bom:
        buffer.write(BOM)
    writer.writerow(prepared.headers)
    rows = neutralised(prepared.rows, prepared.text)
    chunk: list[Sequence[Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= ROWS_PER_CHUNK:
            writer.writerows(chunk)
            chunk.clear()
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    writer.writerows(chunk)
    yield buffer.getvalue()


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)  # XLSX has no time zones
    if value is None or isinstance(value, int | float | decimal.Decimal | dt.date):
        return value
    return str(value)  # ids (UUIDs) and anything else the format has no type for


def _typed(value: Any, kind: str) -> Any:
    """A value read raw (``columns.raw_rows``: a date or a JSON score as text on SQLite) as the
    number or date its column declares; left as it is when it is not one."""
    if not isinstance(value, str) or not value:
        return value
    try:
        if kind == DATE:
            return dt.date.fromisoformat(value)
        if kind == INTEGER and value.lstrip("-").isdigit():
            return int(value)
        if kind in (INTEGER, DECIMAL, SHARE, PERCENT):
            number = float(value)
            return number if math.isfinite(number) else value  # XLSX has no NaN
    except ValueError:
        pass
    return value


# Number formats: by the column's declared kind, else by the value's type (a kind set in the
# spec wins: a share is a float, a percentage an integer).
FORMATS = {
    DATE: "yyyy-mm-dd",
    DATETIME: "yyyy-mm-dd hh:mm",
    DECIMAL: "0.0#",  # means and scores: one or two decimals
    SHARE: "0%",  # 0.25 shows 25%
    PERCENT: '0"%"',  # 25 (out of 100) shows 25%, the value stays 25 as in the CSV
}
# Whole numbers need no format: "General" shows them plain (and unstyled cells are cheaper).
BY_TYPE = {dt.date: DATE, dt.datetime: DATETIME, float: DECIMAL}
WIDTH_SAMPLE = 100  # rows read before writing, to size the columns
WIDTH_MIN, WIDTH_MAX = 6, 50  # characters
WIDTHS = {dt.date: 10, dt.datetime: 16}  # as the formats above show them


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, str):
        return max(map(len, value.splitlines() or [""]))
    if isinstance(value, float):
        return len(f"{value:.2f}")
    return WIDTHS.get(type(value)) or len(str(value))


def _widths(headers: Sequence[str], sample: Sequence[Sequence[Any]]) -> list[int]:
    """Each column as wide as its header (and the filter's arrow) or its widest sampled value,
    within ``WIDTH_MIN`` and ``WIDTH_MAX`` characters (long text wraps nowhere: it is cut off
    on screen, whole in the cell)."""
    return [
        min(max(len(header) + 3, *(_width(row[i]) + 1 for row in sample), WIDTH_MIN), WIDTH_MAX)
        for i, header in enumerate(headers)
    ]


class _Cells:
    """One styled cell per column and kind, reused row after row: a write-only sheet writes a
    row when it is appended, so a cell may take the next row's value. Styles are set once,
    here, and shared (openpyxl indexes each distinct style once per workbook)."""

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet
        self.cells: dict[tuple[int, str], WriteOnlyCell] = {}

    def cell(self, column: int, kind: str, value: Any) -> WriteOnlyCell:
        cell = self.cells.get((column, kind))
        if cell is None:
            cell = self.cells[column, kind] = WriteOnlyCell(self.sheet)
            cell.number_format = FORMATS[kind]
        cell.value = value
        return cell


def _header(sheet: Any, headers: Sequence[str]) -> list[WriteOnlyCell]:
    font = Font(bold=True)
    cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet)
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", str(header))
        cell.data_type = "s"  # a question code is never run as a formula either
        cell.font = font
        cells.append(cell)
    return cells


def _quoted(sheet: Any, text: str) -> WriteOnlyCell:
    """A text cell that a spreadsheet shows as it is and never runs as a formula, even once
    edited: a string cell with the "quote prefix" style."""
    cell = WriteOnlyCell(sheet)
    cell.value = text
    cell.data_type = "s"  # openpyxl takes text starting with "=" for a formula, "#N/A" for an error
    cell.quotePrefix = True
    return cell


def write_xlsx(prepared: Prepared, out: IO[bytes], *, title: str) -> None:
    """The list as one worksheet (openpyxl's write-only mode: rows go to disk as they come),
    ready to read: a bold header kept in view while scrolling, a filter on every column,
    columns as wide as their first rows need, dates, times, shares and means formatted.

    A write-only sheet writes its column widths and frozen pane before the first row, so the
    first ``WIDTH_SAMPLE`` rows are read ahead to size the columns; the filter's range comes
    last, once the rows are counted."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    headers = prepared.headers
    kinds = tuple(prepared.kinds) or ("",) * len(headers)
    typed = [(i, kind) for i, kind in enumerate(kinds) if kind]
    starts, text = FORMULA_STARTS, prepared.text
    cells = _Cells(sheet)

    def values(row: Sequence[Any]) -> list[Any]:
        values = [_xlsx_value(v) for v in row]
        for i, kind in typed:
            values[i] = _typed(values[i], kind)
        return values

    def cells_of(values: list[Any]) -> list[Any]:
        for i, value in enumerate(values):
            kind = kinds[i] or BY_TYPE.get(type(value))
            if kind in FORMATS and value is not None and not isinstance(value, str):
                values[i] = cells.cell(i, kind, value)
        for i in text:
            value = values[i]
            if value and isinstance(value, str) and (value[0] in starts or value in ERROR_CODES):
                values[i] = _quoted(sheet, value)
        return values

    rows = iter(prepared.rows)
    sample = [values(row) for row in itertools.islice(rows, WIDTH_SAMPLE)]
    for i, width in enumerate(_widths(headers, sample), 1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"  # the header stays in view
    sheet.append(_header(sheet, headers))
    count = 0
    for row in itertools.chain(sample, map(values, rows)):
        sheet.append(cells_of(row))
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(headers), 1))}{count + 1}"
    book.save(out)


def xlsx_file(prepared: Prepared, *, title: str) -> IO[bytes]:
    """The XLSX file in a temporary file (in memory while small, on disk beyond 8 MB),
    rewound for reading."""
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    write_xlsx(prepared, out, title=title)
    out.seek(0)
    return out
