"""The monthly pack by email: the reports a person asked to receive each month, as attachments.

Opt-in per person (``PackSubscription``, on their profile page). On the schedule
(``monthly-packs``), for the month just ended, each subscriber gets one email:

- sponsors and PMO roles: the portfolio health review;
- a customer's relationship owner: that customer's review pack, to check and forward.

Each PDF is written *for the person* (``ReportRequest.requested_by``), so it holds what they may
see (the disclosure rules apply per reader). ``prepare_monthly_packs`` records one
``MonthlyPack`` per person and month (unique: a re-run of the schedule never sends twice) and
queues the writing of its reports in the worker; ``assemble_pack`` writes them and, once all
are done, puts one email in the feedback outbox (retries, mail log). The PDFs stay in their
report rows and are attached when the email is sent (``pack_email``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from rapport.accounts.models import User
from rapport.accounts.permissions import Capability, has_capability, visible_customers
from rapport.audit.services import record
from rapport.feedback.models import OutboxKind, OutboxMessage
from rapport.insights.analytics.types import next_period
from rapport.ops.enqueue import enqueue
from rapport.reports.content.common import current_period
from rapport.reports.models import (
    MonthlyPack,
    PackState,
    PackSubscription,
    ReportKind,
    ReportRequest,
    ReportState,
)


class PackNotReady(Exception):
    """A pack's email cannot be sent: one of its reports is missing (deleted, or not written)."""


def pack_period(today: dt.date | None = None) -> str:
    """The month a pack sent today reports on: the month just ended."""
    return next_period(current_period(today), -1)


def pack_contents(user: Any) -> list[tuple[str, int | None]]:
    """What ``user``'s pack holds, as (report kind, subject id): the portfolio review for
    those who may read it, and the pack of each customer whose relationship they own."""
    contents: list[tuple[str, int | None]] = []
    if has_capability(user, Capability.VIEW_PORTFOLIO):
        contents.append((ReportKind.PORTFOLIO, None))
    owned = visible_customers(user).filter(relationship_owner=user).order_by("name", "pk")
    contents += [(ReportKind.CUSTOMER, pk) for pk in owned.values_list("pk", flat=True)]
    return contents


def is_subscribed(user: Any) -> bool:
    return bool(getattr(user, "pk", None)) and PackSubscription.objects.filter(user=user).exists()


@transaction.atomic
def set_subscription(user: User, *, on: bool, by: Any) -> bool:
    """Turn the monthly pack on or off for ``user``; returns whether anything changed."""
    if on:
        _, created = PackSubscription.objects.get_or_create(user=user)
        changed = created
    else:
        changed = PackSubscription.objects.filter(user=user).delete()[0] > 0
    if changed:
        record("reports.pack.subscribed" if on else "reports.pack.unsubscribed", by=by, obj=user)
    return changed


def _start_pack(user: User, period: str, contents: list[tuple[str, int | None]]) -> bool:
    """Record ``user``'s pack for ``period`` and its reports; False if it already exists."""
    try:
        with transaction.atomic():
            pack = MonthlyPack.objects.create(user=user, period=period)
            rows = [
                ReportRequest(kind=kind, subject_id=subject, period=period, requested_by=user)
                for kind, subject in contents
            ]
            for row in rows:
                row.save()
            pack.reports.add(*rows)
            record(
                "reports.pack.prepared",
                by="system",
                obj=pack,
                changes={"reports": [f"{k}:{s or ''}" for k, s in contents]},
            )
    except IntegrityError:
        return False  # another run of the schedule made it meanwhile
    _enqueue_assembly(pack.pk)
    return True


def _enqueue_assembly(pack_id: int) -> None:
    # By name, after the commit: the task calls back into this module (ops/enqueue.py).
    enqueue("rapport.reports.tasks.assemble_pack_task", pack_id)


def prepare_monthly_packs(today: dt.date | None = None) -> dict[str, int]:
    """For each active subscriber without a pack for the month just ended: record it and queue
    its reports. Packs still being prepared are queued again (a worker may have stopped).
    Idempotent: run it as often as you like, each person gets one pack a month."""
    period = pack_period(today)
    started = timezone.now()  # packs made before this run and still unsent are resumed
    counts = {"prepared": 0, "already": 0, "nothing_to_send": 0, "resumed": 0}
    done = set(MonthlyPack.objects.filter(period=period).values_list("user_id", flat=True))
    subscribers = (
        PackSubscription.objects.filter(user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user_id")
    )
    for subscription in subscribers:
        user = subscription.user
        if user.pk in done:
            counts["already"] += 1
            continue
        contents = pack_contents(user)
        if not contents:
            counts["nothing_to_send"] += 1
            continue
        key = "prepared" if _start_pack(user, period, contents) else "already"
        counts[key] += 1
    stalled = MonthlyPack.objects.filter(
        state=PackState.PREPARING, message__isnull=True, created_at__lt=started
    ).exclude(period__gt=period)
    for pk in stalled.values_list("pk", flat=True):
        _enqueue_assembly(pk)
        counts["resumed"] += 1
    return counts


def assemble_pack(pack_id: int) -> str:
    """Write the pack's reports (each claimed, so two workers never write the same one) and,
    once all are ready, put its email in the outbox. Safe to call again: returns what it did."""
    from rapport.reports.services import run_report

    pack = MonthlyPack.objects.select_related("user").get(pk=pack_id)
    if pack.state != PackState.PREPARING:
        return str(pack.state)
    report_ids = list(pack.reports.values_list("pk", flat=True))
    for pk in report_ids:
        run_report(pk)  # "not pending" when written already or being written elsewhere
    states = dict(ReportRequest.objects.filter(pk__in=report_ids).values_list("pk", "state"))
    if len(states) < len(report_ids) or not report_ids:
        return _fail(pack, "A report of this pack was deleted before it was sent.")
    failed = [pk for pk, state in states.items() if state == ReportState.FAILED]
    if failed:
        errors = ReportRequest.objects.filter(pk__in=failed).values_list("error", flat=True)
        return _fail(pack, " ".join(errors) or "A report could not be written.")
    if any(state != ReportState.DONE for state in states.values()):
        return "waiting"  # another worker is writing one; the next schedule run comes back
    missing = _untranslated(pack)
    if missing:
        # As for the shared roadmap and the pulse: nothing goes out with a text the customer's
        # people would read in a language they do not read.
        return _fail(
            pack,
            "Translate these texts before the pack is sent: "
            + "; ".join(f"{text} ({language})" for text, language in missing)
            + ".",
        )
    return _queue_email(pack)


def _untranslated(pack: MonthlyPack) -> list[tuple[str, str]]:
    from rapport.customers.models import Customer
    from rapport.reports.content.customer import untranslated_in_pack

    ids = pack.reports.filter(kind=ReportKind.CUSTOMER).values_list("subject_id", flat=True)
    return [
        missing
        for customer in Customer.objects.filter(pk__in=list(ids)).order_by("name", "pk")
        for missing in untranslated_in_pack(customer)
    ]


def _fail(pack: MonthlyPack, error: str) -> str:
    MonthlyPack.objects.filter(pk=pack.pk, state=PackState.PREPARING).update(
        state=PackState.FAILED, error=error[:2000]
    )
    record("reports.pack.failed", by="system", obj=pack, changes={"error": error[:300]})
    return PackState.FAILED


@transaction.atomic
def _queue_email(pack: MonthlyPack) -> str:
    from rapport.feedback.services.mail import queue_message

    locked = MonthlyPack.objects.select_for_update().get(pk=pack.pk)
    if locked.state != PackState.PREPARING:
        return str(locked.state)
    key = f"monthly_pack:{pack.user_id}:{pack.period}"
    message = queue_message(OutboxKind.MONTHLY_PACK, to_email=pack.user.email, dedupe_key=key)
    locked.message = message or OutboxMessage.objects.get(dedupe_key=key)
    locked.state = PackState.QUEUED
    locked.save(update_fields=["message", "state"])
    record("reports.pack.queued", by="system", obj=locked)
    return PackState.QUEUED


def cancel_reason(message: OutboxMessage) -> str:
    """Why a queued pack email must not go out any more, or "" (checked right before sending)."""
    pack = MonthlyPack.objects.filter(message=message).select_related("user").first()
    if pack is None:
        return "No monthly pack for this email"
    if not pack.user.is_active:
        return "The person's account is deactivated"
    if not is_subscribed(pack.user):
        return "The person turned the monthly pack off"
    return ""


def pack_email(message: OutboxMessage) -> tuple[EmailMultiAlternatives, tuple[str, str, str]]:
    """The pack's email with its PDFs attached, and its (subject, text, HTML) for the mail log.
    Raises ``PackNotReady`` when a report is gone (the outbox records the error)."""
    pack = MonthlyPack.objects.select_related("user").get(message=message)
    # The portfolio review first, then the customer packs by title.
    reports = sorted(
        pack.reports.defer("pdf"), key=lambda r: (r.kind != ReportKind.PORTFOLIO, r.title)
    )
    pdfs = dict(
        ReportRequest.objects.filter(pk__in=[r.pk for r in reports], state=ReportState.DONE)
        .exclude(pdf=None)
        .values_list("pk", "pdf")
    )
    if not reports or len(pdfs) < len(reports):
        raise PackNotReady("A report of this pack is missing (deleted by the retention?).")
    site = settings.SITE_URL
    context = {
        "user": pack.user,
        "period": pack.period,
        "reports": reports,
        "portfolio": [r for r in reports if r.kind == ReportKind.PORTFOLIO],
        "customer_packs": [r for r in reports if r.kind == ReportKind.CUSTOMER],
        "reports_url": f"{site}{reverse('reports:list')}",
        "profile_url": f"{site}{reverse('accounts:profile')}",
        "retention_days": settings.RAPPORT_REPORT_RETENTION_DAYS,
    }
    # Written in the person's console language, like the PDFs it carries.
    with translation.override(pack.user.language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("reports/email/pack_subject.txt", context).split())
        text = render_to_string("reports/email/pack.txt", context)
        html = render_to_string("reports/email/pack.html", context)
    headers = {"Message-ID": message.message_id} if message.message_id else {}
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_email],
        headers=headers,
    )
    email.attach_alternative(html, "text/html")
    for report in reports:
        name = report.filename or f"report-{report.pk}.pdf"
        email.attach(name, bytes(pdfs[report.pk] or b""), "application/pdf")
    return email, (subject, text, html)
