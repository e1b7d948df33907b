"""Every change to projects and their feedback-givers goes through these functions."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from rapport.accounts.owners import PROJECT_MANAGER_ROLES, SPONSOR_ROLES, check_owner
from rapport.audit.services import create_audited, record, update_audited
from rapport.customers.models import Stakeholder
from rapport.portfolio.history import previous_period, status_at
from rapport.portfolio.models import (
    PERIOD_REGEX,
    DeliveryStatus,
    DeliveryStatusMonth,
    Project,
    ProjectStakeholder,
)

StatusOutcome = Literal["created", "updated", "unchanged"]

PROJECT_FIELDS = (
    "name",
    "code",
    "customer",
    "project_manager",
    "sponsor",
    "state",
    "phase",
    "start_date",
    "end_date",
    "delivery_status",
    "complexity",
    "novelty",
    "size_band",
    "customer_groups",
    "site",
)


def period_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _actor(by: Any) -> Any:
    return by if by is not None and getattr(by, "is_authenticated", False) else None


@transaction.atomic
def create_project(*, by: Any, today: dt.date | None = None, **fields: Any) -> Project:
    """Create a project; its delivery status is recorded for this month (``today``'s)."""
    _check_code_free(fields.get("code"))
    _check_people(fields, None)
    project = create_audited(Project, "portfolio.project.created", by=by, **fields)
    # The creation's audit entry already names the status: no second entry.
    DeliveryStatusMonth.objects.create(
        project=project,
        period=period_of(today or timezone.localdate()),
        status=project.delivery_status,
        recorded_by=_actor(by),
    )
    return project


@transaction.atomic
def update_project(project: Project, *, by: Any, **fields: Any) -> dict[str, list[Any]]:
    """Change a project. A new delivery status is recorded for this month through
    ``set_delivery_status``, so the status history stays whole."""
    if "code" in fields:
        _check_code_free(fields["code"], project.pk)
    _check_people(fields, project)
    status = fields.pop("delivery_status", None)
    old_status = project.delivery_status
    diff = update_audited(
        project, "portfolio.project.updated", by=by, allowed=PROJECT_FIELDS, **fields
    )
    if status is not None and set_delivery_status(project, status, by=by) != "unchanged":
        diff["delivery_status"] = [old_status, project.delivery_status]
    return diff


def _check_people(fields: dict[str, Any], project: Project | None) -> None:
    """The project manager is an active project manager, the sponsor an active executive
    sponsor (``accounts.owners``); whoever holds the post now keeps it."""
    for field, roles in (("project_manager", PROJECT_MANAGER_ROLES), ("sponsor", SPONSOR_ROLES)):
        if field in fields:
            current = getattr(project, f"{field}_id", None) if project is not None else None
            check_owner(field, fields[field], roles, current=current)


def _check_code_free(code: Any, pk: int | None = None) -> None:
    """Refuse a project code that differs from another's only by case: files and people name
    projects by code and match it ignoring case (``find_project``), so "prj-1" beside "PRJ-1"
    would make one of them unreachable, or an import would update the other one."""
    if not isinstance(code, str) or not code.strip():
        return  # no code, or the model's own validation says what is wrong
    key = code.strip().lower()
    others = Project.objects.exclude(code="").values_list("code", flat=True)
    if pk is not None:
        others = others.exclude(pk=pk)
    for other in others.iterator():
        if other.lower() == key and other != code:
            raise ValidationError(
                {
                    "code": gettext("Project %(code)s already has this code, in another case.")
                    % {"code": other}
                }
            )


def _check_status(status: Any) -> str:
    if status not in DeliveryStatus.values:
        allowed = ", ".join(f"{value} ({label})" for value, label in DeliveryStatus.choices)
        raise ValidationError(
            {
                "delivery_status": gettext(
                    "“%(status)s” is not a delivery status; use one of %(allowed)s."
                )
                % {"status": status, "allowed": allowed}
            }
        )
    return str(status)


def _check_period(period: Any, today: dt.date) -> str:
    if not isinstance(period, str) or not re.match(PERIOD_REGEX, period):
        raise ValidationError(
            {
                "period": gettext("A period is YYYY-MM, like 2025-03; got “%(period)s”.")
                % {"period": period}
            }
        )
    if period > period_of(today):
        raise ValidationError(
            {
                "period": gettext(
                    "%(period)s has not started yet: record a status for this month or earlier."
                )
                % {"period": period}
            }
        )
    return period


@transaction.atomic
def set_delivery_status(
    project: Project,
    status: str,
    *,
    by: Any,
    period: str | None = None,
    today: dt.date | None = None,
) -> StatusOutcome:
    """Record ``project``'s delivery status for ``period`` (YYYY-MM; this month by default).

    The one way a delivery status changes, from the console, the API or an import. A status
    holds from its month until the next recorded month; the project's ``delivery_status`` is
    its latest record, so recording an earlier month corrects history and leaves today's alone.

    - Without ``period`` (a change made now), nothing is written when the status is already the
      project's. A project with no history yet first gets its previous status recorded for last
      month, so the months before the change keep the status they had.
    - With ``period`` (history, e.g. an import), the month gets its own record even when the
      status is the same as the month before. A project with no history yet first gets its
      current status recorded for this month, so recording a past month leaves today's alone.

    Returns "created", "updated" or "unchanged" (for that month's record). Raises
    ``ValidationError`` for an unknown status or a bad or future period; nothing is written then.
    """
    today = today or timezone.localdate()
    _check_status(status)
    now = period is None
    period = _check_period(period_of(today) if now else period, today)
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if now and locked.delivery_status == status:
        return "unchanged"
    history = list(
        DeliveryStatusMonth.objects.filter(project=locked)
        .order_by("period")
        .values_list("period", "status")
    )
    this_month = period_of(today)
    if not history and (now or period < this_month):
        # A project from before the history (or made without it): what it says today is all
        # that is known. Keep it for last month (a change now) or for this month (a past month
        # is recorded), so neither the months before nor today's status are lost.
        kept = previous_period(period) if now else this_month
        DeliveryStatusMonth.objects.create(
            project=locked, period=kept, status=locked.delivery_status, recorded_by=_actor(by)
        )
        history = [(kept, locked.delivery_status)]
    before = status_at(history, period, default=None) if history else None
    record_, created = DeliveryStatusMonth.objects.get_or_create(
        project=locked,
        period=period,
        defaults={"status": status, "recorded_by": _actor(by)},
    )
    if not created:
        if record_.status == status:
            return "unchanged"
        record_.status = status
        record_.recorded_by = _actor(by)
        record_.recorded_at = timezone.now()
        record_.save(update_fields=["status", "recorded_by", "recorded_at"])
    latest = max([period, *(p for p, _ in history)])
    old_current = locked.delivery_status
    if latest == period and old_current != status:
        locked.delivery_status = status
        locked.save(update_fields=["delivery_status", "updated_at"])
    project.delivery_status = locked.delivery_status
    changes: dict[str, Any] = {"period": period, "delivery_status": [before, status]}
    if old_current != locked.delivery_status:
        changes["current"] = [old_current, locked.delivery_status]
    record("portfolio.project.delivery_status_recorded", by=by, obj=locked, changes=changes)
    return "created" if created else "updated"


@transaction.atomic
def add_project_stakeholder(
    project: Project,
    stakeholder: Stakeholder,
    *,
    by: Any,
    role_on_project: str = "",
    gives_feedback: bool = True,
) -> ProjectStakeholder:
    """Link a stakeholder of the project's customer to the project."""
    if stakeholder.customer_id != project.customer_id:
        raise ValidationError(
            gettext(
                "%(person)s belongs to %(theirs)s, not to %(customer)s, "
                "the customer of this project."
            )
            % {"person": stakeholder, "theirs": stakeholder.customer, "customer": project.customer}
        )
    link, created = ProjectStakeholder.objects.get_or_create(
        project=project,
        stakeholder=stakeholder,
        defaults={"role_on_project": role_on_project, "gives_feedback": gives_feedback},
    )
    if created:
        record(
            "portfolio.project.stakeholder_added",
            by=by,
            obj=project,
            changes={
                "stakeholder": str(stakeholder),
                "role_on_project": role_on_project,
                "gives_feedback": gives_feedback,
            },
        )
    return link


@transaction.atomic
def remove_project_stakeholder(project: Project, stakeholder: Stakeholder, *, by: Any) -> bool:
    deleted, _ = ProjectStakeholder.objects.filter(
        project=project, stakeholder=stakeholder
    ).delete()
    if deleted:
        record(
            "portfolio.project.stakeholder_removed",
            by=by,
            obj=project,
            changes={"stakeholder": str(stakeholder)},
        )
    return bool(deleted)
