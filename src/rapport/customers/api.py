"""Customers in the JSON API: profiles, stakeholders, listening, journey, pains and concerns.

Reads go through the permission layer; writes need the MANAGE_CUSTOMERS capability and call the
same service functions as the console.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import paginate

from rapport.accounts.models import User
from rapport.accounts.permissions import (
    can_manage_customers,
    concern_detail_customers,
    visible_customers,
    visible_listening_sessions,
    visible_projects,
)
from rapport.api.filters import one_of
from rapport.api.pagination import Pages
from rapport.api.schemas import Id, Level, Line
from rapport.console.shortcuts import get_visible
from rapport.customers import services
from rapport.customers.models import (
    Concern,
    ConcernStatus,
    Customer,
    CustomerKind,
    JourneyStage,
    Language,
    ListeningSession,
    PainPoint,
    PainStatus,
    Stakeholder,
)
from rapport.customers.schemas import (
    ConcernIn,
    ConcernOut,
    ConcernPatch,
    CustomerIn,
    CustomerOut,
    CustomerPatch,
    PainIn,
    PainOut,
    PainPatch,
    ProjectLinkIn,
    SessionIn,
    SessionOut,
    SessionPatch,
    StageIn,
    StageOut,
    StagePatch,
    StakeholderIn,
    StakeholderOut,
    StakeholderPatch,
    TransitionIn,
    ValueStatementIn,
    ValueStatementOut,
)
from rapport.portfolio import services as portfolio_services

router = Router()
PAGE = 50


def _manage(request: HttpRequest) -> None:
    if not can_manage_customers(request.user):
        raise PermissionDenied("Your role may not manage customers.")


def _customer(request: HttpRequest, customer_id: Id) -> Customer:
    return get_visible(visible_customers(request.user), customer_id, "customer")


def _owner(fields: dict[str, Any]) -> dict[str, Any]:
    if "relationship_owner_id" in fields:
        owner_id = fields.pop("relationship_owner_id")
        fields["relationship_owner"] = (
            get_object_or_404(User, pk=owner_id) if owner_id is not None else None
        )
    return fields


# --- Customers ---------------------------------------------------------------------------------


@router.get("/", response=list[CustomerOut], summary="List customers")
@paginate(Pages, page_size=PAGE)
def list_customers(
    request: HttpRequest, q: Line = "", kind: Line = "", language: Line = ""
) -> QuerySet[Customer]:
    customers = visible_customers(request.user).order_by("name", "pk")
    if q:
        customers = customers.filter(name__icontains=q)
    if one_of("kind", kind, CustomerKind):
        customers = customers.filter(kind=kind)
    if one_of("language", language, Language):
        customers = customers.filter(language=language)
    return customers


@router.post("/", response={201: CustomerOut}, summary="Add a customer")
def create_customer(request: HttpRequest, payload: CustomerIn) -> Status:
    _manage(request)
    return Status(201, services.create_customer(by=request.user, **_owner(payload.model_dump())))


@router.get("/{int:customer_id}", response=CustomerOut, summary="One customer")
def get_customer(request: HttpRequest, customer_id: Id) -> Customer:
    return _customer(request, customer_id)


@router.patch("/{int:customer_id}", response=CustomerOut, summary="Change a customer's profile")
def update_customer(request: HttpRequest, customer_id: Id, payload: CustomerPatch) -> Customer:
    _manage(request)
    customer = _customer(request, customer_id)
    services.update_customer(
        customer, by=request.user, **_owner(payload.model_dump(exclude_unset=True))
    )
    return customer


# --- Stakeholders ------------------------------------------------------------------------------


def _stakeholders(request: HttpRequest) -> QuerySet[Stakeholder]:
    # Their projects only where the reader may see them (one query for the page).
    return Stakeholder.objects.filter(
        customer__in=visible_customers(request.user).values("pk")
    ).prefetch_related(Prefetch("projects", queryset=visible_projects(request.user).only("pk")))


@router.get("/stakeholders/", response=list[StakeholderOut], summary="List stakeholders")
@paginate(Pages, page_size=PAGE)
def list_stakeholders(
    request: HttpRequest,
    customer_id: Id | None = None,
    q: Line = "",
    email: Line = "",
    active: bool | None = None,
) -> QuerySet[Stakeholder]:
    people = _stakeholders(request).order_by("name", "pk")
    if customer_id:
        people = people.filter(customer_id=customer_id)
    if q:
        people = people.filter(name__icontains=q)
    if email:
        people = people.filter(email__iexact=email)
    if active is not None:
        people = people.filter(is_active=active)
    return people


@router.post("/stakeholders/", response={201: StakeholderOut}, summary="Add a stakeholder")
def create_stakeholder(request: HttpRequest, payload: StakeholderIn) -> Status:
    _manage(request)
    fields = payload.model_dump()
    customer = _customer(request, fields.pop("customer_id"))
    return Status(201, services.create_stakeholder(customer, by=request.user, **fields))


@router.get(
    "/stakeholders/{int:stakeholder_id}", response=StakeholderOut, summary="One stakeholder"
)
def get_stakeholder(request: HttpRequest, stakeholder_id: Id) -> Stakeholder:
    return get_visible(_stakeholders(request), stakeholder_id, "stakeholder")


@router.patch(
    "/stakeholders/{int:stakeholder_id}", response=StakeholderOut, summary="Change a stakeholder"
)
def update_stakeholder(
    request: HttpRequest, stakeholder_id: Id, payload: StakeholderPatch
) -> Stakeholder:
    _manage(request)
    person = get_visible(_stakeholders(request), stakeholder_id, "stakeholder")
    services.update_stakeholder(person, by=request.user, **payload.model_dump(exclude_unset=True))
    return get_visible(_stakeholders(request), stakeholder_id, "stakeholder")


@router.post(
    "/stakeholders/{int:stakeholder_id}/projects",
    response=StakeholderOut,
    summary="Link a stakeholder to a project they give feedback on",
)
def link_project(request: HttpRequest, stakeholder_id: Id, payload: ProjectLinkIn) -> Stakeholder:
    _manage(request)
    person = get_visible(_stakeholders(request), stakeholder_id, "stakeholder")
    project = get_visible(visible_projects(request.user), payload.project_id, "project")
    portfolio_services.add_project_stakeholder(
        project, person, by=request.user, role_on_project=payload.role_on_project
    )
    return get_visible(_stakeholders(request), stakeholder_id, "stakeholder")


@router.delete(
    "/stakeholders/{int:stakeholder_id}/projects/{int:project_id}",
    response={204: None},
    summary="Unlink a stakeholder from a project",
)
def unlink_project(request: HttpRequest, stakeholder_id: Id, project_id: Id) -> Status:
    _manage(request)
    person = get_visible(_stakeholders(request), stakeholder_id, "stakeholder")
    project = get_visible(visible_projects(request.user), project_id, "project")
    portfolio_services.remove_project_stakeholder(project, person, by=request.user)
    return Status(204, None)


# --- Listening sessions and value statements ---------------------------------------------------


def _sessions(request: HttpRequest) -> QuerySet[ListeningSession]:
    return visible_listening_sessions(request.user).prefetch_related(
        "attendees", "value_statements"
    )


def _attendees(customer: Customer, ids: list[int]) -> list[Stakeholder]:
    people = list(Stakeholder.objects.filter(pk__in=ids))
    if len(people) != len(set(ids)):
        raise ValidationError({"attendee_ids": "Unknown stakeholder id."})
    return people


@router.get("/listening-sessions/", response=list[SessionOut], summary="List listening sessions")
@paginate(Pages, page_size=PAGE)
def list_sessions(
    request: HttpRequest, customer_id: Id | None = None, private: bool | None = None
) -> QuerySet[ListeningSession]:
    sessions = _sessions(request).order_by("-held_on", "-pk")
    if customer_id:
        sessions = sessions.filter(customer_id=customer_id)
    if private is not None:
        sessions = sessions.filter(is_private=private)
    return sessions


@router.post(
    "/listening-sessions/", response={201: SessionOut}, summary="Record a listening session"
)
def create_session(request: HttpRequest, payload: SessionIn) -> Status:
    _manage(request)
    fields = payload.model_dump()
    customer = _customer(request, fields.pop("customer_id"))
    attendees = _attendees(customer, fields.pop("attendee_ids"))
    if fields["held_on"] is None:
        fields.pop("held_on")
    session = services.create_listening_session(
        customer, by=request.user, attendees=attendees, **fields
    )
    return Status(201, _sessions(request).get(pk=session.pk))


@router.get(
    "/listening-sessions/{int:session_id}", response=SessionOut, summary="One listening session"
)
def get_session(request: HttpRequest, session_id: Id) -> ListeningSession:
    return get_visible(_sessions(request), session_id, "listening session")


@router.patch(
    "/listening-sessions/{int:session_id}", response=SessionOut, summary="Change a session"
)
def update_session(request: HttpRequest, session_id: Id, payload: SessionPatch) -> ListeningSession:
    _manage(request)
    session = get_visible(_sessions(request), session_id, "listening session")
    fields = payload.model_dump(exclude_unset=True)
    attendees = None
    if "attendee_ids" in fields:
        attendees = _attendees(session.customer, fields.pop("attendee_ids") or [])
    services.update_listening_session(session, by=request.user, attendees=attendees, **fields)
    return _sessions(request).get(pk=session.pk)


@router.post(
    "/listening-sessions/{int:session_id}/value-statements",
    response={201: ValueStatementOut},
    summary="Add a value statement drawn from a session",
)
def add_value_statement(request: HttpRequest, session_id: Id, payload: ValueStatementIn) -> Status:
    _manage(request)
    session = get_visible(_sessions(request), session_id, "listening session")
    return Status(
        201, services.add_value_statement(session, by=request.user, **payload.model_dump())
    )


# --- Journey stages and pain points ------------------------------------------------------------


def _stages(request: HttpRequest) -> QuerySet[JourneyStage]:
    return JourneyStage.objects.filter(customer__in=visible_customers(request.user).values("pk"))


def _pains(request: HttpRequest) -> QuerySet[PainPoint]:
    return PainPoint.objects.filter(
        customer__in=visible_customers(request.user).values("pk")
    ).select_related("stage")


@router.get("/journey-stages/", response=list[StageOut], summary="List journey stages")
@paginate(Pages, page_size=PAGE)
def list_stages(request: HttpRequest, customer_id: Id | None = None) -> QuerySet[JourneyStage]:
    stages = _stages(request).order_by("customer_id", "position", "pk")
    if customer_id:
        stages = stages.filter(customer_id=customer_id)
    return stages


@router.post("/journey-stages/", response={201: StageOut}, summary="Add a journey stage")
def create_stage(request: HttpRequest, payload: StageIn) -> Status:
    _manage(request)
    fields = payload.model_dump()
    customer = _customer(request, fields.pop("customer_id"))
    return Status(201, services.add_journey_stage(customer, by=request.user, **fields))


@router.patch(
    "/journey-stages/{int:stage_id}", response=StageOut, summary="Rename, rate or move a stage"
)
def update_stage(request: HttpRequest, stage_id: Id, payload: StagePatch) -> JourneyStage:
    _manage(request)
    stage = get_visible(_stages(request), stage_id, "journey stage")
    fields = payload.model_dump(exclude_unset=True)
    move = fields.pop("move", None)
    services.update_journey_stage(stage, by=request.user, **fields)
    if move:
        services.move_journey_stage(stage, by=request.user, offset=move)
    return _stages(request).get(pk=stage.pk)


@router.delete(
    "/journey-stages/{int:stage_id}", response={204: None}, summary="Remove a journey stage"
)
def remove_stage(request: HttpRequest, stage_id: Id) -> Status:
    _manage(request)
    services.remove_journey_stage(
        get_visible(_stages(request), stage_id, "journey stage"), by=request.user
    )
    return Status(204, None)


@router.get("/pain-points/", response=list[PainOut], summary="List pain points")
@paginate(Pages, page_size=PAGE)
def list_pains(
    request: HttpRequest,
    customer_id: Id | None = None,
    stage_id: Id | None = None,
    status: Line = "",
    min_severity: Level | None = None,
) -> QuerySet[PainPoint]:
    pains = _pains(request).order_by("customer_id", "stage__position", "-severity", "pk")
    if customer_id:
        pains = pains.filter(customer_id=customer_id)
    if stage_id:
        pains = pains.filter(stage_id=stage_id)
    if one_of("status", status, PainStatus):
        pains = pains.filter(status=status)
    if min_severity:
        pains = pains.filter(severity__gte=min_severity)
    return pains


@router.post("/pain-points/", response={201: PainOut}, summary="Add a pain point")
def create_pain(request: HttpRequest, payload: PainIn) -> Status:
    _manage(request)
    fields = payload.model_dump()
    customer = _customer(request, fields.pop("customer_id"))
    stage = get_visible(_stages(request), fields.pop("stage_id"), "journey stage")
    return Status(201, services.create_pain_point(customer, by=request.user, stage=stage, **fields))


@router.patch("/pain-points/{int:pain_id}", response=PainOut, summary="Change a pain point")
def update_pain(request: HttpRequest, pain_id: Id, payload: PainPatch) -> PainPoint:
    _manage(request)
    pain = get_visible(_pains(request), pain_id, "pain point")
    fields = payload.model_dump(exclude_unset=True)
    if "stage_id" in fields:
        fields["stage"] = get_visible(_stages(request), fields.pop("stage_id"), "journey stage")
    services.update_pain_point(pain, by=request.user, **fields)
    return _pains(request).get(pk=pain.pk)


# --- Concerns ----------------------------------------------------------------------------------


def _concerns(request: HttpRequest) -> QuerySet[Concern]:
    """Concerns by name: sponsors get none of a customer who gives feedback in confidence."""
    return Concern.objects.filter(customer__in=concern_detail_customers(request.user).values("pk"))


def _raised_by(fields: dict[str, Any]) -> dict[str, Any]:
    if "raised_by_id" in fields:
        person_id = fields.pop("raised_by_id")
        fields["raised_by"] = (
            get_object_or_404(Stakeholder, pk=person_id) if person_id is not None else None
        )
    return fields


@router.get("/concerns/", response=list[ConcernOut], summary="List concerns")
@paginate(Pages, page_size=PAGE)
def list_concerns(
    request: HttpRequest, customer_id: Id | None = None, status: Line = ""
) -> QuerySet[Concern]:
    concerns = _concerns(request).order_by("heard_on", "pk")
    if customer_id:
        concerns = concerns.filter(customer_id=customer_id)
    if one_of("status", status, ConcernStatus):
        concerns = concerns.filter(status=status)
    return concerns


@router.post("/concerns/", response={201: ConcernOut}, summary="Log a concern")
def create_concern(request: HttpRequest, payload: ConcernIn) -> Status:
    _manage(request)
    fields = _raised_by(payload.model_dump())
    customer = _customer(request, fields.pop("customer_id"))
    if fields["heard_on"] is None:
        fields.pop("heard_on")
    return Status(201, services.create_concern(customer, by=request.user, **fields))


@router.get("/concerns/{int:concern_id}", response=ConcernOut, summary="One concern")
def get_concern(request: HttpRequest, concern_id: Id) -> Concern:
    return get_visible(_concerns(request), concern_id, "concern")


@router.patch("/concerns/{int:concern_id}", response=ConcernOut, summary="Change a concern")
def update_concern(request: HttpRequest, concern_id: Id, payload: ConcernPatch) -> Concern:
    _manage(request)
    concern = get_visible(_concerns(request), concern_id, "concern")
    services.update_concern(
        concern, by=request.user, **_raised_by(payload.model_dump(exclude_unset=True))
    )
    return concern


@router.post(
    "/concerns/{int:concern_id}/transition",
    response=ConcernOut,
    summary="Move a concern: open → responded → resolved → confirmed",
)
def transition_concern(request: HttpRequest, concern_id: Id, payload: TransitionIn) -> Concern:
    _manage(request)
    concern = get_visible(_concerns(request), concern_id, "concern")
    return services.transition_concern(
        concern, payload.to, by=request.user, response=payload.response
    )
