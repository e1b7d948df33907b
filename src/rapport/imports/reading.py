"""Reading import files as a stream of rows, so a 500,000-line file never sits in memory twice.

``open_table`` gives the header and an iterator of ``(line, cells)``: the line number in the file
(the header is line 1) and the row's cells as stripped strings. Blank rows are skipped. The
file's SHA-256 and its row count (for progress) come from ``TableSource``.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from rapport.text import TEXT_MAX

Cells = list[str]

# How every zip archive, and so every .xlsx workbook, begins.
ZIP_SIGNATURE = b"PK\x03\x04"
BOM = "\ufeff"


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, bad encoding, no header)."""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, UnusableCell):
        raise value
    return str(value).strip()


class UnusableCell(Exception):
    """An XLSX cell that holds no value to import: an error (#N/A, #REF!, …) or a formula
    that was never calculated. It stands in the row for the cell and is raised when the row is
    read, so the error can name the line and the column."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _sheet_to_read(workbook: Any) -> Any:
    """The sheet the workbook opens on, when it is visible; else its first visible sheet."""
    sheets = workbook.worksheets  # not chart sheets
    active = workbook.active
    if any(sheet is active for sheet in sheets) and active.sheet_state == "visible":
        return active
    for sheet in sheets:
        if sheet.sheet_state == "visible":
            return sheet
    raise ImportFileError(_("The workbook has no visible sheet to import."))


def _zero_padding(workbook: Any) -> Callable[[Any], int]:
    """How many digits a cell's number format pads a whole number to with zeros, by the
    cell's style: 5 for "00000" (an id kept with its leading zeros, "00123"), 0 for any other
    format. Remembered per style."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

    widths: dict[Any, int] = {}

    def width(style_id: Any) -> int:
        if style_id not in widths:
            try:
                format_id = workbook._cell_styles[int(style_id)].numFmtId
                text = (
                    BUILTIN_FORMATS.get(format_id, "General")
                    if format_id < BUILTIN_FORMATS_MAX_SIZE
                    else workbook._number_formats[format_id - BUILTIN_FORMATS_MAX_SIZE]
                )
            except (AttributeError, IndexError, TypeError, ValueError):
                text = "General"
            widths[style_id] = len(text) if re.fullmatch(r"0{2,}", str(text)) else 0
        return widths[style_id]

    return width


def _shown(value: Any, kind: str, padded_to: int) -> Any:
    """A number or a truth value as the sheet shows it: a whole number in a zero-padded format
    with its leading zeros ("00123", not 123), TRUE and FALSE as the spreadsheet writes them."""
    if kind == "b" and isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if (
        padded_to
        and kind == "n"
        and isinstance(value, int | float)
        and not isinstance(value, bool)
        and value >= 0
        and float(value).is_integer()
    ):
        return f"{int(value):0{padded_to}d}"
    return value


def _sheet_rows(sheet: Any) -> Iterator[list[Any]]:
    """The rows of a read-only openpyxl sheet as lists of values (a missing row is an empty
    list, so rows keep their line numbers); an error cell or a formula with no saved value is
    an ``UnusableCell`` in its place; numbers and truth values read as the sheet shows them
    (``_shown``)."""
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    no_value = "formula without value"

    class Parser(WorkSheetParser):
        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell: dict[str, Any] = super().parse_cell(element)
            # No saved value: an empty (or no) <v> on a cell with no type; a formula whose
            # result is empty text has the type "str" (and an error, "e").
            if (
                cell["value"] is None
                and element.get("t", "n") == "n"
                and element.find(FORMULA_TAG) is not None
            ):
                cell["data_type"] = no_value
            return cell

    workbook = sheet.parent
    padding = _zero_padding(workbook)
    width = sheet.max_column or 0
    expected = 1
    with sheet._get_source() as source:
        parser = Parser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for index, cells in parser.parse():
            if index < expected:
                continue
            while expected < index:
                yield []
                expected += 1
            values: list[Any] = [None] * max(width, cells[-1]["column"] if cells else 0)
            for cell in cells:
                value, kind = cell["value"], cell["data_type"]
                if kind == "e":
                    value = UnusableCell(
                        _(
                            "The cell holds the error %(error)s, not a value. Correct it in "
                            "the sheet."
                        )
                        % {"error": value}
                    )
                elif kind == no_value:
                    value = UnusableCell(
                        _(
                            "The cell is a formula with no saved value (the file was written by a "
                            "program that does not calculate formulas). Open the file in a "
                            "spreadsheet program, save it, and import it again."
                        )
                    )
                else:
                    value = _shown(value, kind, padding(cell["style_id"]) if kind == "n" else 0)
                values[cell["column"] - 1] = value
            yield values
            expected += 1
    if expected == 1:
        raise ImportFileError(
            _("The sheet “%(name)s” is empty: it needs a header row.") % {"name": sheet.title}
        )


def _unusable(line: int, raw: Sequence[Any], header: Sequence[str], exc: UnusableCell) -> str:
    """An unusable XLSX cell's error, with its line, column and cell reference."""
    from openpyxl.utils import get_column_letter

    position = next(i for i, value in enumerate(raw) if value is exc)
    name = header[position] if position < len(header) and header[position] else ""
    return _("Line %(line)s, column %(column)s (cell %(cell)s): %(reason)s") % {
        "line": line,
        "column": f"“{name}”" if name else position + 1,
        "cell": f"{get_column_letter(position + 1)}{line}",
        "reason": exc.reason,
    }


@dataclass(frozen=True)
class TableSource:
    """An import file: its name and its bytes (in memory) or its path (streamed from disk)."""

    filename: str
    data: bytes | None = None
    path: Path | None = None

    @classmethod
    def from_path(cls, path: Path) -> TableSource:
        return cls(filename=path.name, path=path)

    def _chunks(self) -> Iterator[bytes]:
        if self.data is not None:
            yield self.data
            return
        assert self.path is not None
        with self.path.open("rb") as f:
            while chunk := f.read(1 << 20):
                yield chunk

    def sha256(self) -> str:
        digest = hashlib.sha256()
        for chunk in self._chunks():
            digest.update(chunk)
        return digest.hexdigest()

    @property
    def is_xlsx(self) -> bool:
        return self.filename.lower().endswith(".xlsx")

    def check_type(self) -> None:
        name = self.filename.lower()
        if not name.endswith((".xlsx", ".csv", ".txt")):
            raise ImportFileError(_("Import CSV (.csv) or Excel (.xlsx) files."))

    def _binary(self) -> Any:
        return io.BytesIO(self.data) if self.data is not None else self.path.open("rb")  # type: ignore[union-attr]

    def _starts_with(self, signature: bytes) -> bool:
        if self.data is not None:
            return self.data.startswith(signature)
        assert self.path is not None
        with self.path.open("rb") as f:
            return f.read(len(signature)) == signature

    def _csv_rows(self) -> Iterator[list[str]]:
        """The CSV rows; a byte that is not UTF-8 is a clear error, whatever its line.

        The reader is strict: a quote that is never closed (which would swallow the rest of the
        file into one cell) or a lone quote inside a quoted cell is an error with its line."""
        if self._starts_with(ZIP_SIGNATURE):
            raise ImportFileError(
                _("This is an Excel (.xlsx) file named .csv: rename it to .xlsx or save it as CSV.")
            )
        with io.TextIOWrapper(self._binary(), encoding="utf-8-sig", newline="") as text:
            reader = csv.reader(text, strict=True)
            try:
                yield from reader
            except UnicodeDecodeError as exc:
                raise ImportFileError(
                    _("The file is not UTF-8 text (near line %(line)s). Save it as CSV UTF-8.")
                    % {"line": self._bad_utf8_line()}
                ) from exc
            except csv.Error as exc:
                raise ImportFileError(self._csv_problem(exc)) from exc

    def _bad_utf8_line(self) -> int:
        """The line of the file (counting its line breaks) that holds the first byte that is not
        UTF-8. Only for a file that failed: the text reader decodes ahead in chunks, so its own
        line count can be far before the bad bytes."""
        decoder = codecs.getincrementaldecoder("utf-8")()
        breaks = 0
        for chunk in self._chunks():
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                # exc.object: the bytes held back from the previous chunk (part of one
                # character, never a line break) and this chunk.
                return breaks + exc.object.count(b"\n", 0, exc.start) + 1
            breaks += chunk.count(b"\n")
        return breaks + 1  # the file ends inside a character

    def _csv_error_line(self) -> int:
        """The line (numbered as the rows are: the header is 1) of the first row the CSV reader
        refuses. Only for a file that failed: it is read again from the start."""
        read = 0
        with io.TextIOWrapper(self._binary(), encoding="utf-8-sig", newline="") as text:
            reader = csv.reader(text, strict=True)
            try:
                for _row in reader:
                    read += 1
            except csv.Error:
                pass
        return read + 1

    def _csv_problem(self, exc: csv.Error) -> str:
        """What the CSV reader's error means, in words, with the line where it happens."""
        line = self._csv_error_line()
        error = str(exc)
        if "unexpected end of data" in error:
            return _(
                "Line %(line)s: a quote opens a cell here and is never closed, so the rest of "
                "the file would be read as one cell. Close the quote, or write a quote that is "
                'part of the text as two quotes ("").'
            ) % {"line": line}
        if "expected after" in error:
            return _(
                'Line %(line)s: a quote inside a quoted cell must be doubled (""), and a '
                "quoted cell ends at its closing quote (then a comma or the end of the line)."
            ) % {"line": line}
        if "field larger than field limit" in error:
            return _(
                "Line %(line)s: a cell has more than %(found)s characters. Keep each cell to "
                "%(limit)s characters at most."
            ) % {
                "line": line,
                "found": number_format(csv.field_size_limit(), force_grouping=True),
                "limit": number_format(TEXT_MAX, force_grouping=True),
            }
        return _("Line %(line)s: %(error)s.") % {"line": line, "error": exc}

    def raw_rows(self) -> Iterator[Sequence[Any]]:
        self.check_type()
        if self.is_xlsx:
            yield from self._xlsx_rows()
        else:
            yield from self._csv_rows()

    def _xlsx_rows(self) -> Iterator[Sequence[Any]]:
        from openpyxl import load_workbook

        handle: Any = io.BytesIO(self.data) if self.data is not None else self.path
        try:
            workbook = load_workbook(handle, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a bad file
            raise ImportFileError(
                _("This is not a readable XLSX file (%(error)s).") % {"error": exc}
            ) from exc
        try:
            # Read-only openpyxl parses the sheet as it goes: a damaged sheet fails here, row by
            # row, with XML, zip or key errors of its own.
            yield from _sheet_rows(_sheet_to_read(workbook))
        except ImportFileError:
            raise
        except Exception as exc:
            raise ImportFileError(
                _("This is not a readable XLSX file (%(error)s).") % {"error": exc}
            ) from exc
        finally:
            workbook.close()

    def count_rows(self) -> int:
        """How many non-blank rows follow the header (a quick pass for progress)."""
        if self.is_xlsx:
            return sum(1 for _ in rows_of(self.raw_rows())[1])
        count = 0
        reader = self._csv_rows()
        # The header's checks too, so a bad header is refused before a large file is queued.
        rows_of(itertools.islice(reader, 1), text=True)
        for raw in reader:
            if any(raw):
                count += 1
        return count


def _check_separator(name: str) -> None:
    """A header of one cell holding ";" or a tab: the file was saved with another separator
    (Excel does so in French, German or Dutch), which would read as unknown columns."""
    if ";" in name:
        raise ImportFileError(
            _(
                "The file seems separated by semicolons (;), not commas. Save it as "
                "“CSV UTF-8 (comma delimited)”."
            )
        )
    if "\t" in name:
        raise ImportFileError(
            _(
                "The file seems separated by tabs, not commas. Save it as "
                "“CSV UTF-8 (comma delimited)”."
            )
        )


def rows_of(
    table: Iterable[Sequence[Any]], *, text: bool = False
) -> tuple[list[str], Iterator[tuple[int, Cells]]]:
    """Split a table into its header (lower case) and an iterator of (line, stripped cells).
    ``text``: every cell is already a string (CSV), so only stripping is needed."""
    iterator = iter(table)
    try:
        first = next(iterator)
    except StopIteration:
        raise ImportFileError(_("The file is empty: it needs a header row.")) from None
    try:
        header = [_cell(h).lower() for h in first]
    except UnusableCell as exc:
        raise ImportFileError(_unusable(1, first, [], exc)) from None
    if header and header[0].startswith(BOM):
        # Saved twice with a byte-order mark: the reader removes the first, not the others.
        header[0] = header[0].lstrip(BOM).strip()
    while header and header[-1] == "":
        header.pop()
    if not any(header):
        raise ImportFileError(_("The first row must name the columns."))
    if text and len(header) == 1:
        _check_separator(header[0])
    first_at: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        if name and first_at.setdefault(name, position) != position:
            # Names are matched ignoring case and spaces around them: "Serves" is "serves".
            raise ImportFileError(
                _("Line 1: the column “%(name)s” appears twice (columns %(first)s and %(second)s).")
                % {"name": name, "first": first_at[name], "second": position}
            )

    def rows() -> Iterator[tuple[int, Cells]]:
        clean = str.strip if text else _cell
        for line, raw in enumerate(iterator, start=2):
            try:
                cells = list(map(clean, raw))
            except UnusableCell as exc:  # XLSX only: an error cell, an uncalculated formula
                raise ImportFileError(_unusable(line, raw, header, exc)) from None
            if any(cells):  # blank lines are not rows
                yield line, cells

    # Columns with no name between named ones: usually none. Their cells must stay empty, or
    # what the file holds there would be dropped; only then is each row looked at for it.
    unnamed = [position for position, name in enumerate(header) if not name]
    if not unnamed:
        return header, rows()

    def checked(stream: Iterator[tuple[int, Cells]]) -> Iterator[tuple[int, Cells]]:
        for line, cells in stream:
            size = len(cells)
            for position in unnamed:
                if position < size and cells[position]:
                    raise ImportFileError(
                        _(
                            "Line 1: column %(column)s has no name, but line %(line)s holds a "
                            "value in it. Name the column, or empty it."
                        )
                        % {"column": position + 1, "line": line}
                    )
            yield line, cells

    return header, checked(rows())


def open_table(source: TableSource) -> tuple[list[str], Iterator[tuple[int, Cells]]]:
    """The header and a stream of rows of ``source``. Raises ``ImportFileError`` if unreadable."""
    return rows_of(source.raw_rows(), text=not source.is_xlsx)
