"""Every change to customers and stakeholders goes through these functions (and the audit log)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from rapport.audit.services import create_audited, update_audited
from rapport.customers.models import Customer, Stakeholder

CUSTOMER_FIELDS = (
    "name",
    "external_id",
    "kind",
    "value_provided",
    "serves",
    "motivations",
    "priorities",
    "preferred_channel",
    "language",
    "feedback_culture",
    "relationship_owner",
    "vocabulary",
)
STAKEHOLDER_FIELDS = (
    "name",
    "email",
    "role",
    "language",
    "power",
    "interest",
    "engagement_current",
    "engagement_desired",
    "is_active",
)


@transaction.atomic
def create_customer(*, by: Any, **fields: Any) -> Customer:
    return create_audited(Customer, "customers.customer.created", by=by, **fields)


@transaction.atomic
def update_customer(customer: Customer, *, by: Any, **fields: Any) -> dict[str, list[Any]]:
    return update_audited(
        customer, "customers.customer.updated", by=by, allowed=CUSTOMER_FIELDS, **fields
    )


@transaction.atomic
def create_stakeholder(customer: Customer, *, by: Any, **fields: Any) -> Stakeholder:
    if "email" in fields:
        fields["email"] = (fields["email"] or "").strip().lower()
    return create_audited(
        Stakeholder, "customers.stakeholder.created", by=by, customer=customer, **fields
    )


@transaction.atomic
def update_stakeholder(stakeholder: Stakeholder, *, by: Any, **fields: Any) -> dict[str, list[Any]]:
    if "email" in fields:
        fields["email"] = (fields["email"] or "").strip().lower()
    return update_audited(
        stakeholder, "customers.stakeholder.updated", by=by, allowed=STAKEHOLDER_FIELDS, **fields
    )
