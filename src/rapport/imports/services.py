"""Running an import from a file: the command, the console page and the worker call this."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
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


def _worth_keeping(result: ImportResult) -> bool:
    """A dry run that found no problem and would change something: it can be applied later."""
    return not result.committed and not result.errors and bool(result.created or result.updated)


def _kept_until() -> dt.datetime:
    return timezone.now() + dt.timedelta(hours=settings.RAPPORT_IMPORT_KEEP_HOURS)


def keep_checked_file(
    kind: str, filename: str, data: bytes, *, by: Any, result: ImportResult
) -> ImportJob | None:
    """After a dry run on the page (a small file), keep the file so it can be applied without
    uploading it again: a finished job, until ``RAPPORT_IMPORT_KEEP_HOURS`` have passed. None
    when there is nothing to apply (problems, or no change)."""
    if not _worth_keeping(result):
        return None
    now = timezone.now()
    return ImportJob.objects.create(
        kind=kind,
        filename=filename[:200],
        data=data,
        commit=False,
        by=by if getattr(by, "is_authenticated", False) else None,
        state=ImportJobState.DONE,
        rows_done=result.rows,
        rows_total=result.rows,
        result=result_data(result),
        finished_at=now,
        kept_until=_kept_until(),
    )


class NotApplicable(Exception):
    """A checked file that cannot be applied (any more); the message says why."""


def apply_checked(job_id: int, *, by: Any) -> ImportJob:
    """Apply the file a dry run checked: a new job with ``commit``, run at once when it is small,
    else by the worker. The dry run's file moves to the new job (it is kept in one place only).
    Applying twice (a double click, two people) never imports twice: the second gets the first's
    job. The file is checked again in full as it is written, against the database as it is now.

    Raises ``ImportJob.DoesNotExist`` and ``NotApplicable``.
    """
    with transaction.atomic():
        checked = ImportJob.objects.get(pk=job_id)
        if checked.applied_as_id is not None:
            return ImportJob.objects.get(pk=checked.applied_as_id)
        if not checked.can_apply:
            raise NotApplicable(
                _("This check has expired and its file is no longer kept: upload it again.")
                if checked.kept_until is not None
                else _(
                    "Only a dry run that found no problem can be applied, and this is not one: "
                    "upload the file again."
                )
            )
        if not checked.data:  # emptied meanwhile (an erasure of someone it named)
            raise NotApplicable(
                _("This check has expired and its file is no longer kept: upload it again.")
            )
        job = ImportJob.objects.create(
            kind=checked.kind,
            filename=checked.filename,
            data=bytes(checked.data),
            commit=True,
            by=by if getattr(by, "is_authenticated", False) else None,
            rows_total=checked.rows_total,
        )
        # Claimed once: of two requests, the second finds the file applied (on SQLite the
        # write lock, on PostgreSQL the row lock, makes it wait for the first).
        claimed = ImportJob.objects.filter(pk=checked.pk, applied_as__isnull=True).update(
            applied_as=job, data=b"", kept_until=None
        )
        if not claimed:
            job.delete()
            # The first request's job (the UPDATE found the file applied by it).
            return ImportJob.objects.get(
                pk=ImportJob.objects.filter(pk=checked.pk).values("applied_as")[:1]
            )
    if job.rows_total <= settings.RAPPORT_IMPORT_WORKER_ROWS:
        run_import_job(job.pk)
        job.refresh_from_db()
    else:
        enqueue("rapport.imports.tasks.run_import_job_task", job.pk)
    return job


def forget_checked_files() -> int:
    """Empty the files of dry runs whose time to be applied has passed (the schedule's
    "forget-checked-imports" job); returns how many."""
    return ImportJob.objects.filter(kept_until__lte=timezone.now()).update(
        data=b"", kept_until=None
    )


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

    state, data, kept = ImportJobState.DONE, {}, False
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
            kept = _worth_keeping(result)
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
        # The file is not kept once imported, nor after problems; a dry run that passed keeps
        # it for a while, to be applied without uploading it again.
        **({"kept_until": _kept_until()} if kept else {"data": b""}),
        finished_at=timezone.now(),
    )
    return state
