"""Issues the customer raised, the actions agreed on them, and telling the customer."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from rapport.audit.services import create_audited, record, update_audited
from rapport.customers.models import Stakeholder
from rapport.feedback.models import (
    OPEN_ACTION_STATES,
    Action,
    ActionStatus,
    CycleState,
    Issue,
    OutboxKind,
    OutboxMessage,
    OutboxState,
    Response,
    ReviewCycle,
)
from rapport.feedback.services.mail import queue_message, recipient_problem, suppressed_emails
from rapport.feedback.states import request_health_recompute, transition
from rapport.portfolio.models import ProjectStakeholder

# One "action done" email per person and day: actions finished within this time of each other
# go in the same email.
ACTION_DONE_BATCH = dt.timedelta(minutes=10)

EDITABLE = (
    CycleState.RESPONDED,
    CycleState.DISCUSSED,
    CycleState.ACTIONS_AGREED,
    CycleState.INVITED,
)


def _check_open(cycle: ReviewCycle) -> None:
    if cycle.state in (CycleState.CLOSED, CycleState.CANCELLED):
        raise ValidationError(
            gettext("This review is %(state)s.") % {"state": cycle.get_state_display().lower()}
        )


@transaction.atomic
def raise_issue(
    cycle: ReviewCycle,
    *,
    by: Any,
    text: str,
    priority: str = "medium",
    response: Response | None = None,
) -> Issue:
    """An issue in the customer's own words, with the priority the customer gave it."""
    _check_open(cycle)
    if not text.strip():
        raise ValidationError(gettext("Write the issue as the customer said it."))
    return create_audited(
        Issue,
        "feedback.issue.raised",
        by=by,
        project=cycle.project,
        cycle=cycle,
        response=response,
        text=text.strip(),
        priority=priority,
    )


@transaction.atomic
def add_action(
    cycle: ReviewCycle,
    *,
    by: Any,
    title: str,
    due: dt.date,
    owner: Any = None,
    issue: Issue | None = None,
) -> Action:
    _check_open(cycle)
    if issue is not None and issue.cycle.project_id != cycle.project_id:
        raise ValidationError(gettext("That issue belongs to another project."))
    return create_audited(
        Action,
        "feedback.action.added",
        by=by,
        project=cycle.project,
        cycle=cycle,
        issue=issue,
        title=title.strip(),
        due=due,
        owner=owner,
    )


@transaction.atomic
def set_action_status(action: Action, *, by: Any, status: str) -> Action:
    if status not in ActionStatus.values:
        raise ValidationError(gettext("“%(status)s” is not an action status.") % {"status": status})
    fields: dict[str, Any] = {"status": status}
    fields["done_on"] = timezone.localdate() if status == ActionStatus.DONE else None
    update_audited(
        action, "feedback.action.updated", by=by, allowed=("status", "done_on"), **fields
    )
    if status == ActionStatus.DONE and action.issue is not None:
        update_audited(
            action.issue, "feedback.issue.updated", by=by, allowed=("status",), status="addressed"
        )
        tell_customer_done([action.project_id])
    # Action hygiene is part of health: a finished or reopened action changes it.
    transaction.on_commit(partial(request_health_recompute, action.project_id))
    return action


def _batch_delay() -> dt.timedelta | None:
    """How long an "action done" email waits for other actions finished soon after, so the
    customer gets one email, not one per action. Only a worker that can defer tasks waits; run
    inline (no worker), the email goes at once."""
    from django_tasks import default_task_backend

    return ACTION_DONE_BATCH if getattr(default_task_backend, "supports_defer", False) else None


def tell_customer_done(
    project_ids: list[int] | None = None, *, now: dt.datetime | None = None
) -> int:
    """Tell the customer when an action on an issue they raised is done, with a "did this fix
    it?" link per action: one email per feedback-giver, project and day.

    Only actions whose review has closed: an action done before its review closes is in that
    review's summary. Every feedback-giver of the project gets the same list, as with the
    summary, so confidential and anonymous reviews never show who raised the issue. An action
    finished after today's email went out waits for tomorrow's run (the schedule's
    "tell-customers" job). Returns how many emails were queued or extended."""
    now = now or timezone.now()
    pending = Action.objects.filter(
        status=ActionStatus.DONE,
        issue__isnull=False,
        customer_told_done_at__isnull=True,
        cycle__state__in=(CycleState.CLOSED, CycleState.CANCELLED),
    ).select_related("cycle", "project")
    if project_ids is not None:
        pending = pending.filter(project_id__in=project_ids)
    by_project: dict[int, list[Action]] = {}
    for action in pending.order_by("project_id", "pk"):
        by_project.setdefault(action.project_id, []).append(action)
    if not by_project:
        return 0
    memberships = (
        ProjectStakeholder.objects.filter(project_id__in=by_project, gives_feedback=True)
        .select_related("stakeholder")
        .order_by("project_id", "stakeholder_id")
    )
    people: dict[int, list[Stakeholder]] = {}
    for m in memberships:
        people.setdefault(m.project_id, []).append(m.stakeholder)
    blocked = suppressed_emails([p.email for group in people.values() for p in group])
    delay = _batch_delay()
    today = timezone.localdate(now)
    count = 0
    for project_id, actions in by_project.items():
        cycle = max((a.cycle for a in actions), key=lambda c: c.period)
        told = False
        for person in people.get(project_id, []):
            if recipient_problem(person, sender_email="", suppressed=blocked):
                continue
            key = f"action_done:{project_id}:{person.pk}:{today.isoformat()}"
            message = queue_message(
                OutboxKind.ACTION_DONE,
                to_email=person.email,
                dedupe_key=key,
                cycle=cycle,
                stakeholder=person,
                send_after=now + delay if delay else None,
            )
            if message is None:
                # Today's email to this person: add the actions while it still waits.
                message = (
                    OutboxMessage.objects.select_for_update()
                    .filter(dedupe_key=key, state=OutboxState.QUEUED, claimed_at__isnull=True)
                    .first()
                )
                if message is None:
                    continue
            message.actions.add(*actions)
            told = True
            count += 1
        if told:
            Action.objects.filter(pk__in=[a.pk for a in actions]).update(customer_told_done_at=now)
            record(
                "feedback.action.customer_told_done",
                by="system",
                obj=cycle,
                changes={"actions": [a.pk for a in actions]},
            )
    return count


def carried_over(cycle: ReviewCycle) -> list[Action]:
    """Open actions from the project's earlier cycles: they head the next agenda."""
    return list(
        Action.objects.filter(
            project_id=cycle.project_id,
            status__in=OPEN_ACTION_STATES,
            cycle__period__lt=cycle.period,
        )
        .select_related("owner", "cycle", "issue__cycle", "issue__response")
        .order_by("due", "pk")
    )


def done_since_last_review(cycle: ReviewCycle) -> list[Action]:
    """Actions from the project's earlier cycles finished since its last review closed (or,
    with no closed review yet, since the start of last month): the agenda says whether the
    customer confirmed each one fixed their issue."""
    previous = (
        ReviewCycle.objects.filter(
            project_id=cycle.project_id,
            period__lt=cycle.period,
            state=CycleState.CLOSED,
            closed_at__isnull=False,
        )
        .order_by("-period")
        .values_list("closed_at", flat=True)
        .first()
    )
    if previous is not None:
        since = timezone.localdate(previous)
    else:
        year, month = (int(part) for part in cycle.period.split("-"))
        since = dt.date(year - (month == 1), 12 if month == 1 else month - 1, 1)
    return list(
        Action.objects.filter(
            project_id=cycle.project_id,
            status=ActionStatus.DONE,
            cycle__period__lt=cycle.period,
            done_on__gte=since,
        )
        .select_related("owner", "issue", "cycle")
        .order_by("done_on", "pk")
    )


@transaction.atomic
def agree_actions(cycle: ReviewCycle, *, by: Any) -> ReviewCycle:
    """The customer and the team agreed what to do (the cycle must have been discussed)."""
    return transition(cycle, CycleState.ACTIONS_AGREED, by)


@transaction.atomic
def close_cycle(cycle: ReviewCycle, *, by: Any) -> int:
    """Close the review and send the customer the summary: what you told us, what we are
    doing, by when. Returns how many summaries were queued."""
    transition(cycle, CycleState.CLOSED, by)
    people = [
        m.stakeholder
        for m in cycle.project.memberships.select_related("stakeholder").filter(gives_feedback=True)
    ]
    blocked = suppressed_emails([p.email for p in people])
    sender = getattr(by, "email", "") or ""
    queued = 0
    invitations = {i.stakeholder_id: i for i in cycle.invitations.all()}
    for person in people:
        if recipient_problem(person, sender_email=sender, suppressed=blocked):
            continue
        if queue_message(
            OutboxKind.SUMMARY,
            to_email=person.email,
            dedupe_key=f"summary:{cycle.pk}:{person.pk}",
            invitation=invitations.get(person.pk),
            cycle=cycle,
            stakeholder=person,
        ):
            queued += 1
    now = timezone.now()
    cycle.summary_sent_at = now
    cycle.save(update_fields=["summary_sent_at"])
    told = Action.objects.filter(project_id=cycle.project_id, customer_told_at__isnull=True).filter(
        cycle__period__lte=cycle.period
    )
    told.update(customer_told_at=now)
    # Done actions were in this summary with their "did this fix it?" link.
    Action.objects.filter(
        project_id=cycle.project_id,
        status=ActionStatus.DONE,
        customer_told_done_at__isnull=True,
        cycle__period__lte=cycle.period,
    ).update(customer_told_done_at=now)
    record("feedback.cycle.summary_queued", by=by, obj=cycle, changes={"recipients": queued})
    return queued


def confirm_token(action: Action) -> str:
    from rapport.feedback.emails import CONFIRM_SALT

    return signing.dumps(action.pk, salt=CONFIRM_SALT)


def action_from_confirm_token(token: str, *, max_age_days: int = 90) -> Action | None:
    """The action a signed confirmation link names, or None if it was changed or is too old."""
    from rapport.feedback.emails import CONFIRM_SALT

    try:
        pk = signing.loads(token, salt=CONFIRM_SALT, max_age=dt.timedelta(days=max_age_days))
    except signing.BadSignature:
        return None
    return Action.objects.select_related("project", "project__customer").filter(pk=pk).first()


@transaction.atomic
def confirm_action_fixed(action: Action) -> bool:
    """The customer says the action fixed their issue (from their signed link)."""
    if action.customer_confirmed_at is not None:
        return False
    action.customer_confirmed_at = timezone.now()
    action.save(update_fields=["customer_confirmed_at"])
    if action.issue_id:
        Issue.objects.filter(pk=action.issue_id).update(status="resolved")
    record("feedback.action.confirmed_by_customer", by="customer", obj=action)
    return True
