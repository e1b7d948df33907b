"""Exports of every console list, as CSV or XLSX, for one reader: the registry and the
functions the console, the API and ``rapport export`` all call."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any, Protocol

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext

from rapport.exports import lists
from rapport.exports.columns import Params, Prepared
from rapport.exports.filters import Filter, clean_filters
from rapport.exports.responses import RESPONSES
from rapport.exports.writers import csv_chunks, xlsx_file

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class Export(Protocol):
    # Read-only: the specs are frozen dataclasses or classes with constant attributes.
    @property
    def name(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def refused(self) -> str: ...
    @property
    def filters(self) -> tuple[Filter, ...]: ...

    def allowed(self, user: Any) -> bool: ...

    def prepare(self, user: Any, params: Params) -> Prepared: ...


EXPORTS: dict[str, Export] = {
    spec.name: spec
    for spec in (
        lists.CUSTOMERS,
        lists.STAKEHOLDERS,
        lists.PROJECTS,
        lists.REVIEWS,
        RESPONSES,
        lists.ISSUES,
        lists.ACTIONS,
        lists.ALERTS,
        lists.HEALTH,
        lists.ROADMAP,
        lists.AUDIT,
    )
}


class UnknownExport(ValueError):
    """A list or format Rapport does not export; the message names the ones it does."""


def get_export(name: str, fmt: str = "csv") -> Export:
    if name not in EXPORTS:
        raise UnknownExport(f"No list called “{name}”. Lists: {', '.join(EXPORTS)}.")
    if fmt not in FORMATS:
        raise UnknownExport(f"No format called “{fmt}”. Formats: {', '.join(FORMATS)}.")
    return EXPORTS[name]


def prepare_export(name: str, user: Any, params: Params, fmt: str = "csv") -> Prepared:
    """The rows ``user`` may export of list ``name``, filtered by ``params`` as on screen.

    Raises ``UnknownExport`` for a list or format that does not exist, ``PermissionDenied``
    (with the reason) when the reader may not export this list, and ``ValidationError`` (by
    filter) when a filter's value is not one it takes.
    """
    export = get_export(name, fmt)
    if not export.allowed(user):
        raise PermissionDenied(gettext(export.refused))
    return export.prepare(user, clean_filters(export.filters, params))


def csv_stream(name: str, user: Any, params: Params, *, bom: bool = True) -> Iterator[str]:
    return csv_chunks(prepare_export(name, user, params, "csv"), bom=bom)


def write_export(name: str, user: Any, params: Params, fmt: str, out: IO[Any]) -> None:
    """Write the export to ``out`` (text for CSV, binary for XLSX)."""
    prepared = prepare_export(name, user, params, fmt)
    if fmt == "csv":
        for chunk in csv_chunks(prepared, bom=False):
            out.write(chunk)
    else:
        from rapport.exports.writers import write_xlsx

        write_xlsx(prepared, out, title=EXPORTS[name].title)


def filename(name: str, fmt: str) -> str:
    return f"rapport-{name}-{timezone.localdate():%Y-%m-%d}.{fmt}"


def export_response(
    name: str, fmt: str, user: Any, params: Params
) -> StreamingHttpResponse | FileResponse:
    """The download: CSV streamed as it is written, XLSX from a temporary file."""
    prepared = prepare_export(name, user, params, fmt)
    if fmt == "csv":
        response: StreamingHttpResponse | FileResponse = StreamingHttpResponse(
            (chunk.encode() for chunk in csv_chunks(prepared)), content_type=CONTENT_TYPES["csv"]
        )
        response["Content-Disposition"] = f'attachment; filename="{filename(name, fmt)}"'
    else:
        response = FileResponse(
            xlsx_file(prepared, title=EXPORTS[name].title),
            as_attachment=True,
            filename=filename(name, fmt),
            content_type=CONTENT_TYPES["xlsx"],
        )
    # Customer data: never kept by a shared cache or the browser's back-forward cache.
    response["Cache-Control"] = "private, no-store"
    return response
