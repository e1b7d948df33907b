"""Console pages of the reports app: ask for a PDF, watch it being written, download it. Thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rapport.accounts.http import AuthenticatedRequest
from rapport.reports import packs, services
from rapport.reports.models import ReportRequest, ReportState


def _own(request: AuthenticatedRequest, pk: int) -> ReportRequest:
    try:
        return services.report_for(request.user, pk)
    except ObjectDoesNotExist:
        # Someone else's report or none at all: the same answer, so ids reveal nothing.
        raise Http404("No such report of yours.") from None


@login_required
@require_POST
def request_pdf(request: AuthenticatedRequest) -> HttpResponse:
    """The "PDF" button: record the request, queue it, show its progress."""
    kind = request.POST.get("kind", "")
    subject = request.POST.get("subject", "")
    try:
        row = services.request_report(
            kind,
            by=request.user,
            subject_id=int(subject) if subject.isdigit() else None,
            period=request.POST.get("period", ""),
        )
    except (ValidationError, PermissionDenied) as exc:
        text = " ".join(getattr(exc, "messages", [str(exc)])) or _("You may not write this report.")
        if request.htmx:
            # 200: htmx swaps no 4xx answer into the page, so the refusal would not be seen.
            return render(request, "reports/_status.html", {"error": text})
        messages.error(request, text)
        return redirect(request.META.get("HTTP_REFERER") or "reports:list")
    if request.htmx:
        return render(request, "reports/_status.html", {"report": _own(request, row.pk)})
    return redirect("reports:status", pk=row.pk)


@login_required
def status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The progress notice: a fragment that htmx polls until the PDF is ready."""
    report = _own(request, pk)
    template = "reports/_status.html" if request.htmx else "reports/status.html"
    return render(request, template, {"report": report})


@login_required
def download(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = _own(request, pk)
    if report.state != ReportState.DONE:
        return redirect("reports:status", pk=pk)
    pdf = ReportRequest.objects.values_list("pdf", flat=True).get(pk=report.pk)
    assert pdf is not None  # a report is done once its PDF is stored
    response = HttpResponse(bytes(pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def report_list(request: AuthenticatedRequest) -> HttpResponse:
    """Your own reports, newest first (nobody sees another person's reports)."""
    reports = ReportRequest.objects.filter(requested_by=request.user).defer("pdf")[:50]
    return render(request, "reports/list.html", {"reports": reports})


@login_required
@require_POST
def monthly_pack(request: AuthenticatedRequest) -> HttpResponse:
    """The profile's "monthly pack by email" switch: for the signed-in person only."""
    value = request.POST.get("on", "")
    if value not in ("0", "1"):
        messages.error(request, _("Choose whether to get the monthly pack: on or off."))
        return redirect("accounts:profile")
    on = value == "1"
    packs.set_subscription(request.user, on=on, by=request.user)
    messages.success(
        request,
        _("You will get the monthly pack by email at the start of each month.")
        if on
        else _("The monthly pack is off: no more emails of it."),
    )
    return redirect("accounts:profile")
