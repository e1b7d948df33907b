"""The mail log of emails sent to customers (PMO roles)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext

from rapport.accounts.permissions import (
    can_view_mail_log,
)
from rapport.console.filters import known_choice
from rapport.console.pagination import paginate, query_without_page
from rapport.feedback import tasks
from rapport.feedback.models import (
    OutboxKind,
    OutboxMessage,
    OutboxState,
)
from rapport.mailbox.services import find_copy
from rapport.mailbox.services import is_enabled as mailbox_enabled


@login_required
def mail_log(request: HttpRequest) -> HttpResponse:
    if not can_view_mail_log(request.user):
        raise PermissionDenied(gettext("The mail log is for the PMO."))
    rows = OutboxMessage.objects.select_related(
        "cycle__project", "pulse_invitation__round__customer"
    ).order_by("-created_at", "-pk")
    state = known_choice(request, "state", OutboxState.values, label=gettext("State"))
    if state:
        rows = rows.filter(state=state)
    page = paginate(request, rows)
    for m in page:
        m.masked = _masked(m)
    return render(
        request,
        "feedback/mail_log.html",
        {
            "page": page,
            "query": query_without_page(request),
            "state": state,
            "mailbox": mailbox_enabled(),
        },
    )


def _masked(message: OutboxMessage) -> bool:
    """Reminders and retries of an anonymous review go only to people who have not answered:
    their recipient would tell who did. The log keeps them, without saying to whom."""
    return bool(
        message.cycle is not None
        and message.cycle.is_anonymous
        and message.kind in (OutboxKind.REMINDER, OutboxKind.RETRY)
    )


@login_required
def mail_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_view_mail_log(request.user):
        raise PermissionDenied(gettext("The mail log is for the PMO."))
    message = get_object_or_404(OutboxMessage.objects.select_related("cycle__project"), pk=pk)
    if request.method == "POST":
        tasks.requeue(message, by=request.user)
        messages.success(request, gettext("Queued again."))
        return redirect("feedback:mail_detail", message.pk)
    masked = _masked(message)
    copy = None
    if not masked and message.sent_at is not None:
        copy = find_copy(message.to_email, message.subject, message.claimed_at)
    return render(
        request,
        "feedback/mail_detail.html",
        {"message": message, "masked": masked, "mailbox_copy": copy},
    )
