"""The import page: the same importers as ``rapport import``, behind an upload form. A large
file goes to the worker; its page shows a progress bar that htmx refreshes until it is done."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rapport.accounts.http import AuthenticatedRequest
from rapport.accounts.permissions import Capability, require_capability
from rapport.imports.forms import ImportForm
from rapport.imports.framework import ImportFileError
from rapport.imports.models import ImportJob
from rapport.imports.registry import kinds
from rapport.imports.services import NotApplicable, apply_checked, keep_checked_file, start_import

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def _one_or_other(labels: list[str]) -> str:
    """ "customers, stakeholders or projects": the kinds of import, as one phrase."""
    if len(labels) < 2:
        return "".join(labels)
    return _("%(some)s or %(last)s") % {"some": ", ".join(labels[:-1]), "last": labels[-1]}


@require_capability(Capability.IMPORT_DATA)
def upload(request: AuthenticatedRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    result = kept = None
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        if upload_file.size > MAX_UPLOAD_BYTES:
            form.add_error(
                "file", _("The file is larger than 10 MB; use `rapport import` instead.")
            )
        else:
            data = upload_file.read()
            try:
                outcome = start_import(
                    form.cleaned_data["kind"],
                    upload_file.name,
                    data,
                    by=request.user,
                    commit=form.cleaned_data["commit"],
                )
            except ImportFileError as exc:
                form.add_error("file", str(exc))
            else:
                if isinstance(outcome, ImportJob):
                    return redirect(outcome)
                result = outcome
                # A dry run that passed keeps its file, to be applied without a new upload.
                kept = keep_checked_file(
                    form.cleaned_data["kind"],
                    upload_file.name,
                    data,
                    by=request.user,
                    result=result,
                )
    labels = [str(k.label).lower() for k in kinds()]
    return render(
        request,
        "imports/upload.html",
        {
            "form": form,
            "result": result,
            "kept": kept,
            "kinds_text": _one_or_other(labels),
            # Plain data: templates would call an importer class instead of reading it.
            "kinds": [
                {"label": k.label, "description": k.description, "columns": k.columns}
                for k in kinds()
            ],
        },
    )


@require_capability(Capability.IMPORT_DATA)
def job(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A worker's import: the page, or (for htmx's polling) only its status fragment."""
    found = get_object_or_404(ImportJob.objects.defer("data"), pk=pk)
    template = "imports/job_status.html" if request.htmx else "imports/job.html"
    return render(request, template, {"job": found})


@require_capability(Capability.IMPORT_DATA)
@require_POST
def apply(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Apply the file a dry run checked, without uploading it again (a small file at once, a
    large one by the worker); its page shows the result. Applying twice imports once."""
    checked = get_object_or_404(ImportJob.objects.defer("data"), pk=pk)
    try:
        job = apply_checked(checked.pk, by=request.user)
    except NotApplicable as exc:
        messages.error(request, str(exc))
        return redirect(checked)
    return redirect(job)
