"""``rapport import customers FILE`` and ``rapport import stakeholders FILE``.

Re-importing a file updates what changed and creates nothing twice: customers match on
``external_id`` when given, else on their name (ignoring case); stakeholders match on email.
"""

from __future__ import annotations

from typing import Any

from django.db.models.functions import Lower

from rapport.accounts.models import User
from rapport.customers import services
from rapport.customers.models import (
    Channel,
    Customer,
    CustomerKind,
    Engagement,
    FeedbackCulture,
    Language,
    Stakeholder,
)
from rapport.imports.framework import (
    CellError,
    Column,
    Importer,
    Outcome,
    choice,
    column_error,
    int_between,
    semicolon_list,
    text,
)
from rapport.imports.registry import register


def _user_by_email(value: str) -> User:
    user = User.objects.filter(email__iexact=value.strip()).first()
    if user is None:
        raise CellError(f"No console user has the email “{value}”.")
    return user


def find_customer(key: str) -> Customer | None:
    """A customer by external id, else by name ignoring case."""
    key = key.strip()
    return (
        Customer.objects.filter(external_id=key).exclude(external_id="").first()
        or Customer.objects.annotate(lname=Lower("name")).filter(lname=key.lower()).first()
    )


@register
class CustomerImporter(Importer):
    kind = "customers"
    label = "Customers"
    description = (
        "Business units or clients, with their profile. Matched on external_id, else name."
    )
    columns = (
        Column("name", required=True, help="The customer's name."),
        Column("external_id", help="Their id in another system; used to match on re-import."),
        Column("kind", parse=choice(CustomerKind), help="business_unit or client."),
        Column("value_provided", help="The value they provide to the organization."),
        Column("serves", help="Whom they serve."),
        Column("motivations", help="What motivates them."),
        Column("priorities", parse=semicolon_list, help="Most important first, `;`-separated."),
        Column("preferred_channel", parse=choice(Channel), help="meeting, call or email."),
        Column("language", parse=choice(Language), help="en, fr, de, es or nl."),
        Column(
            "feedback_culture",
            parse=choice(FeedbackCulture),
            help="attributed, confidential or anonymous.",
        ),
        Column("relationship_owner", parse=_user_by_email, help="A console user's email."),
        Column("vocabulary", parse=semicolon_list, help="Their words for outcomes, `;`-separated."),
    )

    def apply_row(self, values: dict[str, Any], present: set[str]) -> Outcome:
        existing = None
        if values.get("external_id"):
            existing = Customer.objects.filter(external_id=values["external_id"]).first()
        if existing is None:
            existing = (
                Customer.objects.annotate(lname=Lower("name"))
                .filter(lname=values["name"].lower())
                .first()
            )
        if existing is None:
            services.create_customer(by=self.by, **values)
            return Outcome.CREATED
        changed = services.update_customer(existing, by=self.by, **values)
        return Outcome.UPDATED if changed else Outcome.UNCHANGED


@register
class StakeholderImporter(Importer):
    kind = "stakeholders"
    label = "Stakeholders"
    description = "People of your customers. Matched on email; the customer must exist."
    columns = (
        Column("email", required=True, parse=lambda v: v.strip().lower(), help="Used to match."),
        Column("name", required=True, help="Their full name."),
        Column("customer", required=True, help="The customer's external_id or name."),
        Column("role", parse=text, help="Their job or part."),
        Column("language", parse=choice(Language), help="en, fr, de, es or nl."),
        Column("power", parse=int_between(1, 5), help="Influence over the work, 1–5."),
        Column("interest", parse=int_between(1, 5), help="Interest in the work, 1–5."),
        Column("engagement_current", parse=choice(Engagement), help="unaware … leading."),
        Column("engagement_desired", parse=choice(Engagement), help="unaware … leading."),
    )

    def clean_row(self, values: dict[str, Any], present: set[str]) -> dict[str, Any]:
        customer = find_customer(values["customer"])
        if customer is None:
            raise column_error("customer", f"Unknown customer “{values['customer']}”.")
        values["customer"] = customer
        return values

    def apply_row(self, values: dict[str, Any], present: set[str]) -> Outcome:
        customer = values.pop("customer")
        existing = Stakeholder.objects.filter(email__iexact=values["email"]).first()
        if existing is None:
            services.create_stakeholder(customer, by=self.by, **values)
            return Outcome.CREATED
        if existing.customer_id != customer.pk:
            raise column_error(
                "customer",
                f"{values['email']} is already a stakeholder of {existing.customer}.",
            )
        changed = services.update_stakeholder(existing, by=self.by, **values)
        return Outcome.UPDATED if changed else Outcome.UNCHANGED
