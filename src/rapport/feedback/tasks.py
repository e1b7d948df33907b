"""Background work: sending the outbox, and running the schedule.

Each email is delivered at least once, and no outbox row is sent by two workers at the same
time: a worker claims the row with a conditional UPDATE (queued → sending, with ``claimed_at``)
before it sends, and marks it sent afterwards. A failed send is retried with backoff. When the
SMTP server's reply is lost after it took the message, the retry sends it again: that cannot be
told apart from a failure (SMTP has no way to ask), so every attempt of a row carries the same
Message-ID and mail clients collapse the duplicate.

If a worker dies between the claim and the mark, the row stays "sending" until its claim is
older than the lease (``RAPPORT_OUTBOX_LEASE_MINUTES``); the next delivery pass (every
``deliver`` and the worker's outbox pass) then looks at ``handed_at``, written just before the
message is handed to the server: without it the message never left and is queued again by
itself; with it we cannot know whether the server accepted it, so the row is flagged "needs a
manual check" and never resent blindly.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from email.utils import make_msgid
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.db import Error as DatabaseError
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django_tasks import default_task_backend, task

from rapport.feedback import outbox_kinds
from rapport.feedback.models import (
    Invitation,
    InvitationLink,
    OutboxKind,
    OutboxMessage,
    OutboxState,
    PulseInvitation,
)
from rapport.ops.health import Backlog

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RELEASE_WAITS = (1.0, 2.0, 4.0, 8.0, 16.0)  # about half a minute of database trouble
STALE_MESSAGE = "A worker stopped while sending: check with the recipient before resending."
UNSENT_MESSAGE = "A worker stopped before sending; queued again."


def lease() -> dt.timedelta:
    """How long a claim may stay "sending" before the row needs a manual check."""
    return dt.timedelta(minutes=settings.RAPPORT_OUTBOX_LEASE_MINUTES)


def flag_stale_claims(now: dt.datetime | None = None) -> int:
    """Rows claimed longer than the lease ago: a worker died mid-send. Returns how many were
    flagged for a manual check.

    A row whose message was never handed to the server (no ``handed_at``) did not leave: it goes
    back to the queue by itself. Only a row that may have left is flagged.
    """
    now = now or timezone.now()
    stale = OutboxMessage.objects.filter(state=OutboxState.SENDING, claimed_at__lt=now - lease())
    stale.filter(handed_at__isnull=True).update(
        state=OutboxState.QUEUED, claimed_at=None, next_attempt_at=None, last_error=UNSENT_MESSAGE
    )
    return stale.filter(handed_at__isnull=False).update(
        state=OutboxState.NEEDS_CHECK, last_error=STALE_MESSAGE
    )


def _mark_handed(message_id: int, handed: list[bool]) -> None:
    """Committed before the message leaves, so a worker that dies after this is known to have
    possibly sent it, and one that dies before it is known not to have."""
    OutboxMessage.objects.filter(pk=message_id).update(handed_at=timezone.now())
    handed.append(True)


def message_id_for(message: OutboxMessage) -> str:
    """A Message-ID for the row, made once: from its id and the site's domain."""
    domain = urlsplit(settings.SITE_URL).hostname or "rapport.invalid"
    return make_msgid(idstring=f"outbox-{message.pk}", domain=domain)


def backoff(attempt: int) -> dt.timedelta:
    """1, 2, 4, 8 … minutes between attempts."""
    return dt.timedelta(minutes=2 ** max(attempt - 1, 0))


@task()
def send_outbox_message(message_id: int) -> str:
    return deliver(message_id)


def enqueue_later(message_id: int, when: dt.datetime) -> None:
    if getattr(default_task_backend, "supports_defer", False):
        send_outbox_message.using(run_after=when).enqueue(message_id)
    # Otherwise the schedule's "deliver-outbox" job picks the row up when it is due.


def pulse_cancel_reason(pulse: PulseInvitation, now: dt.datetime) -> str:
    """Why a pulse invitation email must not go out any more, or ""."""
    from rapport.feedback.pulse.services import why_closed

    return {
        "closed": "The pulse is closed",
        "expired": "Past the deadline",
        "used": "Already answered",
    }.get(why_closed(pulse, now), "")


def deliver(message_id: int, *, now: dt.datetime | None = None) -> str:
    """Send one outbox message if it is still queued and due. Returns what happened."""
    now = now or timezone.now()
    flag_stale_claims(now)
    claimed = (
        OutboxMessage.objects.filter(pk=message_id, state=OutboxState.QUEUED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(
            state=OutboxState.SENDING, claimed_at=now, handed_at=None, attempts=F("attempts") + 1
        )
    )
    if not claimed:
        return "not claimed"
    handed: list[bool] = []  # becomes [True] just before the message leaves
    try:
        return _send_claimed(message_id, now, handed)
    except DatabaseError as exc:
        if handed:
            raise  # it may have gone out: the lease flags the row for a manual check
        # The database failed before the message left (PostgreSQL restarting, say): put it
        # back in the queue for the next delivery pass, once the database writes again.
        log.warning("Outbox message %s not sent, the database failed: %s", message_id, exc)
        return _retrying_database(partial(_unclaim, message_id, exc))


def _unclaim(message_id: int, exc: Exception) -> str:
    OutboxMessage.objects.filter(pk=message_id, state=OutboxState.SENDING).update(
        state=OutboxState.QUEUED, next_attempt_at=None, last_error=str(exc)[:2000]
    )
    return "retry"


def _send_claimed(message_id: int, now: dt.datetime, handed: list[bool]) -> str:
    from rapport.feedback import emails
    from rapport.feedback.pulse.services import issue_pulse_link, revoke_pulse_link
    from rapport.feedback.services.links import issue_link
    from rapport.feedback.services.mail import suppressed_emails

    message = OutboxMessage.objects.select_related(
        "invitation__stakeholder",
        "invitation__cycle__project__customer",
        "cycle__project__customer",
        "pulse_invitation__round__customer",
        "pulse_invitation__stakeholder",
        "stakeholder",
        "alert__project__customer",
        "alert__project__project_manager",
    ).get(pk=message_id)
    if message.kind == OutboxKind.WEBHOOK:
        _mark_handed(message_id, handed)
        return _deliver_webhook(message, now)
    if not message.message_id:
        # Stored before the first attempt, so every retry of this row reuses it.
        message.message_id = message_id_for(message)
        OutboxMessage.objects.filter(pk=message_id).update(message_id=message.message_id)
    invitation = message.invitation
    pulse = message.pulse_invitation
    reason = ""
    if suppressed_emails([message.to_email]):
        reason = "Address bounced or unsubscribed"
    elif pulse is not None:
        reason = pulse_cancel_reason(pulse, now)
    elif message.kind in (OutboxKind.MONTHLY_PACK, OutboxKind.ACTION_REMINDER):
        reason = outbox_kinds.cancel_reason(message)  # the writer's own check
    elif message.kind == OutboxKind.ACTION_DONE and not emails.done_actions(message):
        reason = "Nothing to tell: the actions were reopened"
    elif invitation and message.kind != OutboxKind.SUMMARY and invitation.used:
        reason = "Already answered"
    elif (
        invitation
        and message.kind in (OutboxKind.REMINDER, OutboxKind.RETRY)
        and (invitation.expires_at <= now)
    ):
        reason = "Past the deadline"
    if reason:
        OutboxMessage.objects.filter(pk=message_id).update(
            state=OutboxState.CANCELLED, last_error=reason
        )
        return "cancelled"
    token = None
    try:
        if pulse is not None:
            token = issue_pulse_link(pulse)  # committed now, so the link works on arrival
        elif emails.needs_link(message):
            assert invitation is not None  # needs_link: an invitation (pulses were handled above)
            token = issue_link(invitation)  # committed now, so the link works on arrival
        email, rendered = emails.build(message, token)
        _mark_handed(message_id, handed)
        email.send()
    except Exception as exc:
        log.warning("Sending outbox message %s failed: %s", message_id, exc)

        def release(exc: Exception = exc) -> str:
            if token and pulse is not None:
                revoke_pulse_link(token)
            elif token:
                from rapport.feedback.services.links import hash_token

                InvitationLink.objects.filter(token_hash=hash_token(token)).update(revoked=True)
            return _failed(message, exc, now)

        # The message did not go out; if the database cannot record that either (disk full,
        # restarting), try again for a while rather than leave the row for a manual check.
        return _retrying_database(release)
    safe = emails.redact(rendered, token)
    sent_at = timezone.now()

    @transaction.atomic
    def record_sent() -> str:
        OutboxMessage.objects.filter(pk=message_id).update(
            state=OutboxState.SENT,
            sent_at=sent_at,
            subject=safe.subject[:300],
            text_body=safe.text,
            html_body=safe.html,
            last_error="",
        )
        if invitation is not None and message.kind == OutboxKind.INVITATION:
            Invitation.objects.filter(pk=invitation.pk).update(sent_at=now)
        if pulse is not None:
            PulseInvitation.objects.filter(pk=pulse.pk).update(sent_at=now)
        return "sent"

    # The server took it: we know it is sent, so a database that fails to record that (restart,
    # full disk) is waited for; only if this process dies meanwhile does the lease flag it.
    return _retrying_database(record_sent)


def _retrying_database(write: Callable[[], str], waits: tuple[float, ...] = RELEASE_WAITS) -> str:
    """``write()``, tried again after each of ``waits`` seconds while the database fails; the
    last error is raised (the row then stays "sending" and the lease flags it). Only for writes
    whose outcome we know: a send that failed, or one the server accepted."""
    for wait in (*waits, None):
        try:
            return write()
        except DatabaseError as exc:
            if wait is None:
                raise
            log.warning("The outbox could not write (%s); trying again in %g s.", exc, wait)
            time.sleep(wait)
            if not connection.in_atomic_block:
                connection.close_if_unusable_or_obsolete()  # a dropped connection: a fresh one
    raise AssertionError("unreachable")


def _failed(message: OutboxMessage, exc: Exception, now: dt.datetime) -> str:
    """After a failed attempt: try again later (1, 2, 4, 8 minutes), or give up."""
    if message.attempts >= MAX_ATTEMPTS:
        OutboxMessage.objects.filter(pk=message.pk).update(
            state=OutboxState.FAILED, last_error=str(exc)[:2000]
        )
        return "failed"
    when = now + backoff(message.attempts)
    OutboxMessage.objects.filter(pk=message.pk).update(
        state=OutboxState.QUEUED, next_attempt_at=when, last_error=str(exc)[:2000]
    )
    enqueue_later(message.pk, when)
    return "retry"


def _deliver_webhook(message: OutboxMessage, now: dt.datetime) -> str:
    """POST a claimed alert webhook row; its retries are its own, whatever the emails do."""
    send = outbox_kinds.webhook_sender(message.kind)
    try:
        body = send(message, f"outbox-{message.pk}")
    except Exception as exc:
        log.warning("Alert webhook (outbox message %s) failed: %s", message.pk, exc)
        return _failed(message, exc, now)
    OutboxMessage.objects.filter(pk=message.pk).update(
        state=OutboxState.SENT,
        sent_at=timezone.now(),
        subject=f"Alert webhook: {message.alert}"[:300],
        text_body=body.decode(),
        last_error="",
    )
    return "sent"


def deliver_due(*, now: dt.datetime | None = None, limit: int = 500) -> dict[str, int]:
    """Send every queued message that is due (what a restarted worker does), and flag claims
    older than the lease for a manual check instead of resending them."""
    now = now or timezone.now()
    stale = flag_stale_claims(now)
    ids = list(
        OutboxMessage.objects.filter(state=OutboxState.QUEUED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    counts: dict[str, int] = {"needs_check": stale}
    for pk in ids:
        result = deliver(pk, now=now)
        counts[result] = counts.get(result, 0) + 1
    return counts


@transaction.atomic
def requeue(message: OutboxMessage, *, by: object) -> None:
    """A person checked a stuck or failed message and asks to send it again."""
    from rapport.audit.services import record

    updated = OutboxMessage.objects.filter(
        pk=message.pk, state__in=[OutboxState.NEEDS_CHECK, OutboxState.FAILED]
    ).update(state=OutboxState.QUEUED, next_attempt_at=None, claimed_at=None)
    if updated:
        record("feedback.outbox.requeued", by=by, obj=message)
        transaction.on_commit(lambda: send_outbox_message.enqueue(message.pk))


def outbox_backlog(now: dt.datetime) -> Backlog:
    """For /healthz: emails and webhooks due and not sent, and how long the oldest has waited
    (from when it was queued, or its next retry)."""
    from django.db.models import Min
    from django.db.models.functions import Coalesce

    due = OutboxMessage.objects.filter(state=OutboxState.QUEUED).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    found = due.aggregate(n=Count("pk"), since=Min(Coalesce("next_attempt_at", "created_at")))
    since = found["since"]
    return Backlog(count=found["n"], oldest_age=(now - since).total_seconds() if since else None)
