"""Review cycles and corrective actions in the JSON API.

Cycles are read-only headlines (no individual answers). Actions are listed for every project
the reader sees, their words under the same rule as on the review page and in the exports (a
sponsor reads the words of open reviews only), and whoever runs the project's reviews changes
their status, as on the review page: a ticketing tool can keep them in step, and "done" tells
the customer as the console does.
"""

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import field_validator

from rapport.accounts.models import User
from rapport.accounts.permissions import (
    can_read_issue_text,
    can_run_reviews,
    issue_text_check,
    visible_projects,
)
from rapport.api.filters import choice_problem, month, one_of
from rapport.api.pagination import Mapped, Pages
from rapport.api.schemas import Id, Input, Line, Text
from rapport.console.shortcuts import get_visible
from rapport.feedback import services
from rapport.feedback.models import (
    ACTION_LEVEL,
    ISSUE_LEVEL,
    OPEN_ACTION_STATES,
    Action,
    ActionStatus,
    CycleState,
    Issue,
    IssuePriority,
    IssueStatus,
    ReviewCycle,
)
from rapport.portfolio.models import PERIOD_REGEX
from rapport.text import control_character_problem

router = Router()


class CycleOut(Schema):
    id: int
    project_id: int
    project_name: str
    period: str
    mode: str
    state: str
    confidentiality: str
    deadline: dt.date | None
    disengaged: bool
    invited: int
    answered: int

    @staticmethod
    def resolve_project_name(obj: ReviewCycle) -> str:
        return obj.project.name


@router.get("/cycles", response=list[CycleOut], summary="List review cycles")
@paginate(Pages, page_size=50)
def list_cycles(
    request: HttpRequest, project_id: Id | None = None, period: Line = "", state: Line = ""
) -> QuerySet[ReviewCycle]:
    """Cycles of the projects you may see, by project name and period (never by manager)."""
    cycles = (
        ReviewCycle.objects.filter(project__in=visible_projects(request.user))
        .select_related("project")
        .annotate(
            invited=Count("invitations", distinct=True),
            answered=Count("invitations", filter=Q(invitations__used=True), distinct=True),
        )
        .order_by("project__name", "-period", "pk")
    )
    if project_id:
        cycles = cycles.filter(project_id=project_id)
    if month("period", period, PERIOD_REGEX):
        cycles = cycles.filter(period=period)
    if one_of("state", state, CycleState):
        cycles = cycles.filter(state=state)
    return cycles


# --- Corrective actions -----------------------------------------------------------------------


class ActionOut(Schema):
    id: int
    project_id: int
    project_name: str
    cycle_id: int
    period: str
    issue_id: int | None
    # The words' level: the review's, or a stricter one of the answer behind the issue.
    confidentiality: str
    title: str | None  # null when the reader sees only that there is an action
    owner_id: int | None
    owner_name: str
    due: dt.date
    status: str
    overdue: bool
    done_on: dt.date | None
    customer_told_at: dt.datetime | None
    customer_told_done_at: dt.datetime | None
    customer_confirmed_at: dt.datetime | None


class ActionStatusIn(Input):
    status: Line


def _action_out(action: Action, *, readable: bool, today: dt.date) -> dict[str, Any]:
    return {
        "id": action.pk,
        "project_id": action.project_id,
        "project_name": action.project.name,
        "cycle_id": action.cycle_id,
        "period": action.cycle.period,
        "issue_id": action.issue_id,
        "confidentiality": action.words_level,  # type: ignore[attr-defined]
        "title": action.title if readable else None,
        "owner_id": action.owner_id,
        "owner_name": action.owner.full_name if action.owner else "",
        "due": action.due,
        "status": action.status,
        "overdue": action.days_late(today) > 0,
        "done_on": action.done_on,
        "customer_told_at": action.customer_told_at,
        "customer_told_done_at": action.customer_told_done_at,
        "customer_confirmed_at": action.customer_confirmed_at,
    }


def _actions_page(user: Any) -> Callable[[list[Action]], list[dict[str, Any]]]:
    """A page of actions as dicts, their words hidden where the reader may not read them
    (``can_read_issue_text`` as a set: protected words need the project's feedback detail)."""

    def rows(page: list[Action]) -> list[dict[str, Any]]:
        readable = issue_text_check(user, (a.project_id for a in page))
        today = timezone.localdate()
        return [
            _action_out(a, readable=readable(a.project_id, a.words_level), today=today)  # type: ignore[attr-defined]
            for a in page
        ]

    return rows


def _actions() -> QuerySet[Action]:
    return Action.objects.select_related("project", "cycle", "owner").annotate(
        words_level=ACTION_LEVEL
    )


def _action_as_written(request: HttpRequest, action_id: int) -> dict[str, Any]:
    """An action just written, as the writer may read it (they run the project's reviews)."""
    action = _actions().get(pk=action_id)
    readable = can_read_issue_text(request.user, action.project, action.words_level)  # type: ignore[attr-defined]
    return _action_out(action, readable=readable, today=timezone.localdate())


@router.get("/actions", response=list[ActionOut], summary="List corrective actions")
@paginate(Pages, page_size=50)
def list_actions(
    request: HttpRequest,
    project_id: Id | None = None,
    cycle_id: Id | None = None,
    status: Line = "",
    open: bool | None = None,
) -> Mapped:
    """Actions of the projects you may see, by project name, review month and age. ``open``:
    only those still open or in progress (``true``), or only the finished ones (``false``)."""
    actions = (
        _actions()
        .filter(project__in=visible_projects(request.user))
        .order_by("project__name", "project_id", "cycle__period", "pk")
    )
    if project_id:
        actions = actions.filter(project_id=project_id)
    if cycle_id:
        actions = actions.filter(cycle_id=cycle_id)
    if one_of("status", status, ActionStatus):
        actions = actions.filter(status=status)
    if open is not None:
        actions = (
            actions.filter(status__in=OPEN_ACTION_STATES)
            if open
            else actions.exclude(status__in=OPEN_ACTION_STATES)
        )
    return Mapped(actions, _actions_page(request.user))


@router.post(
    "/actions/{int:action_id}/status", response=ActionOut, summary="Change an action's status"
)
def set_action_status(
    request: HttpRequest, action_id: Id, payload: ActionStatusIn
) -> dict[str, Any]:
    """open, in_progress, done or dropped. Done marks its issue addressed and tells the customer
    (in one email with other actions finished soon after), as on the review page."""
    action = get_object_or_404(Action.objects.select_related("project", "cycle"), pk=action_id)
    get_visible(visible_projects(request.user), action.project_id, "project")
    if not can_run_reviews(request.user, action.project):
        raise PermissionDenied("You may not change this action.")
    problem = choice_problem(payload.status, ActionStatus.values)
    if problem:
        raise ValidationError({"status": problem})
    services.set_action_status(action, by=request.user, status=payload.status)
    return _action_as_written(request, action.pk)


# --- Issues, and adding issues and actions to a review ------------------------------------------


class IssueOut(Schema):
    id: int
    project_id: int
    project_name: str
    cycle_id: int
    period: str
    # The words' level: the review's, or a stricter one of the answer it was raised from.
    confidentiality: str
    text: str | None  # null when the reader sees only that there is an issue
    priority: str
    status: str
    raised_on: dt.date


class IssueIn(Input):
    text: Text
    priority: Line = IssuePriority.MEDIUM.value


class ActionIn(Input):
    title: Annotated[str, Field(max_length=300)]
    due: dt.date
    owner_id: Id | None = None
    issue_id: Id | None = None

    @field_validator("title")
    @classmethod
    def _one_line(cls, value: str) -> str:
        problem = control_character_problem(value, multiline=False)
        if problem:
            raise ValueError(problem)
        return value


def _issue_out(issue: Issue, *, readable: bool) -> dict[str, Any]:
    return {
        "id": issue.pk,
        "project_id": issue.project_id,
        "project_name": issue.project.name,
        "cycle_id": issue.cycle_id,
        "period": issue.cycle.period,
        "confidentiality": issue.words_level,  # type: ignore[attr-defined]
        "text": issue.text if readable else None,
        "priority": issue.priority,
        "status": issue.status,
        "raised_on": issue.raised_on,
    }


def _issues() -> QuerySet[Issue]:
    return Issue.objects.select_related("project", "cycle").annotate(words_level=ISSUE_LEVEL)


@router.get("/issues", response=list[IssueOut], summary="List issues raised in reviews")
@paginate(Pages, page_size=50)
def list_issues(
    request: HttpRequest,
    project_id: Id | None = None,
    cycle_id: Id | None = None,
    status: Line = "",
) -> Mapped:
    """Issues of the projects you may see, in the customer's words where you may read them (a
    sponsor reads the words of open reviews only), by project name, month and order raised."""
    issues = _issues().filter(project__in=visible_projects(request.user))
    if project_id:
        issues = issues.filter(project_id=project_id)
    if cycle_id:
        issues = issues.filter(cycle_id=cycle_id)
    if one_of("status", status, IssueStatus):
        issues = issues.filter(status=status)
    user = request.user

    def rows(page: list[Issue]) -> list[dict[str, Any]]:
        readable = issue_text_check(user, (i.project_id for i in page))
        return [_issue_out(i, readable=readable(i.project_id, i.words_level)) for i in page]  # type: ignore[attr-defined]

    return Mapped(issues.order_by("project__name", "project_id", "cycle__period", "pk"), rows)


def _review_run_by(request: HttpRequest, cycle_id: Id) -> ReviewCycle:
    """The review, if the reader may see it (else 403 or 404) and runs its project's reviews."""
    cycle = get_object_or_404(ReviewCycle.objects.select_related("project"), pk=cycle_id)
    get_visible(visible_projects(request.user), cycle.project_id, "project")
    if not can_run_reviews(request.user, cycle.project):
        raise PermissionDenied("You may not run reviews on this project.")
    return cycle


@router.post(
    "/cycles/{int:cycle_id}/issues", response={201: IssueOut}, summary="Raise an issue in a review"
)
def raise_issue(request: HttpRequest, cycle_id: Id, payload: IssueIn) -> Status:
    """In the customer's own words, with the priority they gave it (high, medium or low); the
    review must still be open."""
    cycle = _review_run_by(request, cycle_id)
    problem = choice_problem(payload.priority, IssuePriority.values)
    if problem:
        raise ValidationError({"priority": problem})
    issue = services.raise_issue(
        cycle, by=request.user, text=payload.text, priority=payload.priority
    )
    fresh = _issues().get(pk=issue.pk)
    readable = can_read_issue_text(request.user, cycle.project, fresh.words_level)  # type: ignore[attr-defined]
    return Status(201, _issue_out(fresh, readable=readable))


@router.post(
    "/cycles/{int:cycle_id}/actions",
    response={201: ActionOut},
    summary="Agree a corrective action in a review",
)
def add_action(request: HttpRequest, cycle_id: Id, payload: ActionIn) -> Status:
    """What will be done, by when, by whom (an active console user), for which issue of the
    project; the review must still be open."""
    cycle = _review_run_by(request, cycle_id)
    owner = None
    if payload.owner_id is not None:
        owner = User.objects.filter(pk=payload.owner_id, is_active=True).first()
        if owner is None:
            raise ValidationError({"owner_id": f"No active person has the id {payload.owner_id}."})
    issue = None
    if payload.issue_id is not None:
        issue = Issue.objects.filter(pk=payload.issue_id, project_id=cycle.project_id).first()
        if issue is None:
            raise ValidationError(
                {"issue_id": f"This project has no issue with the id {payload.issue_id}."}
            )
    action = services.add_action(
        cycle, by=request.user, title=payload.title, due=payload.due, owner=owner, issue=issue
    )
    return Status(201, _action_as_written(request, action.pk))
