"""``/api/services``: the PMO's service catalog. Everyone signed in reads; PMO leads change it."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from rapport.accounts.models import User
from rapport.accounts.permissions import Capability, has_capability, visible_customers
from rapport.api.filters import one_of
from rapport.api.pagination import Pages
from rapport.api.schemas import Id, IdList, Input, Line, Text
from rapport.catalog.models import Service, ServiceStatus
from rapport.console.shortcuts import get_visible
from rapport.customers.models import Customer
from rapport.roadmap import services

router = Router()


class LanguageIssueOut(Schema):
    kind: str
    message: str
    span: str
    suggestion: str
    blocking: bool


class ServiceOut(Schema):
    id: int
    name: str
    outcome: str
    description: str
    status: str
    owner_id: int | None
    customer_ids: list[int]
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_customer_ids(obj: Service) -> list[int]:
        return [c.pk for c in obj.customers.all()]


class ServiceIn(Input):
    name: Line
    outcome: Text
    description: Text = ""
    owner_id: Id | None = None
    customer_ids: IdList = []


class ServicePatch(Input):
    # Left out: unchanged. Only the owner may be set to null (no owner).
    name: Line = Field(None)  # type: ignore[assignment]
    outcome: Text = Field(None)  # type: ignore[assignment]
    description: Text = Field(None)  # type: ignore[assignment]
    owner_id: Id | None = None
    customer_ids: IdList = Field(None)  # type: ignore[arg-type]


class StatusIn(Input):
    status: Line


class CheckIn(Input):
    text: Text
    customer_id: Id | None = None


class CheckOut(Schema):
    passes: bool
    reading_ease: float | None
    grade: float | None
    issues: list[LanguageIssueOut]


def _services_for(user: Any) -> QuerySet[Service]:
    # Customers appear only where the caller may see them.
    return Service.objects.prefetch_related(
        Prefetch("customers", queryset=visible_customers(user).only("pk"))
    ).order_by("name", "pk")


def _require_manage(request: HttpRequest) -> None:
    if not has_capability(request.user, Capability.MANAGE_PMO):
        raise PermissionDenied("Only PMO leads change the service catalog.")


def _customers(ids: list[int]) -> list[Customer]:
    found = list(Customer.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationError({"customer_ids": "Unknown customer id."})
    return found


def _owner(owner_id: Id | None) -> User | None:
    # An unknown id is a 404 (as for a customer's relationship owner), never "no owner".
    return get_object_or_404(User, pk=owner_id) if owner_id is not None else None


@router.get("/", response=list[ServiceOut], summary="List services")
@paginate(Pages, page_size=50)
def list_services(request: HttpRequest, status: Line = "") -> QuerySet[Service]:
    qs = _services_for(request.user)
    return qs.filter(status=status) if one_of("status", status, ServiceStatus) else qs


@router.get("/{int:service_id}", response=ServiceOut, summary="One service")
def get_service(request: HttpRequest, service_id: Id) -> Service:
    return get_object_or_404(_services_for(request.user), pk=service_id)


@router.post("/", response={201: ServiceOut}, summary="Add a service (as an idea)")
def create_service(request: HttpRequest, payload: ServiceIn) -> Status:
    _require_manage(request)
    service = services.create_service(
        by=request.user,
        customers=_customers(payload.customer_ids),
        name=payload.name,
        outcome=payload.outcome,
        description=payload.description,
        owner=_owner(payload.owner_id),
    )
    return Status(201, _services_for(request.user).get(pk=service.pk))


@router.patch("/{int:service_id}", response=ServiceOut, summary="Change a service")
def update_service(request: HttpRequest, service_id: Id, payload: ServicePatch) -> Service:
    _require_manage(request)
    service = get_object_or_404(Service, pk=service_id)
    data = payload.dict(exclude_unset=True)
    customer_ids = data.pop("customer_ids", None)
    if "owner_id" in data:
        data["owner"] = _owner(data.pop("owner_id"))
    services.update_service(
        service,
        by=request.user,
        customers=None if customer_ids is None else _customers(customer_ids),
        **data,
    )
    return _services_for(request.user).get(pk=service.pk)


@router.post("/{int:service_id}/status", response=ServiceOut, summary="Move a service on")
def change_status(request: HttpRequest, service_id: Id, payload: StatusIn) -> Service:
    _require_manage(request)
    service = get_object_or_404(Service, pk=service_id)
    services.change_service_status(service, payload.status, by=request.user)
    return _services_for(request.user).get(pk=service.pk)


@router.post("/language-check", response=CheckOut, summary="Check a text for plain language")
def language_check(request: HttpRequest, payload: CheckIn) -> dict[str, Any]:
    customer = None
    if payload.customer_id is not None:
        # Another's customer is a 403, an unknown one a 404: the check never quietly drops them.
        customer = get_visible(visible_customers(request.user), payload.customer_id, "customer")
    report = services.check_language(payload.text, customer=customer)
    return {
        "passes": report.passes,
        "reading_ease": report.reading_ease,
        "grade": report.grade,
        "issues": [
            {
                "kind": i.kind,
                "message": i.message,
                "span": i.span,
                "suggestion": i.suggestion,
                "blocking": i.blocking,
            }
            for i in report.issues
        ],
    }
