import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from rapport.accounts.permissions import can_manage_customers, visible_projects
from rapport.api.filters import one_of
from rapport.api.pagination import Pages
from rapport.api.schemas import Id, Input, Line
from rapport.console.shortcuts import get_visible
from rapport.portfolio import services
from rapport.portfolio.models import DeliveryStatus, Project, ProjectState

router = Router()


class ProjectOut(Schema):
    id: int
    name: str
    code: str
    customer_id: int
    customer_name: str
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
