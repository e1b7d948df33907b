"""Opening, answering and closing pulse rounds. Every change goes through these functions.

Emails reuse the outbox: one ``OutboxMessage`` per invitation (dedupe key ``pulse:<id>``), sent
by ``tasks.deliver``, which makes the link's token at send time and keeps only its hash.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from rapport.audit.services import record
from rapport.customers.models import Customer, FeedbackCulture
from rapport.feedback.models import OutboxKind
from rapport.feedback.pulse.models import (
    EFFORT_RANGE,
    PRIORITIES_RANGE,
    PulseInvitation,
    PulseResponse,
    PulseRound,
    PulseState,
)
from rapport.feedback.services.links import hash_token
from rapport.feedback.services.mail import queue_message, recipient_problem, suppressed_emails
from rapport.feedback.services.responses import SurveyClosed
from rapport.text import COMMENT_MAX, check_text

DEFAULT_ANSWER_DAYS = 21
# The schedule opens a quarter's rounds only in its first month, so a customer added late in a
# quarter is not asked twice within a few weeks.
OPEN_WITHIN_DAYS_OF_QUARTER = 31
HELPFUL_STATUSES = ("available", "piloting")
MAX_COMMENT = COMMENT_MAX


def quarter_of(day: dt.date) -> str:
    return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"


def quarter_start(period: str) -> dt.date:
    year, q = period.split("-Q")
    return dt.date(int(year), 3 * (int(q) - 1) + 1, 1)


def quarter_months(period: str) -> list[str]:
    """The three ``YYYY-MM`` months of a quarter."""
    start = quarter_start(period)
    return [f"{start.year:04d}-{start.month + i:02d}" for i in range(3)]


def _deadline_datetime(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def pulse_recipients(customer: Customer, sender_email: str = "") -> list[tuple[Any, str]]:
    """The customer's stakeholders, each with the reason we cannot email them (or "")."""
    people = list(customer.stakeholders.order_by("name", "pk"))
    blocked = suppressed_emails([p.email for p in people])
    return [
        (p, recipient_problem(p, sender_email=sender_email, suppressed=blocked)) for p in people
    ]


@transaction.atomic
def open_pulse_round(
    customer: Customer,
    *,
    by: Any,
    period: str | None = None,
    confidentiality: str = FeedbackCulture.ANONYMOUS,
    deadline: dt.date | None = None,
    today: dt.date | None = None,
) -> PulseRound:
    """Open ``customer``'s pulse for ``period`` (this quarter by default): invite every active
    stakeholder with an address (not suppressed, not the sender) and queue one email each."""
    today = today or timezone.localdate()
    period = period or quarter_of(today)
    round_ = PulseRound.objects.select_for_update().filter(customer=customer, period=period).first()
    if round_ is not None and round_.state != PulseState.PLANNED:
        raise ValidationError(
            gettext("%(customer)s already has a pulse for %(period)s (%(state)s).")
            % {
                "customer": customer,
                "period": period,
                "state": round_.get_state_display().lower(),
            }
        )
    sender = getattr(by, "email", "") or ""
    recipients = pulse_recipients(customer, sender)
    missing = untranslated_services({p.reads_in for p, problem in recipients if not problem})
    if missing:
        # As for the shared roadmap: nobody gets a pulse showing a service in a language they
        # do not read; the PMO translates first (nothing is sent).
        raise ValidationError(
            "Translate these service outcomes before opening the pulse: "
            + "; ".join(f"{name} ({language})" for name, language in missing)
            + "."
        )
    if round_ is None:
        round_ = PulseRound(customer=customer, period=period, confidentiality=confidentiality)
        round_.full_clean()
    round_.deadline = deadline or round_.deadline or today + dt.timedelta(days=DEFAULT_ANSWER_DAYS)
    round_.state = PulseState.OPEN
    round_.opened_at = timezone.now()
    round_.save()
    invitations, skipped = [], []
    for stakeholder, problem in recipients:
        if problem:
            skipped.append(f"{stakeholder.name} {problem}")
            continue
        invitation, _ = PulseInvitation.objects.get_or_create(
            round=round_,
            stakeholder=stakeholder,
            defaults={
                "email": stakeholder.email,
                "language": stakeholder.reads_in,
                "expires_at": _deadline_datetime(round_.deadline),
            },
        )
        invitations.append(invitation)
    for invitation in invitations:
        queue_message(
            OutboxKind.PULSE,
            to_email=invitation.email,
            dedupe_key=f"pulse:{invitation.pk}",
            pulse_invitation=invitation,
        )
    record(
        "feedback.pulse.opened",
        by=by,
        obj=round_,
        changes={
            "period": period,
            "confidentiality": round_.confidentiality,
            "invited": len(invitations),
            "skipped": "; ".join(skipped),
        },
    )
    return round_


@transaction.atomic
def close_pulse_round(round_: PulseRound, *, by: Any) -> PulseRound:
    """Stop accepting answers; unsent invitation emails are cancelled by the sender."""
    updated = (
        PulseRound.objects.filter(pk=round_.pk)
        .exclude(state=PulseState.CLOSED)
        .update(state=PulseState.CLOSED, closed_at=timezone.now())
    )
    if not updated:
        raise ValidationError(gettext("This pulse is already closed."))
    round_.refresh_from_db()
    record("feedback.pulse.closed", by=by, obj=round_, changes={"period": round_.period})
    return round_


def issue_pulse_link(invitation: PulseInvitation) -> str:
    """A new token for ``invitation`` (replacing any earlier one); only its hash is stored."""
    token = secrets.token_urlsafe(32)
    PulseInvitation.objects.filter(pk=invitation.pk).update(token_hash=hash_token(token))
    return token


def revoke_pulse_link(token: str) -> None:
    PulseInvitation.objects.filter(token_hash=hash_token(token)).update(token_hash=None)


def find_pulse_invitation(token: str) -> PulseInvitation | None:
    """The invitation for ``token`` with its round and customer, in one query."""
    if not token or len(token) > 100:
        return None
    return (
        PulseInvitation.objects.select_related("round__customer")
        .filter(token_hash=hash_token(token))
        .first()
    )


def why_closed(invitation: PulseInvitation, now: dt.datetime) -> str:
    """ "closed", "expired", "used" or "" when the link may still record answers."""
    if invitation.round.state != PulseState.OPEN:
        return "closed"
    if now >= invitation.expires_at:
        return "expired"
    if invitation.used:
        return "used"
    return ""


def _number(value: Any, bounds: tuple[int, int], label: str) -> int:
    low, high = bounds
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(
            gettext("Please choose a number for “%(label)s”.") % {"label": label}, code="required"
        ) from None
    if not low <= number <= high:
        raise ValidationError(
            gettext("%(label)s: %(number)s is outside %(low)s–%(high)s.")
            % {"label": label, "number": number, "low": low, "high": high},
            code="range",
        )
    return number


def _comment(text: str) -> str:
    """As written (``rapport.text``: no control characters, at most ``MAX_COMMENT``)."""
    return check_text(text, multiline=True, limit=MAX_COMMENT) if text.strip() else ""


def clean_answers(answers: Mapping[str, Any], allowed_services: set[int]) -> dict[str, Any]:
    """Check the answers: both scores are required, services must be on offer, the comment is
    optional. Raises ValidationError with a sentence."""
    services: list[int] = []
    for raw in answers.get("services") or []:
        try:
            sid = int(raw)
        except (TypeError, ValueError):
            raise ValidationError(gettext("Unknown service."), code="service") from None
        if sid not in allowed_services:
            raise ValidationError(gettext("Unknown service."), code="service")
        if sid not in services:
            services.append(sid)
    return {
        "priorities_served": _number(
            answers.get("priorities_served"), PRIORITIES_RANGE, "priorities served"
        ),
        "effort": _number(answers.get("effort"), EFFORT_RANGE, "effort"),
        "services_helping": sorted(services),
        "comment": _comment(str(answers.get("comment") or "")),
    }


def untranslated_services(languages: set[str]) -> list[tuple[str, str]]:
    """(service name, language) for every service the pulse offers whose outcome statement has
    no translation in one of ``languages`` (docs/i18n.md, "Texts the PMO writes")."""
    from rapport.catalog.models import Service
    from rapport.catalog.services import untranslated_outcomes

    offered = Service.objects.filter(status__in=HELPFUL_STATUSES).order_by("name", "pk")
    return untranslated_outcomes(offered, languages)


def helpful_service_ids() -> set[int]:
    from rapport.catalog.models import Service

    return set(Service.objects.filter(status__in=HELPFUL_STATUSES).values_list("pk", flat=True))


def record_pulse_response(
    token: str,
    answers: Mapping[str, Any],
    *,
    now: dt.datetime | None = None,
    allowed_services: set[int] | None = None,
) -> PulseResponse:
    """Record one person's answers from their link, once.

    The invitation flips ``used`` with a conditional UPDATE (False → True) in the same
    transaction as the response is created: only one request can win, a second is refused
    (``SurveyClosed`` with code "used"). Anonymous rounds keep no link to the person.
    """
    now = now or timezone.now()
    invitation = find_pulse_invitation(token)
    if invitation is None:
        raise SurveyClosed("This link does not work.", code="invalid")
    if allowed_services is None:
        allowed_services = helpful_service_ids()
    clean = clean_answers(answers, allowed_services)
    try:
        with transaction.atomic():
            return _record(invitation, clean, now)
    except IntegrityError:
        raise SurveyClosed("These answers were already sent.", code="used") from None


def _record(invitation: PulseInvitation, clean: dict[str, Any], now: dt.datetime) -> PulseResponse:
    round_ = PulseRound.objects.get(pk=invitation.round_id)
    invitation.round = round_
    problem = why_closed(invitation, now)
    if problem:
        raise SurveyClosed("This link can no longer record answers.", code=problem)
    if not PulseInvitation.objects.filter(pk=invitation.pk, used=False).update(used=True):
        raise SurveyClosed("These answers were already sent.", code="used")
    anonymous = round_.is_anonymous
    response = PulseResponse.objects.create(
        round=round_,
        customer_id=round_.customer_id,
        confidentiality=round_.confidentiality,
        stakeholder=None if anonymous else invitation.stakeholder,
        # Anonymous: the month only, so the time of an answer cannot be matched to a person.
        submitted_on=now.date().replace(day=1) if anonymous else now.date(),
        **clean,
    )
    if not anonymous:
        record(
            "feedback.pulse.answered",
            by=invitation.stakeholder.name,
            obj=response,
            changes={"round": round_.pk},
        )
    return response


def open_quarterly_pulse_rounds(
    *, today: dt.date | None = None, by: Any = None
) -> list[PulseRound]:
    """At the start of a quarter, open a pulse for every customer that has none for it yet.
    Idempotent: a customer has at most one round per quarter (a database constraint)."""
    today = today or timezone.localdate()
    period = quarter_of(today)
    if (today - quarter_start(period)).days >= OPEN_WITHIN_DAYS_OF_QUARTER:
        return []
    have = set(PulseRound.objects.filter(period=period).values_list("customer_id", flat=True))
    opened = []
    for customer in Customer.objects.exclude(pk__in=have).order_by("name", "pk"):
        if not customer.stakeholders.filter(is_active=True).exclude(email="").exists():
            continue
        try:
            opened.append(open_pulse_round(customer, by=by, period=period, today=today))
        except ValidationError as exc:
            # Refused (a service outcome is not translated yet): the others still open, and the
            # audit log says why this one did not.
            record(
                "feedback.pulse.refused",
                by=by or "system",
                obj=customer,
                changes={"period": period, "why": " ".join(exc.messages)},
            )
    return opened


def close_due_pulse_rounds(*, today: dt.date | None = None, by: Any = None) -> int:
    """Close open rounds whose deadline has passed."""
    today = today or timezone.localdate()
    count = 0
    for round_ in PulseRound.objects.filter(state=PulseState.OPEN, deadline__lt=today):
        close_pulse_round(round_, by=by)
        count += 1
    return count
