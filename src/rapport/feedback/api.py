"""Review cycles in the JSON API: read-only headlines (no individual answers)."""

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from rapport.accounts.permissions import visible_projects
from rapport.api.filters import month, one_of
from rapport.api.pagination import Pages
from rapport.api.schemas import Id, Line
from rapport.feedback.models import CycleState, ReviewCycle
from rapport.portfolio.models import PERIOD_REGEX

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
