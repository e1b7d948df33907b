"""Download of a console list as CSV or XLSX, with the page's filters (its query string)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.http.response import HttpResponseBase

from rapport.accounts.http import AuthenticatedRequest
from rapport.exports.services import UnknownExport, export_response


@login_required
def download(request: AuthenticatedRequest, name: str, fmt: str) -> HttpResponseBase:
    try:
        return export_response(name, fmt, request.user, request.GET)
    except UnknownExport as exc:
        raise Http404(str(exc)) from exc
    except ValidationError as exc:
        # A filter value the list does not take (a month not YYYY-MM, an id not a number, a
        # status it does not have): say which filter, and what it takes.
        lines = [f"{key}: {' '.join(problems)}" for key, problems in exc.message_dict.items()]
        return HttpResponseBadRequest("\n".join(lines), content_type="text/plain; charset=utf-8")
