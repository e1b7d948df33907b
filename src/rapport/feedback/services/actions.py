"""Issues the customer raised, the actions agreed on them, and telling the customer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from rapport.audit.services import create_audited, record, update_audited
from rapport.feedback.models import (
    OPEN_ACTION_STATES,
    Action,
    ActionStatus,
    CycleState,
    Issue,
    OutboxKind,
    Response,
    ReviewCycle,
)
from rapport.feedback.services.mail import queue_message, recipient_problem, suppressed_emails
from rapport.feedback.states import request_health_recompute, transition

EDITABLE = (
    CycleState.RESPONDED,
    CycleState.DISCUSSED,
    CycleState.ACTIONS_AGREED,
    CycleState.INVITED,
)


def _check_open(cycle: ReviewCycle) -> None:
    if cycle.state in (CycleState.CLOSED, CycleState.CANCELLED):
        raise ValidationError(f"This review is {cycle.get_state_display().lower()}.")


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
        raise ValidationError("Write the issue as the customer said it.")
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
        raise ValidationError("That issue belongs to another project.")
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
        raise ValidationError(f"“{status}” is not an action status.")
    fields: dict[str, Any] = {"status": status}
    fields["done_on"] = timezone.localdate() if status == ActionStatus.DONE else None
    update_audited(
        action, "feedback.action.updated", by=by, allowed=("status", "done_on"), **fields
    )
    if action.issue_id and status == ActionStatus.DONE:
        update_audited(
            action.issue, "feedback.issue.updated", by=by, allowed=("status",), status="addressed"
        )
    # Action hygiene is part of health: a finished or reopened action changes it.
    transaction.on_commit(request_health_recompute)
    return action


def carried_over(cycle: ReviewCycle) -> list[Action]:
    """Open actions from the project's earlier cycles: they head the next agenda."""
    return list(
        Action.objects.filter(
            project_id=cycle.project_id,
            status__in=OPEN_ACTION_STATES,
            cycle__period__lt=cycle.period,
        )
        .select_related("owner", "issue", "cycle")
        .order_by("due", "pk")
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
        ):
            queued += 1
    now = timezone.now()
    cycle.summary_sent_at = now
    cycle.save(update_fields=["summary_sent_at"])
    told = Action.objects.filter(project_id=cycle.project_id, customer_told_at__isnull=True).filter(
        cycle__period__lte=cycle.period
    )
    told.update(customer_told_at=now)
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
