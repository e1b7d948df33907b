"""Planning, opening, reminding, expiring and cancelling review cycles."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from rapport.audit.services import record
from rapport.customers.models import Channel, Stakeholder
from rapport.feedback.models import (
    OPEN_STATES,
    CycleState,
    Invitation,
    OutboxKind,
    ProjectQuestionSet,
    QuestionSet,
    ReviewCycle,
)
from rapport.feedback.services.mail import queue_message, recipient_problem, suppressed_emails
from rapport.feedback.states import transition
from rapport.portfolio.models import PERIOD_REGEX, Project, ProjectState

DEFAULT_ANSWER_DAYS = 14


def reminder_settings() -> tuple[int, int]:
    """(minimum days between reminders, maximum reminders per invitation)."""
    return (
        int(getattr(settings, "RAPPORT_REMINDER_MIN_DAYS", 3)),
        int(getattr(settings, "RAPPORT_REMINDER_MAX", 2)),
    )


def current_period(today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    return f"{today.year:04d}-{today.month:02d}"


def previous_period(period: str) -> str:
    year, month = (int(x) for x in period.split("-"))
    return f"{year - 1:04d}-12" if month == 1 else f"{year:04d}-{month - 1:02d}"


def default_question_set() -> QuestionSet:
    qs = QuestionSet.objects.filter(is_default=True).order_by("-version").first()
    if qs is None:
        from rapport.feedback.models import Question
        from rapport.feedback.questions import seed_default_set

        qs = seed_default_set(QuestionSet, Question)
    return qs


def question_set_for(project: Project) -> QuestionSet:
    """The project's frozen question set, pinned to today's default on first use."""
    link = ProjectQuestionSet.objects.select_related("question_set").filter(project=project).first()
    if link:
        return link.question_set
    link, _ = ProjectQuestionSet.objects.get_or_create(
        project=project, defaults={"question_set": default_question_set()}
    )
    return link.question_set


PLAN_AHEAD_MONTHS = 12
"""How far ahead a review can be planned (a month like 9999-12 is a typing slip)."""


def _months_after(period: str, months: int) -> str:
    year, month = divmod(int(period[:4]) * 12 + int(period[5:7]) - 1 + months, 12)
    return f"{year:04d}-{month + 1:02d}"


def check_plan_ahead(period: str, today: dt.date | None = None) -> None:
    """Refuse a month typed by hand more than ``PLAN_AHEAD_MONTHS`` ahead (the console's plan
    form; services and imports take any month)."""
    latest = _months_after(current_period(today), PLAN_AHEAD_MONTHS)
    if re.fullmatch(PERIOD_REGEX, period) and period > latest:
        raise ValidationError(
            gettext("A review can be planned up to a year ahead, until %(latest)s.")
            % {"latest": latest}
        )


@transaction.atomic
def plan_cycle(
    project: Project,
    period: str,
    *,
    by: Any,
    mode: str | None = None,
    confidentiality: str | None = None,
    deadline: dt.date | None = None,
) -> ReviewCycle:
    """Plan ``project``'s review for ``period`` in the customer's preferred mode."""
    if project.state != ProjectState.ACTIVE:
        raise ValidationError(
            gettext("%(project)s is %(state)s: no reviews.")
            % {"project": project, "state": project.get_state_display().lower()}
        )
    if ReviewCycle.objects.filter(project=project, period=period).exists():
        raise ValidationError(
            gettext("%(project)s already has a review for %(period)s.")
            % {"project": project, "period": period}
        )
    customer = project.customer
    cycle = ReviewCycle(
        project=project,
        period=period,
        mode=mode or customer.preferred_channel,
        confidentiality=confidentiality or customer.feedback_culture,
        question_set=question_set_for(project),
        deadline=deadline,
    )
    cycle.full_clean()
    cycle.save()
    record(
        "feedback.cycle.planned",
        by=by,
        obj=cycle,
        changes={"period": period, "mode": cycle.mode, "confidentiality": cycle.confidentiality},
    )
    return cycle


def recipients(cycle: ReviewCycle, sender_email: str = "") -> list[tuple[Stakeholder, str]]:
    """Everyone who gives feedback on the project, each with the reason we cannot email them
    (or "")."""
    people = [
        m.stakeholder
        for m in cycle.project.memberships.select_related("stakeholder__customer").filter(
            gives_feedback=True
        )
    ]
    blocked = suppressed_emails([p.email for p in people])
    return [
        (p, recipient_problem(p, sender_email=sender_email, suppressed=blocked)) for p in people
    ]


def _deadline_datetime(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


@transaction.atomic
def open_cycle(cycle: ReviewCycle, *, by: Any, days: int = DEFAULT_ANSWER_DAYS) -> list[Invitation]:
    """Invite the project's feedback-givers: survey links in email mode, the meeting invitation
    with its calendar file otherwise. Emails go out after the commit, from the worker."""
    if cycle.deadline is None:
        cycle.deadline = timezone.localdate() + dt.timedelta(days=days)
        cycle.save(update_fields=["deadline"])
    sender = getattr(by, "email", "") or ""
    invitations = []
    skipped = []
    for stakeholder, problem in recipients(cycle, sender):
        if problem:
            skipped.append(f"{stakeholder.name} {problem}")
            continue
        invitation, _ = Invitation.objects.get_or_create(
            cycle=cycle,
            stakeholder=stakeholder,
            defaults={
                "email": stakeholder.email,
                "language": stakeholder.reads_in,
                "expires_at": _deadline_datetime(cycle.deadline),
            },
        )
        invitations.append(invitation)
    transition(cycle, CycleState.INVITED, by, note="; ".join(skipped))
    for invitation in invitations:
        queue_message(
            OutboxKind.INVITATION,
            to_email=invitation.email,
            dedupe_key=f"invitation:{invitation.pk}",
            invitation=invitation,
            cycle=cycle,
        )
    return invitations


def send_reminders(*, now: dt.datetime | None = None) -> int:
    """Queue reminders for email cycles still waiting: never after a response, never after the
    deadline, at least ``RAPPORT_REMINDER_MIN_DAYS`` apart, at most ``RAPPORT_REMINDER_MAX``."""
    now = now or timezone.now()
    min_days, max_count = reminder_settings()
    due = (
        Invitation.objects.filter(
            cycle__state__in=[CycleState.INVITED, CycleState.RESPONDED],
            cycle__mode=Channel.EMAIL,
            used=False,
            sent_at__isnull=False,
            sent_at__lte=now - dt.timedelta(days=min_days),
            expires_at__gt=now,
            reminders_sent__lt=max_count,
        )
        .exclude(last_reminder_at__gt=now - dt.timedelta(days=min_days))
        .select_related("cycle")
    )
    queued = 0
    for invitation in due:
        with transaction.atomic():
            if queue_message(
                OutboxKind.REMINDER,
                to_email=invitation.email,
                dedupe_key=f"reminder:{invitation.pk}:{invitation.reminders_sent + 1}",
                invitation=invitation,
                cycle=invitation.cycle,
            ):
                # Counted when queued, so spacing and the maximum hold even before it is sent.
                Invitation.objects.filter(pk=invitation.pk).update(
                    reminders_sent=F("reminders_sent") + 1, last_reminder_at=now
                )
                queued += 1
    return queued


def expire_due_cycles(*, today: dt.date | None = None, by: Any = None) -> list[ReviewCycle]:
    """Invited cycles past their deadline with no answer expire. An email cycle gets one retry
    (a week more); two expired months in a row mark the relationship as disengaged."""
    today = today or timezone.localdate()
    expired = []
    for cycle in ReviewCycle.objects.filter(state=CycleState.INVITED, deadline__lt=today):
        with transaction.atomic():
            transition(cycle, CycleState.EXPIRED, by, note="deadline passed with no answer")
            if cycle.mode == Channel.EMAIL and not cycle.email_retried:
                retry_cycle(cycle, by=by, today=today)
                continue
            previous = ReviewCycle.objects.filter(
                project_id=cycle.project_id, period=previous_period(cycle.period)
            ).first()
            if previous is not None and previous.state == CycleState.EXPIRED:
                cycle.disengaged = True
                cycle.save(update_fields=["disengaged"])
                record("feedback.cycle.disengaged", by=by, obj=cycle, changes={"expired": 2})
            expired.append(cycle)
    return expired


@transaction.atomic
def retry_cycle(cycle: ReviewCycle, *, by: Any, today: dt.date | None = None, days: int = 7) -> int:
    """The one email retry after an expiry: re-invite whoever has not answered."""
    if cycle.email_retried:
        raise ValidationError(gettext("This review was already retried once."))
    today = today or timezone.localdate()
    cycle.email_retried = True
    cycle.deadline = today + dt.timedelta(days=days)
    cycle.save(update_fields=["email_retried", "deadline"])
    transition(cycle, CycleState.INVITED, by, note="one retry after expiry")
    count = 0
    for invitation in cycle.invitations.filter(used=False):
        invitation.expires_at = _deadline_datetime(cycle.deadline)
        invitation.save(update_fields=["expires_at"])
        if queue_message(
            OutboxKind.RETRY,
            to_email=invitation.email,
            dedupe_key=f"retry:{invitation.pk}",
            invitation=invitation,
            cycle=cycle,
        ):
            count += 1
    return count


def cancel_cycles_of_inactive_projects(*, by: Any = None) -> int:
    """Any open cycle of a paused or closed project is cancelled."""
    count = 0
    cycles = ReviewCycle.objects.filter(state__in=[*OPEN_STATES, CycleState.EXPIRED]).exclude(
        project__state=ProjectState.ACTIVE
    )
    for cycle in cycles.select_related("project"):
        transition(
            cycle,
            CycleState.CANCELLED,
            by,
            note=f"project {cycle.project.get_state_display().lower()}",
        )
        count += 1
    return count


@transaction.atomic
def _open_for_month(project: Project, period: str, *, by: Any) -> ReviewCycle:
    cycle = plan_cycle(project, period, by=by)
    open_cycle(cycle, by=by)
    return cycle


def open_monthly_cycles(
    *,
    period: str | None = None,
    by: Any = None,
    today: dt.date | None = None,
    skipped: list[Project] | None = None,
) -> list[ReviewCycle]:
    """Plan and open this month's review for every active project that has none yet.

    Safe to run twice at once (two schedulers): a project whose review another run opened
    meanwhile is skipped, and added to ``skipped`` when given, never reported as a failure.
    """
    period = period or current_period(today)
    have = set(ReviewCycle.objects.filter(period=period).values_list("project_id", flat=True))
    opened = []
    projects = Project.objects.filter(state=ProjectState.ACTIVE).select_related("customer")
    for project in projects.exclude(pk__in=have).order_by("name", "pk"):
        try:
            cycle = _open_for_month(project, period, by=by)
        except (ValidationError, IntegrityError):
            # plan_cycle's check, or the unique (project, period) when both runs passed it.
            if not ReviewCycle.objects.filter(project=project, period=period).exists():
                raise
            if skipped is not None:
                skipped.append(project)
            continue
        opened.append(cycle)
    return opened
