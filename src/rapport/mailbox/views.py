"""The demo mailbox in the console: every email sent, opened as its recipient saw it."""

from __future__ import annotations

from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from rapport.accounts.permissions import can_view_mail_log
from rapport.console.pagination import paginate, query_without_page
from rapport.mailbox.models import MailboxMessage
from rapport.mailbox.services import is_enabled


def _check(request: HttpRequest) -> None:
    if not can_view_mail_log(request.user):
        raise PermissionDenied(_("The mailbox is for the PMO."))


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    _check(request)
    rows = MailboxMessage.objects.defer("text_body", "html_body")
    to = request.GET.get("to", "").strip()
    if to:
        rows = rows.filter(to__icontains=to)
    page = paginate(request, rows)
    return render(
        request,
        "mailbox/inbox.html",
        {"page": page, "query": query_without_page(request), "to": to, "enabled": is_enabled()},
    )


# An email's own inline styles, drawn in a sandboxed iframe that inherits this page's policy
# (scripts stay blocked; the demo mailbox is refused in production): docs/deploy.md.
@csp_update({"style-src": ["'unsafe-inline'"]})  # type: ignore[arg-type]  # typed for (request) views only
@login_required
def message(request: HttpRequest, pk: int) -> HttpResponse:
    _check(request)
    mail = get_object_or_404(MailboxMessage, pk=pk)
    return render(request, "mailbox/message.html", {"mail": mail})
