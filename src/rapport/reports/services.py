"""Writing reports: ``build_report`` (the PDF for a reader), and the console's queue of them.

``request_report`` records what a user asked for and enqueues ``generate_report_task`` after the
transaction commits; ``run_report`` claims the row with a conditional UPDATE (two workers never
write the same report), writes the PDF and stores it with its reader. Only that reader downloads
it (``report_for``): the PDF holds what they may see.
"""

from __future__ import annotations

import datetime as dt
import re
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from rapport.accounts.permissions import (
    Capability,
    has_capability,
    visible_customers,
    visible_projects,
)
from rapport.audit.services import record
from rapport.ops.enqueue import enqueue
from rapport.reports.content.common import parse_period
from rapport.reports.content.customer import customer_content
from rapport.reports.content.portfolio import portfolio_content
from rapport.reports.content.project import project_content
from rapport.reports.models import ReportKind, ReportRequest, ReportState
from rapport.reports.render import render_pdf

TEMPLATES = {
    ReportKind.PORTFOLIO: "reports/pdf/portfolio.html",
    ReportKind.CUSTOMER: "reports/pdf/customer.html",
    ReportKind.PROJECT: "reports/pdf/project.html",
}


@dataclass
class Report:
    title: str
    filename: str
    pdf: bytes
    language: str


def reader_language(reader: Any) -> str:
    """The language of the console a report is written for: its reader's (docs/i18n.md)."""
    return getattr(reader, "language", "") or settings.LANGUAGE_CODE


def _written_in(kind: str, reader: Any) -> AbstractContextManager[object]:
    if kind == ReportKind.CUSTOMER:
        return nullcontext()
    return translation.override(reader_language(reader))


def _not_a_report(kind: str) -> ValidationError:
    return ValidationError(
        _("“%(kind)s” is not a report: choose portfolio, customer or project.") % {"kind": kind}
    )


def _subject(kind: str, subject_id: int | None, reader: Any) -> Any:
    """The customer or project, among those the reader may see; a clear error otherwise."""
    if kind == ReportKind.PORTFOLIO:
        return None
    customer = kind == ReportKind.CUSTOMER
    if subject_id is None:
        raise ValidationError(
            _("A customer report needs the customer's id.")
            if customer
            else _("A project report needs the project's id.")
        )
    qs = visible_customers(reader) if customer else visible_projects(reader)
    try:
        return qs.select_related(*(["customer"] if kind == ReportKind.PROJECT else [])).get(
            pk=subject_id
        )
    except ObjectDoesNotExist:
        missing = (
            _("No customer %(id)s that you may read.")
            if customer
            else _("No project %(id)s that you may read.")
        )
        raise PermissionDenied(missing % {"id": subject_id}) from None


def report_context(
    kind: str, reader: Any, subject_id: int | None = None, period: Any = None
) -> dict[str, Any]:
    if kind not in ReportKind.values:
        raise _not_a_report(kind)
    period = parse_period(period)
    subject = _subject(kind, subject_id, reader)
    if kind == ReportKind.PORTFOLIO:
        return portfolio_content(reader, period)
    if kind == ReportKind.CUSTOMER:
        return customer_content(reader, subject, period)
    return project_content(reader, subject, period)


def _filename(kind: str, title: str, period: str) -> str:
    stem = slugify(re.sub(r"·.*$", "", title)) or kind
    return f"{kind}-{stem}-{period or 'latest'}.pdf".replace("--", "-")


def build_report(
    kind: str, reader: Any, subject_id: int | None = None, period: Any = None
) -> Report:
    """The PDF of a report, holding exactly what ``reader`` may see: the staff reports in the
    reader's console language, the customer pack in the customer's (it chooses it itself)."""
    with _written_in(kind, reader):
        context = report_context(kind, reader, subject_id, period)
        doc = context["doc"]
        pdf = render_pdf(TEMPLATES[ReportKind(kind)], context)
    return Report(doc.title, _filename(kind, doc.title, doc.period), pdf, doc.language)


def request_report(
    kind: str, *, by: Any, subject_id: int | None = None, period: Any = None
) -> ReportRequest:
    """Record a report asked for in the console and queue it for the worker.

    Checks now what the worker would refuse later (kind, period, the subject is visible), so the
    person asking gets the error on the page.
    """
    if kind not in ReportKind.values:
        raise _not_a_report(kind)
    period = parse_period(period) or ""
    _subject(kind, subject_id, by)
    # Same rule as the content; checked here so the button gives the error, not the worker.
    if kind == ReportKind.PORTFOLIO and not has_capability(by, Capability.VIEW_PORTFOLIO):
        raise PermissionDenied(_("Only PMO roles and sponsors read the portfolio health review."))
    with transaction.atomic():
        row = ReportRequest(
            kind=kind,
            subject_id=subject_id if kind != ReportKind.PORTFOLIO else None,
            period=period,
            requested_by=by,
        )
        row.full_clean(exclude=["pdf"])
        row.save()
        record("reports.report.requested", by=by, obj=row, changes={"kind": kind})
        enqueue("rapport.reports.tasks.generate_report_task", row.pk)
    return row


# A PDF takes seconds to write. A report still "being written" after this was left by a worker
# that stopped (killed, out of memory, the machine restarted): it is claimed and written again.
STALLED_AFTER = dt.timedelta(minutes=15)


def _claimable(now: dt.datetime) -> Q:
    return Q(state=ReportState.PENDING) | Q(
        state=ReportState.RUNNING, started_at__lt=now - STALLED_AFTER
    )


def run_report(pk: int) -> str:
    """Claim a pending (or stalled) report and write it; returns its state. Safe to call twice:
    the claim is one conditional UPDATE, so two workers never write the same report."""
    now = timezone.now()
    claimed = ReportRequest.objects.filter(_claimable(now), pk=pk).update(
        state=ReportState.RUNNING, started_at=now
    )
    if not claimed:
        return "not pending"
    row = ReportRequest.objects.select_related("requested_by").get(pk=pk)
    try:
        report = build_report(row.kind, row.requested_by, row.subject_id, row.period or None)
    except (ValidationError, PermissionDenied) as exc:
        with translation.override(reader_language(row.requested_by)):
            message = " ".join(getattr(exc, "messages", [str(exc)])) or _("Not allowed.")
        ReportRequest.objects.filter(pk=pk).update(
            state=ReportState.FAILED, error=message, finished_at=timezone.now()
        )
        return ReportState.FAILED
    except Exception:
        with translation.override(reader_language(row.requested_by)):
            error = _(
                "The report could not be written. The PMO can find the cause in the worker log."
            )
        ReportRequest.objects.filter(pk=pk).update(
            state=ReportState.FAILED, error=error, finished_at=timezone.now()
        )
        raise
    ReportRequest.objects.filter(pk=pk).update(
        state=ReportState.DONE,
        title=report.title[:300],
        filename=report.filename[:200],
        pdf=report.pdf,
        finished_at=timezone.now(),
    )
    return ReportState.DONE


def retry_stalled_reports(*, now: dt.datetime | None = None) -> int:
    """Queue again the reports no worker finished: left "being written" by a worker that
    stopped, or still waiting long after they were asked for (their task was lost). Returns how
    many were queued; each is claimed once whoever runs it first."""
    now = now or timezone.now()
    stalled = list(
        ReportRequest.objects.filter(
            _claimable(now), created_at__lt=now - STALLED_AFTER
        ).values_list("pk", flat=True)
    )
    for pk in stalled:
        enqueue("rapport.reports.tasks.generate_report_task", pk)
    return len(stalled)


def report_for(user: Any, pk: int) -> ReportRequest:
    """A report of ``user``'s own; anyone else's is "not found" (no hint that it exists)."""
    if not (user and user.is_authenticated):
        raise PermissionDenied
    return ReportRequest.objects.defer("pdf").get(pk=pk, requested_by=user)


def delete_old_reports(*, days: int | None = None, now: dt.datetime | None = None) -> int:
    """Delete reports asked for more than ``days`` ago (default
    ``RAPPORT_REPORT_RETENTION_DAYS``), PDF and all; one being written is left alone. Returns
    how many were deleted."""
    days = settings.RAPPORT_REPORT_RETENTION_DAYS if days is None else days
    if days < 1:
        raise ValueError("Keep reports at least one day.")
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    old = (
        ReportRequest.objects.filter(created_at__lt=cutoff)
        .exclude(state=ReportState.RUNNING)
        .defer("pdf")  # the rows are loaded to delete their links: not their PDFs
    )
    deleted = old.delete()[1].get("reports.ReportRequest", 0)
    if deleted:
        record(
            "reports.report.retention",
            by="system",
            changes={"deleted": deleted, "older_than_days": days},
        )
    return deleted
