"""A small, reusable import framework: files in, rows with line numbers, validated, applied.

- ``reading.open_table`` streams CSV (UTF-8, with or without BOM) or XLSX rows with their line
  numbers; ``read_rows`` reads a whole (small) file into ``Row`` objects.
- An ``Importer`` declares its ``columns`` (required or optional, each with a parser from
  ``cells``). It is
  either *set-based* (``bulk = True``): ``prepare`` loads each lookup table once, ``stage_row``
  checks one row against those tables and keeps a compact plan, ``before_write`` (optional)
  does what the write needs without the database, and ``write`` stores the whole plan in bulk;
  or *row by row*: ``apply_row`` calls the app's service functions.
- ``Importer.run`` checks every row and collects ALL errors as (line, column, reason). A set-based
  import writes nothing until every row is checked, then writes in one short transaction, and only
  when there were no errors and ``commit`` is true: a dry run and a bad file change nothing and
  never take the database's write lock. A committed import is one audit entry
  (``imports.file.imported``) with its counts and the file's SHA-256.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from contextlib import contextmanager
from typing import Any, BinaryIO, ClassVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rapport.imports.bulk import atomic_with_parents_checked_once
from rapport.imports.cells import CellError, Column
from rapport.imports.reading import Cells, ImportFileError, TableSource, rows_of
from rapport.imports.results import FileInfo, ImportResult, Outcome, Row, RowError
from rapport.text import TEXT_MAX, is_plain_line, text_problem

Progress = Callable[[int, int], None]

# Re-exported: callers catch the error and read the results from here.
__all__ = ["FileInfo", "ImportFileError", "ImportResult", "Outcome", "Row", "RowError"]


# A run remembers what each column's cells parsed to: every parser is a pure function of its
# cell, so a month, a score or a project code that repeats on 100,000 lines is parsed once.
# Only immutable values are remembered, at most MEMO_SIZE per column (a column of unique emails
# or names stops filling its memo there), so memory stays bounded at any file size.
MEMO_SIZE = 4096
_MEMO_TYPES = frozenset({str, int, bool, float, type(None)})
_MISSING = object()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a set-based import checks and writes its rows.

    A file's rows make no reference cycles (each row's values are freed as they are done with),
    but the staged rows of a large file are hundreds of thousands of tuples that the collector
    would walk again and again as they accumulate: about 0.4 s of CPU at 500,000 rows. It is
    turned back on (if it was on) whatever happens."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


# --- Reading files -----------------------------------------------------------------------------


def read_rows(data: bytes | BinaryIO, filename: str) -> tuple[list[str], list[Row]]:
    """Read a whole CSV or XLSX file into (header, rows); for small files and tests.
    Raises ``ImportFileError`` if unreadable. Large files: ``reading.open_table``."""
    raw = data if isinstance(data, bytes) else data.read()
    header, stream = rows_of(TableSource(filename=filename, data=raw).raw_rows())
    rows = []
    for line, cells in stream:
        values = {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header)}
        extra = [c for c in cells[len(header) :] if c]
        if extra:
            values["__extra__"] = ", ".join(extra)
        rows.append(Row(line=line, values=values))
    return [h for h in header if h], rows


def _as_cells(
    header: Sequence[str], rows: Iterable[Row | tuple[int, Cells]]
) -> Iterator[tuple[int, Cells]]:
    """``Row`` objects (the older API) as (line, cells) in ``header``'s order."""
    for row in rows:
        if isinstance(row, Row):
            cells = [row.values.get(name, "") for name in header]
            if "__extra__" in row.values:
                cells.append(row.values["__extra__"])
            yield row.line, cells
        else:
            yield row


# --- Importers ---------------------------------------------------------------------------------


class _Rollback(Exception):
    pass


def _validation_errors(line: int, exc: ValidationError) -> list[RowError]:
    if hasattr(exc, "error_dict"):
        return [
            RowError(line, name if name != "__all__" else "", message)
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return [RowError(line, "", message) for message in exc.messages]


class Importer:
    """Base class for one kind of import. Subclasses declare ``kind``, ``columns`` and either
    the set-based hooks (``bulk = True``; ``prepare``, ``stage_row``, ``write``) or ``apply_row``;
    both may override ``clean_row`` for checks against the database."""

    kind: ClassVar[str] = ""
    label: ClassVar[str] = ""
    description: ClassVar[str] = ""
    columns: ClassVar[tuple[Column, ...]] = ()
    progress_every: ClassVar[int] = 200
    bulk: ClassVar[bool] = False
    line: int = 0  # the file line being checked (set while a file runs)
    # Whether this run may write: a dry run's ``stage_row`` need not keep what it would write.
    commit: bool = False
    # Set-based: the write's inserts are checked against their parents once, before it commits,
    # instead of row by row (``bulk.atomic_with_parents_checked_once``; a faster write on
    # SQLite). Only for a ``write`` that changes no foreign key of an existing row.
    parents_checked_once: ClassVar[bool] = False

    def __init__(self, *, by: Any) -> None:
        self.by = by
        # Where follow-up work after a commit reports progress (the command sets it to stderr).
        self.report: Callable[[str], None] | None = None
        # What the import does besides its rows (``note``), for the result.
        self.result: ImportResult | None = None

    def note(self, text: str) -> None:
        """Say something the import does besides creating or updating its rows' records (a
        customer it creates on the way): shown with the dry run's counts, and the import's."""
        if self.result is not None:
            self.result.note(text)

    # --- Hooks for both kinds ------------------------------------------------------------------
    def clean_row(self, values: dict[str, Any], present: set[str]) -> dict[str, Any]:
        """Turn parsed values into what ``stage_row``/``apply_row`` needs; raise
        CellError/ValidationError. Set-based importers look up the tables ``prepare`` loaded."""
        return values

    def after_commit(self, result: ImportResult) -> None:
        """Follow-up work once a committed import is stored (e.g. recompute what depends on it)."""
        return None

    # --- Row by row (services per row, one long transaction) ----------------------------------
    def apply_row(self, values: dict[str, Any], present: set[str]) -> Outcome:
        """Create or update what one valid row describes; say which it was."""
        raise NotImplementedError(f"{type(self).__name__} needs apply_row or bulk = True.")

    # --- Set-based (lookups once, one short write) --------------------------------------------
    def prepare(self) -> None:
        """Load every lookup table the rows need, one query each. Reads only."""
        return None

    def stage_row(self, line: int, values: dict[str, Any], present: set[str]) -> Outcome:
        """Check one cleaned row against the loaded tables and earlier rows of the file, keep
        what to write as a compact tuple, and say what the row will do. Writes nothing."""
        raise NotImplementedError

    def before_write(self, result: ImportResult) -> None:
        """Work the write needs that does not read the database (ids to hand out, rows to
        sort): run just before the write's transaction, so the database is not held for it."""
        return None

    def write(self, result: ImportResult) -> None:
        """Store everything staged, in bulk. Runs inside the import's one transaction."""
        raise NotImplementedError

    # --- Machinery -----------------------------------------------------------------------------
    def check_header(self, header: Sequence[str]) -> list[RowError]:
        known = {c.name for c in self.columns}
        errors = [
            RowError(1, c.name, _("This required column is missing."))
            for c in self.columns
            if c.required and c.name not in header
        ]
        errors += [
            RowError(
                1,
                name,
                _("Unknown column. Known columns: %(known)s.")
                % {"known": ", ".join(sorted(known))},
            )
            for name in header
            if name and name not in known
        ]
        return errors

    def parse_row(self, row: Row) -> tuple[dict[str, Any], set[str], list[RowError]]:
        """Parse the cells of one row; an empty optional cell means "leave as it is"."""
        header = [c.name for c in self.columns if c.name in row.values]
        line, cells = next(_as_cells(header, [row]))
        return self._row_parser(header)(line, cells)

    def _plan(self, header: Sequence[str]) -> list[tuple[int, Column]]:
        """Which cell holds which column (columns absent from the file are simply empty)."""
        where = {name: i for i, name in enumerate(header) if name}
        return [(where[c.name], c) for c in self.columns if c.name in where]

    def _row_parser(
        self, header: Sequence[str]
    ) -> Callable[[int, Cells], tuple[dict[str, Any], set[str], list[RowError]]]:
        """A function that parses one row of a file with this ``header``, as ``_parse`` does.

        Its fast path serves the usual row (as many cells as the header, nothing wrong): one
        check of the whole row replaces the text rule's two checks per cell (``is_plain_line``:
        no control character anywhere and fewer characters in all than ``TEXT_MAX``, so no cell
        can have a text problem), and a cell seen before in its column takes its remembered
        value. Anything else (a short or long row, an empty required cell, a tab or line break,
        a cell its parser refuses) goes through ``_parse`` for the whole row, so the values and
        the errors are always those of ``_parse``.
        """
        plan = self._plan(header)
        width = len(header)
        full = self._parse
        steps: list[tuple[int, str, bool, Callable[[str], Any], dict[str, Any]]] = [
            (i, c.name, c.required, c.parse, {}) for i, c in plan
        ]
        memo_types, missing, limit, join = _MEMO_TYPES, _MISSING, TEXT_MAX, "".join

        def parse_row(line: int, cells: Cells) -> tuple[dict[str, Any], set[str], list[RowError]]:
            if len(cells) != width or not is_plain_line(join(cells), limit):
                return full(plan, width, line, cells)
            values: dict[str, Any] = {}
            for index, name, required, parse, memo in steps:
                raw = cells[index]
                if not raw:
                    if required:
                        return full(plan, width, line, cells)
                    continue
                value = memo.get(raw, missing)
                if value is missing:
                    try:
                        value = parse(raw)
                    except CellError:
                        return full(plan, width, line, cells)
                    if len(memo) < MEMO_SIZE and type(value) in memo_types:
                        memo[raw] = value
                values[name] = value
            return values, set(values), []

        return parse_row

    @staticmethod
    def _parse(
        plan: list[tuple[int, Column]], width: int, line: int, cells: Cells
    ) -> tuple[dict[str, Any], set[str], list[RowError]]:
        """The full rule for one row: every cell checked (text rule, then its parser), every
        problem reported with its column."""
        values: dict[str, Any] = {}
        errors: list[RowError] = []
        size = len(cells)
        if size > width and any(cells[width:]):
            errors.append(RowError(line, "", _("More cells than there are columns.")))
        for index, column in plan:
            raw = cells[index] if index < size else ""
            if raw == "":
                if column.required:
                    errors.append(RowError(line, column.name, _("A value is required.")))
                continue
            # Every cell is text entering Rapport (``rapport.text``): no control characters, a
            # length limit; the whole file is then refused, with the line and the column.
            problem = text_problem(raw, multiline=column.multiline, limit=TEXT_MAX)
            if problem is not None:
                errors.append(RowError(line, column.name, problem))
                continue
            try:
                values[column.name] = column.parse(raw)
            except CellError as exc:
                errors.append(RowError(line, column.name, str(exc)))
        return values, set(values), errors

    def run(
        self,
        header: Sequence[str],
        rows: Iterable[Row] | Iterable[tuple[int, Cells]],
        *,
        commit: bool = False,
        progress: Progress | None = None,
        total: int | None = None,
        file: FileInfo | None = None,
    ) -> ImportResult:
        """Check every row, then (committing, with no errors) apply them all or nothing.

        ``rows`` are ``Row`` objects or a stream of (line, cells) from ``reading.open_table``;
        ``total`` is the row count for progress when the stream cannot tell it.
        """
        result = self.result = ImportResult(kind=self.kind)
        result.errors.extend(self.check_header([h for h in header if h]))
        if result.errors:
            return result
        if total is None and isinstance(rows, Sized):
            total = len(rows)
        # ``Row`` objects (a list from ``read_rows``) become cells; a stream passes as it is.
        stream: Iterator[tuple[int, Cells]] = (
            _as_cells(header, rows) if isinstance(rows, Sequence) else iter(rows)  # type: ignore[arg-type]
        )
        if self.bulk:
            return self._run_bulk(header, stream, result, commit, progress, total or 0, file)
        try:
            with transaction.atomic():
                self._each_row(header, stream, result, progress, total or 0, self._apply_one)
                if result.errors or not commit:
                    raise _Rollback
                self._record(result, file)
        except _Rollback:
            return result
        result.committed = True
        self.after_commit(result)
        return result

    def _each_row(
        self,
        header: Sequence[str],
        stream: Iterator[tuple[int, Cells]],
        result: ImportResult,
        progress: Progress | None,
        total: int,
        handle: Callable[..., Any],
    ) -> None:
        started = time.perf_counter()
        parse, every = self._row_parser(header), self.progress_every
        tally = dict.fromkeys(Outcome, 0)
        done = 0
        for done, (line, cells) in enumerate(stream, start=1):
            values, present, errors = parse(line, cells)
            self.line = line  # the file line being checked, for importers that cite lines
            outcome = handle(line, values, present, errors, result)
            if outcome is not None:
                tally[outcome] += 1
            if progress and done % every == 0:
                progress(done, max(total, done))
        result.rows = done
        result.created += tally[Outcome.CREATED]
        result.updated += tally[Outcome.UPDATED]
        result.unchanged += tally[Outcome.UNCHANGED]
        if progress and done and done % every:
            progress(done, done)
        result.check_seconds = time.perf_counter() - started

    def _run_bulk(
        self,
        header: Sequence[str],
        stream: Iterator[tuple[int, Cells]],
        result: ImportResult,
        commit: bool,
        progress: Progress | None,
        total: int,
        file: FileInfo | None,
    ) -> ImportResult:
        self.commit = commit
        with _collector_paused():
            self.prepare()
            self._each_row(header, stream, result, progress, total, self._stage_one)
            if result.errors or not commit:
                return result  # nothing was written: no transaction, no write lock
            self._write_all(result, file)
        if result.committed:
            self.after_commit(result)  # with the collector on: a recompute is other work
        return result

    def _write_all(self, result: ImportResult, file: FileInfo | None) -> None:
        """Write what every row staged, all or nothing; a conflict becomes the file's error."""
        self.before_write(result)
        started = time.perf_counter()  # from here the write holds the database
        atomic = (
            atomic_with_parents_checked_once if self.parents_checked_once else transaction.atomic
        )
        try:
            with atomic():
                self.write(result)
                self._record(result, file)
        except IntegrityError as exc:
            # Someone changed the same records between the check and the write.
            result.errors.append(
                RowError(
                    0,
                    "",
                    _(
                        "The database changed while the file was checked (%(error)s); "
                        "nothing was changed. Run the import again."
                    )
                    % {"error": exc},
                )
            )
            return
        result.write_seconds = time.perf_counter() - started
        result.committed = True

    def _record(self, result: ImportResult, file: FileInfo | None) -> None:
        """The import as one audit entry: counts and the file's hash, never one entry per row."""
        from rapport.audit.services import record

        if not (result.created or result.updated):
            return  # nothing changed: nothing to record
        changes: dict[str, Any] = {"kind": self.kind, **result.counts()}
        if file is not None:
            changes |= {"file": file.name, "sha256": file.sha256}
        record("imports.file.imported", by=self.by, changes=changes)

    def _row_problems(
        self,
        line: int,
        values: dict[str, Any],
        present: set[str],
        errors: list[RowError],
        result: ImportResult,
    ) -> bool:
        """Report a row's unparseable cells; still run the look-ups on the cells that did
        parse, so one pass reports every problem on the line (a bad number and an unknown
        customer). Returns whether the row had problems."""
        if not errors:
            return False
        result.errors.extend(errors)
        try:
            self.clean_row(dict(values), set(present))
        except CellError as exc:
            result.errors.append(RowError(line, getattr(exc, "column", ""), str(exc)))
        except (KeyError, ValidationError):
            pass  # depends on a cell that is already reported
        return True

    def _stage_one(
        self,
        line: int,
        values: dict[str, Any],
        present: set[str],
        errors: list[RowError],
        result: ImportResult,
    ) -> Outcome | None:
        """Check and stage one parsed row: its outcome, or None when it had problems."""
        if errors and self._row_problems(line, values, present, errors, result):
            return None
        try:
            outcome = self.stage_row(line, self.clean_row(values, present), present)
        except CellError as exc:
            result.errors.append(RowError(line, getattr(exc, "column", ""), str(exc)))
        except ValidationError as exc:
            result.errors.extend(_validation_errors(line, exc))
        else:
            return outcome
        return None

    def _apply_one(
        self,
        line: int,
        values: dict[str, Any],
        present: set[str],
        errors: list[RowError],
        result: ImportResult,
    ) -> Outcome | None:
        """Apply one parsed row: its outcome, or None when it had problems."""
        if errors and self._row_problems(line, values, present, errors, result):
            return None
        try:
            # A savepoint per row: a failed row leaves the others (and PostgreSQL) usable.
            with transaction.atomic():
                outcome = self.apply_row(self.clean_row(values, present), present)
        except CellError as exc:
            result.errors.append(RowError(line, getattr(exc, "column", ""), str(exc)))
        except ValidationError as exc:
            result.errors.extend(_validation_errors(line, exc))
        else:
            return outcome
        return None
