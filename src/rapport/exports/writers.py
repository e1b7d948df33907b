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
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, WriteOnlyCell

from rapport.exports.columns import Prepared
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


def _quoted(sheet: Any, text: str) -> WriteOnlyCell:
    """A text cell that a spreadsheet shows as it is and never runs as a formula, even once
    edited: a string cell with the "quote prefix" style."""
    cell = WriteOnlyCell(sheet)
    cell.value = text
    cell.data_type = "s"  # openpyxl takes text starting with "=" for a formula
    cell.quotePrefix = True
    return cell


def write_xlsx(prepared: Prepared, out: IO[bytes], *, title: str) -> None:
    """The list as one worksheet (openpyxl's write-only mode: rows go to disk as they come)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.append(list(prepared.headers))
    starts, text = FORMULA_STARTS, prepared.text
    for row in prepared.rows:
        values = [_xlsx_value(v) for v in row]
        for i in text:
            value = values[i]
            if value and value[0] in starts:
                values[i] = _quoted(sheet, value)
        sheet.append(values)
    book.save(out)


def xlsx_file(prepared: Prepared, *, title: str) -> IO[bytes]:
    """The XLSX file in a temporary file (in memory while small, on disk beyond 8 MB),
    rewound for reading."""
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    write_xlsx(prepared, out, title=title)
    out.seek(0)
    return out
