"""A small, reusable import framework: files in, rows with line numbers, validated, applied.

- ``read_rows`` reads CSV (UTF-8, with or without BOM) or XLSX into ``Row`` objects that keep
  their line number in the file.
- An ``Importer`` declares its ``columns`` (required or optional, each with a parser) and
  implements ``apply_row``, which calls the app's service functions (so the audit log is
  written) and says whether the row created, updated or left a record unchanged.
- ``Importer.run`` checks every row and collects ALL errors as (line, column, reason). It applies
  everything in one transaction and keeps it only when there were no errors and ``commit`` is
  true: a dry run and a bad file change nothing.
"""

from __future__ import annotations

import abc
import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, BinaryIO, ClassVar

from django.core.exceptions import ValidationError
from django.db import transaction

Progress = Callable[[int, int], None]


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, bad encoding, no header)."""


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.reason}"


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass
class ImportResult:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


# --- Reading files -----------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _rows_from_table(table: Iterable[Sequence[Any]]) -> list[Row]:
    iterator = iter(table)
    try:
        header = [_cell(h).lower() for h in next(iterator)]
    except StopIteration:
        raise ImportFileError("The file is empty: it needs a header row.") from None
    while header and header[-1] == "":
        header.pop()
    if not any(header):
        raise ImportFileError("The first row must name the columns.")
    rows = []
    for line, raw in enumerate(iterator, start=2):
        cells = [_cell(v) for v in raw]
        if not any(cells):
            continue  # blank lines are not rows
        values = {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header)}
        extra = [c for c in cells[len(header) :] if c]
        if extra:
            values["__extra__"] = ", ".join(extra)
        rows.append(Row(line=line, values=values))
    return rows


def read_rows(data: bytes | BinaryIO, filename: str) -> tuple[list[str], list[Row]]:
    """Read a CSV or XLSX file into (header, rows). Raises ``ImportFileError`` if unreadable."""
    raw = data if isinstance(data, bytes) else data.read()
    name = filename.lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a bad file
            raise ImportFileError(f"This is not a readable XLSX file ({exc}).") from exc
        sheet = workbook.worksheets[0]
        table = list(sheet.iter_rows(values_only=True))
        workbook.close()
    elif name.endswith(".csv") or name.endswith(".txt"):
        try:
            text = raw.decode("utf-8-sig")  # also plain UTF-8: the BOM is optional
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                f"The file is not UTF-8 text (byte {exc.start}). Save it as CSV UTF-8."
            ) from exc
        table = list(csv.reader(io.StringIO(text, newline="")))
    else:
        raise ImportFileError("Import CSV (.csv) or Excel (.xlsx) files.")
    rows = _rows_from_table(table)
    header = [_cell(h).lower() for h in table[0]] if table else []
    return [h for h in header if h], rows


# --- Parsing cells -----------------------------------------------------------------------------


class CellError(ValueError):
    """A cell's value is not acceptable; the message says why, in plain words."""


def text(value: str) -> str:
    return value.strip()


def int_between(low: int, high: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            number = int(value.strip())
        except ValueError:
            raise CellError(f"“{value}” is not a whole number.") from None
        if not low <= number <= high:
            raise CellError(f"{number} is not between {low} and {high}.")
        return number

    return parse


def choice(choices: Any) -> Callable[[str], str]:
    """Accept a choice's value or its label, in any case."""
    by_key = {}
    for value, label in choices.choices:
        by_key[str(value).lower()] = value
        by_key[str(label).lower()] = value

    def parse(value: str) -> str:
        key = value.strip().lower()
        if key not in by_key:
            allowed = ", ".join(str(v) for v in choices.values)
            raise CellError(f"“{value}” is not one of: {allowed}.")
        return by_key[key]

    return parse


def semicolon_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def boolean(value: str) -> bool:
    key = value.strip().lower()
    if key in {"1", "yes", "y", "true", "x"}:
        return True
    if key in {"0", "no", "n", "false", ""}:
        return False
    raise CellError(f"“{value}” is not yes or no.")


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False
    parse: Callable[[str], Any] = text
    help: str = ""


# --- Importers ---------------------------------------------------------------------------------


class _Rollback(Exception):
    pass


class Importer(abc.ABC):
    """Base class for one kind of import. Subclasses declare ``kind``, ``columns``,
    ``apply_row`` (and may override ``clean_row`` for checks that need the database)."""

    kind: ClassVar[str] = ""
    label: ClassVar[str] = ""
    description: ClassVar[str] = ""
    columns: ClassVar[tuple[Column, ...]] = ()
    progress_every: ClassVar[int] = 200

    def __init__(self, *, by: Any) -> None:
        self.by = by
        # Where follow-up work after a commit reports progress (the command sets it to stderr).
        self.report: Callable[[str], None] | None = None

    # Subclass hooks
    def clean_row(self, values: dict[str, Any], present: set[str]) -> dict[str, Any]:
        """Turn parsed values into what ``apply_row`` needs; raise CellError/ValidationError."""
        return values

    @abc.abstractmethod
    def apply_row(self, values: dict[str, Any], present: set[str]) -> Outcome:
        """Create or update what one valid row describes; say which it was."""

    def after_commit(self, result: ImportResult) -> None:
        """Follow-up work once a committed import is stored (e.g. recompute what depends on it)."""
        return None

    # Machinery
    def check_header(self, header: Sequence[str]) -> list[RowError]:
        known = {c.name for c in self.columns}
        errors = [
            RowError(1, c.name, "This required column is missing.")
            for c in self.columns
            if c.required and c.name not in header
        ]
        errors += [
            RowError(1, name, f"Unknown column. Known columns: {', '.join(sorted(known))}.")
            for name in header
            if name not in known
        ]
        return errors

    def parse_row(self, row: Row) -> tuple[dict[str, Any], set[str], list[RowError]]:
        """Parse the cells of one row; an empty optional cell means "leave as it is"."""
        values: dict[str, Any] = {}
        errors: list[RowError] = []
        if "__extra__" in row.values:
            errors.append(RowError(row.line, "", "More cells than there are columns."))
        for column in self.columns:
            raw = row.values.get(column.name, "")
            if raw == "":
                if column.required:
                    errors.append(RowError(row.line, column.name, "A value is required."))
                continue
            try:
                values[column.name] = column.parse(raw)
            except CellError as exc:
                errors.append(RowError(row.line, column.name, str(exc)))
        return values, set(values), errors

    def run(
        self,
        header: Sequence[str],
        rows: Sequence[Row],
        *,
        commit: bool = False,
        progress: Progress | None = None,
    ) -> ImportResult:
        result = ImportResult(kind=self.kind, rows=len(rows))
        result.errors.extend(self.check_header(header))
        if result.errors:
            return result
        try:
            with transaction.atomic():
                for done, row in enumerate(rows, start=1):
                    self._apply_one(row, result)
                    if progress and (done % self.progress_every == 0 or done == len(rows)):
                        progress(done, len(rows))
                if result.errors or not commit:
                    raise _Rollback
        except _Rollback:
            return result
        result.committed = True
        self.after_commit(result)
        return result

    def _apply_one(self, row: Row, result: ImportResult) -> None:
        values, present, errors = self.parse_row(row)
        if errors:
            result.errors.extend(errors)
            # Still run the look-ups on the cells that did parse, so one pass reports every
            # problem on the line (a bad number and an unknown customer).
            try:
                self.clean_row(dict(values), set(present))
            except CellError as exc:
                result.errors.append(RowError(row.line, getattr(exc, "column", ""), str(exc)))
            except (KeyError, ValidationError):
                pass  # depends on a cell that is already reported
            return
        try:
            # A savepoint per row: a failed row leaves the others (and PostgreSQL) usable.
            with transaction.atomic():
                outcome = self.apply_row(self.clean_row(values, present), present)
        except CellError as exc:
            result.errors.append(RowError(row.line, getattr(exc, "column", ""), str(exc)))
            return
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, messages in exc.message_dict.items():
                    column = name if name != "__all__" else ""
                    for message in messages:
                        result.errors.append(RowError(row.line, column, message))
            else:
                for message in exc.messages:
                    result.errors.append(RowError(row.line, "", message))
            return
        setattr(result, outcome.value, getattr(result, outcome.value) + 1)


def column_error(column: str, reason: str) -> CellError:
    error = CellError(reason)
    error.column = column  # type: ignore[attr-defined]
    return error
