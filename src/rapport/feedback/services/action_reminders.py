"""Once a week, each owner of corrective actions hears what is due: the actions they own that are
overdue or due within a week, in one email in their console language, with a link to the
actions list. The promise made to the customer is kept by someone who may not log in every day.

The schedule's "remind-action-owners" job queues one email per owner and ISO week (the outbox's
``dedupe_key``), so running the schedule twice, or every day, sends one. The email is written
when it is sent, from the actions as they are then: an action finished meanwhile drops out, and
an email left with none is not sent. Off for everyone with ``RAPPORT_ACTION_REMINDERS=false``,
for one person on their profile page (``User.email_actions_due``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext, override

from rapport.accounts.models import User
from rapport.accounts.permissions import Capability, can_read_issue_text, has_capability
from rapport.feedback.models import (
    ACTION_LEVEL,
    OPEN_ACTION_STATES,
    Action,
    OutboxKind,
    OutboxMessage,
)
from rapport.feedback.services.mail import queue_message

AHEAD = dt.timedelta(days=7)  # "due soon": within a week


def due_for(owner: Any, today: dt.date) -> list[Action]:
    """The actions ``owner`` has still to do that are overdue or due within a week, the
    soonest due first (of any project: they own them)."""
    return list(
        Action.objects.filter(owner=owner, status__in=OPEN_ACTION_STATES, due__lte=today + AHEAD)
        .select_related("project", "cycle")
        .annotate(words_level=ACTION_LEVEL)
        .order_by("due", "project__name", "pk")
    )


def _week(today: dt.date) -> str:
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


def queue_action_reminders(today: dt.date | None = None) -> int:
    """One email per active owner with something due, once per ISO week; how many were queued."""
    if not settings.RAPPORT_ACTION_REMINDERS:
        return 0
    today = today or timezone.localdate()
    owners = (
        User.objects.filter(
            is_active=True,
            email_actions_due=True,  # not turned off on their profile
            pk__in=Action.objects.filter(
                status__in=OPEN_ACTION_STATES, due__lte=today + AHEAD
            ).values("owner"),
        )
        .exclude(email="")
        .order_by("pk")
    )
    queued = 0
    for owner in owners:
        message = queue_message(
            OutboxKind.ACTION_REMINDER,
            to_email=owner.email,
            dedupe_key=f"actions-due:{owner.pk}:{_week(today)}",
        )
        queued += message is not None
    return queued


def _owner(message: OutboxMessage) -> User | None:
    return User.objects.filter(email__iexact=message.to_email, is_active=True).first()


def cancel_reason(message: OutboxMessage) -> str:
    """Asked right before sending: nothing is due any more, or the owner has left."""
    owner = _owner(message)
    if owner is None:
        return "The owner no longer has access to Rapport"
    if not owner.email_actions_due:
        return "The owner turned these emails off"
    if not due_for(owner, timezone.localdate()):
        return "Nothing is due any more"
    return ""


def render_action_reminder(message: OutboxMessage) -> tuple[str, str, str]:
    """Subject, text and HTML, in the owner's console language. An action's words appear only
    where its owner may read them (``can_read_issue_text``, as on the actions list)."""
    owner = _owner(message)
    today = timezone.localdate()
    actions = due_for(owner, today) if owner is not None else []
    with override(owner.language if owner is not None else settings.LANGUAGE_CODE):
        rows = [
            {
                "due": a.due.isoformat(),
                "late": a.days_late(today),
                "project": a.project.name,
                "period": a.cycle.period,
                "title": a.title
                if owner is not None and can_read_issue_text(owner, a.project, a.words_level)  # type: ignore[attr-defined]
                else gettext("(words said in confidence)"),
                "url": settings.SITE_URL + reverse("feedback:cycle", args=[a.cycle_id]),
            }
            for a in actions
        ]
        late = sum(1 for r in rows if r["late"])
        values = {"n": len(rows), "late": late}
        if late:
            subject = (
                ngettext(
                    "[Rapport] %(n)s corrective action to do, %(late)s overdue",
                    "[Rapport] %(n)s corrective actions to do, %(late)s overdue",
                    len(rows),
                )
                % values
            )
        else:
            subject = (
                ngettext(
                    "[Rapport] %(n)s corrective action due this week",
                    "[Rapport] %(n)s corrective actions due this week",
                    len(rows),
                )
                % values
            )
        context = {
            "name": owner.full_name if owner is not None else "",
            "rows": rows,
            # The actions list is for those who run reviews; anyone else (a sponsor given an
            # action) follows each action's own link to its review.
            "url": settings.SITE_URL + reverse("feedback:actions") + "?mine=on"
            if owner is not None and has_capability(owner, Capability.RUN_REVIEWS)
            else "",
            "profile_url": settings.SITE_URL + reverse("accounts:profile"),
        }
        return (
            subject,
            render_to_string("feedback/email/action_reminder.txt", context),
            render_to_string("feedback/email/action_reminder.html", context),
        )
