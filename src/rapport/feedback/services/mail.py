"""Queueing emails in the outbox, and the address checks that come before any send."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext_noop

from rapport.audit.services import record
from rapport.customers.models import Stakeholder
from rapport.feedback.models import (
    Invitation,
    OutboxKind,
    OutboxMessage,
    OutboxState,
    ReviewCycle,
    Suppression,
    SuppressionReason,
)
from rapport.ops.enqueue import enqueue


def suppressed_emails(emails: list[str]) -> set[str]:
    """Which of ``emails`` bounced or opted out (lower-cased), in one query."""
    lowered = {e.lower() for e in emails if e}
    if not lowered:
        return set()
    return set(
        Suppression.objects.annotate(e=Lower("email"))
        .filter(e__in=lowered)
        .values_list("e", flat=True)
    )


def recipient_problem(stakeholder: Stakeholder, *, sender_email: str, suppressed: set[str]) -> str:
    """Why we must not email this stakeholder, or "" if we may."""
    email = (stakeholder.email or "").strip()
    if not email:
        return gettext_noop("has no email address")
    if sender_email and email.lower() == sender_email.lower():
        return gettext_noop("is you: Rapport does not send reviews to the person sending them")
    if email.lower() in suppressed:
        return gettext_noop("bounced or unsubscribed")
    if not stakeholder.is_active:
        return gettext_noop("is no longer active")
    return ""


def queue_message(
    kind: str,
    *,
    to_email: str,
    dedupe_key: str,
    invitation: Invitation | None = None,
    cycle: ReviewCycle | None = None,
    pulse_invitation: Any = None,
    stakeholder: Stakeholder | None = None,
    alert: Any = None,
    url: str = "",
    manages: bool = False,
    send_after: dt.datetime | None = None,
) -> OutboxMessage | None:
    """Add an email to the outbox once (``dedupe_key``) and send it after the commit, or not
    before ``send_after`` (a worker that can defer tasks sends it then; otherwise the schedule's
    "deliver-outbox" job does).

    Returns None if that message was already queued: the same email is never queued twice.
    """
    message, created = OutboxMessage.objects.get_or_create(
        dedupe_key=dedupe_key,
        defaults={
            "kind": kind,
            "to_email": to_email,
            "invitation": invitation,
            "cycle": cycle,
            "pulse_invitation": pulse_invitation,
            "stakeholder": stakeholder,
            "alert": alert,
            "url": url,
            "manages": manages,
            "next_attempt_at": send_after,
        },
    )
    if not created:
        return None
    enqueue("rapport.feedback.tasks.send_outbox_message", message.pk, run_after=send_after)
    return message


@transaction.atomic
def record_suppression(
    email: str,
    reason: str,
    *,
    by: Any = None,
    stakeholder: Stakeholder | None = None,
    note: str = "",
) -> Suppression:
    """Remember a hard bounce or opt-out; queued emails to that address are cancelled."""
    if reason not in SuppressionReason.values:
        raise ValueError(f"Unknown reason {reason!r}.")
    existing = Suppression.objects.annotate(e=Lower("email")).filter(e=email.lower()).first()
    if existing:
        return existing
    row = Suppression.objects.create(email=email, reason=reason, stakeholder=stakeholder, note=note)
    OutboxMessage.objects.filter(to_email__iexact=email, state=OutboxState.QUEUED).update(
        state=OutboxState.CANCELLED, last_error="Address suppressed"
    )
    record(f"feedback.suppression.{reason}", by=by, obj=row, changes={"email": email})
    return row


def cancel_pending_reminders(invitation: Invitation | int) -> None:
    OutboxMessage.objects.filter(
        invitation_id=getattr(invitation, "pk", invitation),
        kind__in=[OutboxKind.REMINDER, OutboxKind.RETRY],
        state=OutboxState.QUEUED,
    ).update(state=OutboxState.CANCELLED)
