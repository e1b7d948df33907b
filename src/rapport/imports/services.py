"""Running an import from a file: the command, the console page and the worker call this."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from rapport.imports.framework import FileInfo, ImportResult, Progress
from rapport.imports.models import ImportJob, ImportJobState
from rapport.imports.reading import ImportFileError, TableSource, open_table
from rapport.imports.registry import get_importer
from rapport.ops.enqueue import enqueue

log = logging.getLogger(__name__)


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


# --- Large files from the console: the worker imports them -------------------------------------

MAX_ERRORS_KEPT = 500


def start_import(
    kind: str, filename: str, data: bytes, *, by: Any, commit: bool
) -> ImportResult | ImportJob:
    """Import an uploaded file now, or hand it to the worker when it has more rows than
    ``RAPPORT_IMPORT_WORKER_ROWS`` (the page then polls the job's progress).

    Raises ``KeyError`` for an unknown kind and ``ImportFileError`` for an unreadable file.
    """
    get_importer(kind)
    source = TableSource(filename=filename, data=data)
    rows = source.count_rows()  # also refuses an unreadable file before anything is queued
    if rows <= settings.RAPPORT_IMPORT_WORKER_ROWS:
        return run_import(kind, source, by=by, commit=commit)
    job = ImportJob.objects.create(
        kind=kind,
        filename=filename[:200],
        data=data,
        commit=commit,
        by=by if getattr(by, "is_authenticated", False) else None,
        rows_total=rows,
    )
    enqueue("rapport.imports.tasks.run_import_job_task", job.pk)
    return job


def result_data(result: ImportResult) -> dict[str, Any]:
    """What the job page shows of a result: counts and the first problems."""
    return {
        **result.counts(),
        "committed": result.committed,
        "summary": result.summary(),
        "notes": result.notes,
        "notes_left_out": result.notes_left_out,
        "error_count": len(result.errors),
        "errors": [[e.line, e.column, e.reason] for e in result.errors[:MAX_ERRORS_KEPT]],
    }


def run_import_job(job_id: int) -> str:
    """Run a queued job (the worker's task). Claims it with a conditional UPDATE so two workers
    never run the same file; reports progress on the job at most twice a second."""
    claimed = ImportJob.objects.filter(pk=job_id, state=ImportJobState.QUEUED).update(
        state=ImportJobState.RUNNING
    )
    if not claimed:
        return "not queued"
    job = ImportJob.objects.select_related("by").get(pk=job_id)
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= 0.5:
            last[0] = now
            ImportJob.objects.filter(pk=job_id).update(rows_done=done, rows_total=total)

    state, data = ImportJobState.DONE, {}
    # The result keeps its problems as text: written in the language of whoever uploaded it.
    with override(job.by.language if job.by else None):
        try:
            result = run_import(
                job.kind,
                TableSource(filename=job.filename, data=bytes(job.data)),
                by=job.by or "import",
                commit=job.commit,
                progress=progress,
            )
            data = result_data(result)
        except ImportFileError as exc:
            state, data = ImportJobState.FAILED, {"file_error": str(exc)}
        except Exception:
            log.exception("Import job %s failed", job_id)
            state, data = (
                ImportJobState.FAILED,
                {"file_error": _("The import stopped on an error.")},
            )
    ImportJob.objects.filter(pk=job_id).update(
        state=state,
        result=data,
        rows_done=data.get("rows", job.rows_done),
        data=b"",  # the file is not kept once imported
        finished_at=timezone.now(),
    )
    return state
