"""Running an import from a file: the command, the console page and the worker call this."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rapport.imports.framework import FileInfo, ImportResult, Progress
from rapport.imports.reading import TableSource, open_table
from rapport.imports.registry import get_importer


def run_import(
    kind: str,
    source: TableSource,
    *,
    by: Any,
    commit: bool = False,
    progress: Progress | None = None,
    report: Callable[[str], None] | None = None,
) -> ImportResult:
    """Check ``source`` as an import of ``kind`` and, with ``commit``, apply it all or nothing.

    Raises ``KeyError`` for an unknown kind and ``ImportFileError`` for an unreadable file.
    """
    importer = get_importer(kind)(by=by)
    importer.report = report
    header, rows = open_table(source)
    total = source.count_rows() if progress else None
    file = FileInfo(name=source.filename, sha256=source.sha256())
    return importer.run(header, rows, commit=commit, progress=progress, total=total, file=file)
