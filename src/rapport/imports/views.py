"""The import page: the same importers as ``rapport import``, behind an upload form."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rapport.accounts.permissions import Capability, require_capability
from rapport.imports.forms import ImportForm
from rapport.imports.framework import ImportFileError
from rapport.imports.reading import TableSource
from rapport.imports.registry import kinds
from rapport.imports.services import run_import

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


@require_capability(Capability.IMPORT_DATA)
def upload(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        if upload_file.size > MAX_UPLOAD_BYTES:
            form.add_error("file", "The file is larger than 10 MB; use `rapport import` instead.")
        else:
            source = TableSource(filename=upload_file.name, data=upload_file.read())
            try:
                result = run_import(
                    form.cleaned_data["kind"],
                    source,
                    by=request.user,
                    commit=form.cleaned_data["commit"],
                )
            except ImportFileError as exc:
                form.add_error("file", str(exc))
    return render(
        request,
        "imports/upload.html",
        {
            "form": form,
            "result": result,
            # Plain data: templates would call an importer class instead of reading it.
            "kinds": [
                {"label": k.label, "description": k.description, "columns": k.columns}
                for k in kinds()
            ],
        },
    )
