"""Download of a console list as CSV or XLSX, with the page's filters (its query string)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.http.response import HttpResponseBase

from rapport.accounts.http import AuthenticatedRequest
from rapport.exports.services import UnknownExport, export_response


@login_required
def download(request: AuthenticatedRequest, name: str, fmt: str) -> HttpResponseBase:
    try:
        return export_response(name, fmt, request.user, request.GET)
    except UnknownExport as exc:
        raise Http404(str(exc)) from exc
