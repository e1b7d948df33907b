from __future__ import annotations

from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from rapport.accounts.permissions import visible_customers
from rapport.console.shortcuts import get_visible

router = Router()


class CustomerOut(Schema):
    id: int
    name: str
    external_id: str
    kind: str
    preferred_channel: str
    language: str
    feedback_culture: str
    priorities: list[str]


@router.get("/", response=list[CustomerOut], summary="List customers")
@paginate(PageNumberPagination, page_size=50)
def list_customers(request, q: str = ""):
    customers = visible_customers(request.user).order_by("name", "pk")
    if q:
        customers = customers.filter(name__icontains=q)
    return customers


@router.get("/{int:customer_id}", response=CustomerOut, summary="One customer")
def get_customer(request, customer_id: int):
    return get_visible(visible_customers(request.user), customer_id, "customer")
