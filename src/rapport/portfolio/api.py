"""Projects in the JSON API: the list and one project for every reader (through the permission
layer); adding, changing and recording a delivery status for the PMO (MANAGE_CUSTOMERS), through
the same service functions as the console, so a PPM tool can keep Rapport's projects in step.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from rapport.accounts.models import User
from rapport.accounts.permissions import can_manage_customers, visible_customers, visible_projects
from rapport.api.filters import choice_problem, one_of
from rapport.api.pagination import Pages
from rapport.api.schemas import Id, Input, Level, Line
from rapport.console.shortcuts import get_visible
from rapport.portfolio import services
from rapport.portfolio.models import DeliveryStatus, Phase, Project, ProjectState, Site, SizeBand

router = Router()


class ProjectOut(Schema):
    id: int
    name: str
    code: str
    customer_id: int
    customer_name: str
    project_manager_id: int | None
    sponsor_id: int | None
    state: str
    phase: str
    delivery_status: str
    start_date: dt.date | None
    end_date: dt.date | None
    complexity: int
    novelty: int
    size_band: str
    customer_groups: int
    site: str

    @staticmethod
    def resolve_customer_name(obj: Project) -> str:
        return obj.customer.name


@router.get("/", response=list[ProjectOut], summary="List projects")
@paginate(Pages, page_size=50)
def list_projects(
    request: HttpRequest,
    customer_id: Id | None = None,
    delivery_status: Line = "",
    state: Line = "",
    q: Line = "",
) -> QuerySet[Project]:
    projects = visible_projects(request.user).select_related("customer").order_by("name", "pk")
    if customer_id:
        projects = projects.filter(customer_id=customer_id)
    if one_of("delivery_status", delivery_status, DeliveryStatus):
        projects = projects.filter(delivery_status=delivery_status)
    if one_of("state", state, ProjectState):
        projects = projects.filter(state=state)
    if q:
        projects = projects.filter(name__icontains=q)
    return projects


class StatusMonthOut(Schema):
    period: str
    status: str


class ProjectDetailOut(ProjectOut):
    # The recorded months only: a status holds until the next recorded month.
    delivery_history: list[StatusMonthOut]

    @staticmethod
    def resolve_delivery_history(obj: Project) -> list[Any]:
        return list(obj.status_months.order_by("period").values("period", "status"))


class DeliveryStatusIn(Input):
    status: Line
    period: Line | None = None


# A status by its code or its label ("AG" or "A/G"), in any case.
_STATUS = {key.lower(): value for value, label in DeliveryStatus.choices for key in (value, label)}


def _project(request: HttpRequest, project_id: Id) -> Project:
    return get_visible(
        visible_projects(request.user).select_related("customer"), project_id, "project"
    )


@router.get("/{int:project_id}", response=ProjectDetailOut, summary="One project")
def get_project(request: HttpRequest, project_id: Id) -> Project:
    return _project(request, project_id)


@router.post(
    "/{int:project_id}/delivery-status",
    response=ProjectDetailOut,
    summary="Record a project's delivery status (this month, or an earlier month)",
)
def set_delivery_status(request: HttpRequest, project_id: Id, payload: DeliveryStatusIn) -> Project:
    if not can_manage_customers(request.user):
        raise PermissionDenied("Your role may not change projects.")
    project = _project(request, project_id)
    status = _STATUS.get(payload.status.strip().lower(), payload.status)
    services.set_delivery_status(project, status, by=request.user, period=payload.period)
    return project


# --- Adding and changing projects (the PMO) ----------------------------------------------------


class ProjectIn(Input):
    name: Line
    customer_id: Id
    code: Line = ""
    project_manager_id: Id | None = None
    sponsor_id: Id | None = None
    state: Line = ProjectState.ACTIVE.value
    phase: Line = "planning"
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    delivery_status: Line = DeliveryStatus.GREEN.value
    complexity: Level = 3
    novelty: Level = 3
    size_band: Line = "M"
    customer_groups: int = Field(1, ge=1, le=1000)  # how many groups it serves
    site: Line = "hq"


class ProjectPatch(Input):
    # Left out: unchanged (the default is never validated, so no "| None": null is refused,
    # except where null means "nobody" or "no date").
    name: Line = Field(None)  # type: ignore[assignment]
    customer_id: Id = Field(None)  # type: ignore[assignment]
    code: Line = Field(None)  # type: ignore[assignment]
    project_manager_id: Id | None = None
    sponsor_id: Id | None = None
    state: Line = Field(None)  # type: ignore[assignment]
    phase: Line = Field(None)  # type: ignore[assignment]
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    delivery_status: Line = Field(None)  # type: ignore[assignment]
    complexity: Level = Field(None)  # type: ignore[assignment]
    novelty: Level = Field(None)  # type: ignore[assignment]
    size_band: Line = Field(None)  # type: ignore[assignment]
    customer_groups: int = Field(None, ge=1, le=1000)  # type: ignore[assignment]
    site: Line = Field(None)  # type: ignore[assignment]


def _manage(request: HttpRequest) -> None:
    if not can_manage_customers(request.user):
        raise PermissionDenied("Your role may not change projects.")


def _fields(request: HttpRequest, given: dict[str, Any]) -> dict[str, Any]:
    """The payload as the services take it: ids become the customer and the people they name
    (an id that names nobody is a 422 on its field), a status may be its code or its label."""
    if "customer_id" in given:
        customer_id = given.pop("customer_id")
        customer = visible_customers(request.user).filter(pk=customer_id).first()
        if customer is None:
            raise ValidationError({"customer_id": f"No customer has the id {customer_id}."})
        given["customer"] = customer
    for field in ("project_manager", "sponsor"):
        if f"{field}_id" in given:
            person_id = given.pop(f"{field}_id")
            person = User.objects.filter(pk=person_id).first() if person_id else None
            if person_id and person is None:
                raise ValidationError({f"{field}_id": f"No person has the id {person_id}."})
            given[field] = person
    if "delivery_status" in given:
        given["delivery_status"] = _STATUS.get(
            given["delivery_status"].strip().lower(), given["delivery_status"]
        )
    problems = {
        name: problem
        for name, choices in _CHOICES.items()
        if name in given and (problem := choice_problem(given[name], choices.values))
    }
    if problems:
        raise ValidationError(problems)
    return given


# The codes each choice takes (a delivery status also by its label: ``_STATUS``).
_CHOICES: dict[str, type[models.TextChoices]] = {
    "state": ProjectState,
    "phase": Phase,
    "delivery_status": DeliveryStatus,
    "size_band": SizeBand,
    "site": Site,
}


@router.post("/", response={201: ProjectDetailOut}, summary="Add a project")
def create_project(request: HttpRequest, payload: ProjectIn) -> Status:
    """Its delivery status is recorded for this month; the project manager is an active project
    manager and the sponsor an active executive sponsor; a code is unique in any case."""
    _manage(request)
    project = services.create_project(by=request.user, **_fields(request, payload.model_dump()))
    return Status(201, _project(request, project.pk))


@router.patch("/{int:project_id}", response=ProjectDetailOut, summary="Change a project")
def update_project(request: HttpRequest, project_id: Id, payload: ProjectPatch) -> Project:
    """Only the fields given change; a new delivery status is recorded for this month (use
    ``delivery-status`` for an earlier month). Null clears the manager, sponsor or a date."""
    _manage(request)
    project = _project(request, project_id)
    services.update_project(
        project, by=request.user, **_fields(request, payload.model_dump(exclude_unset=True))
    )
    return _project(request, project.pk)
