from __future__ import annotations

import datetime as dt

from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from rapport.accounts.permissions import visible_projects
from rapport.console.shortcuts import get_visible

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
    def resolve_customer_name(obj) -> str:
        return obj.customer.name


@router.get("/", response=list[ProjectOut], summary="List projects")
@paginate(PageNumberPagination, page_size=50)
def list_projects(
    request,
    customer_id: int | None = None,
    delivery_status: str = "",
    state: str = "",
    q: str = "",
):
    projects = visible_projects(request.user).select_related("customer").order_by("name", "pk")
    if customer_id:
        projects = projects.filter(customer_id=customer_id)
    if delivery_status:
        projects = projects.filter(delivery_status=delivery_status)
    if state:
        projects = projects.filter(state=state)
    if q:
        projects = projects.filter(name__icontains=q)
    return projects


@router.get("/{int:project_id}", response=ProjectOut, summary="One project")
def get_project(request, project_id: int):
    return get_visible(
        visible_projects(request.user).select_related("customer"), project_id, "project"
    )
