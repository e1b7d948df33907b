"""Every change to services, the glossary and customer words goes through these functions.

``check_language(text, customer=…)`` is the one entry point other apps call to check a
customer-facing text against the live glossary (and that customer's own words).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from rapport.audit.services import create_audited, record, update_audited
from rapport.customers.models import Customer
from rapport.roadmap.language import GlossaryEntry, LanguageReport, check_text
from rapport.roadmap.models import (
    SERVICE_TRANSITIONS,
    CustomerTerm,
    GlossaryTerm,
    Service,
    ServiceStatus,
)

SERVICE_FIELDS = ("name", "outcome", "description", "owner")
GLOSSARY_FIELDS = ("term", "plain", "note", "active")


# --- reads: the live glossary as plain data ----------------------------------------------------


def glossary_entries() -> list[GlossaryEntry]:
    return [
        GlossaryEntry(term=t, plain=p, note=n)
        for t, p, n in GlossaryTerm.objects.filter(active=True).values_list("term", "plain", "note")
    ]


def customer_overrides(customer: Customer | None) -> dict[str, str]:
    if customer is None:
        return {}
    return dict(
        CustomerTerm.objects.filter(customer=customer, glossary_term__active=True).values_list(
            "glossary_term__term", "customer_word"
        )
    )


def check_language(text: str, *, customer: Customer | None = None) -> LanguageReport:
    """The plain-language check with the live glossary and the customer's own words."""
    return check_text(
        text,
        glossary=glossary_entries(),
        overrides=customer_overrides(customer),
        customer_words=list(customer.vocabulary or []) if customer else [],
    )


# --- services ----------------------------------------------------------------------------------


def _require_plain_outcome(service: Service) -> None:
    if service.status != ServiceStatus.AVAILABLE:
        return
    report = check_language(service.outcome)
    if not report.passes:
        raise ValidationError(
            {
                "outcome": (
                    "A service can only be available once its outcome statement is in plain "
                    f"language. {report.summary()}"
                )
            }
        )


def _set_customers(service: Service, customers: Iterable[Customer] | None) -> list[str] | None:
    if customers is None:
        return None
    wanted = list(customers)
    before = sorted(service.customers.values_list("name", flat=True))
    service.customers.set(wanted)
    after = sorted(c.name for c in wanted)
    return None if before == after else [before, after]


@transaction.atomic
def create_service(*, by: Any, customers: Iterable[Customer] = (), **fields: Any) -> Service:
    """A new service starts as an idea; it moves on through ``change_service_status``."""
    unknown = set(fields) - set(SERVICE_FIELDS)
    if unknown:
        raise ValueError(f"Cannot set {', '.join(sorted(unknown))} on a new service.")
    service = create_audited(Service, "roadmap.service.created", by=by, **fields)
    _set_customers(service, customers)
    return service


@transaction.atomic
def update_service(
    service: Service, *, by: Any, customers: Iterable[Customer] | None = None, **fields: Any
) -> dict[str, list[Any]]:
    diff = update_audited(
        service, "roadmap.service.updated", by=by, allowed=SERVICE_FIELDS, **fields
    )
    _require_plain_outcome(service)
    customer_diff = _set_customers(service, customers)
    if customer_diff:
        record(
            "roadmap.service.customers_changed",
            by=by,
            obj=service,
            changes={"customers": customer_diff},
        )
        diff["customers"] = customer_diff
    return diff


@transaction.atomic
def change_service_status(service: Service, to: str, *, by: Any) -> Service:
    """Move a service along idea → piloting → available → retired (see SERVICE_TRANSITIONS)."""
    # Lock the row and read its status as stored; the caller's instance is kept in step.
    service.status = (
        Service.objects.select_for_update().values_list("status", flat=True).get(pk=service.pk)
    )
    if to not in ServiceStatus.values:
        raise ValidationError({"status": f"“{to}” is not a service status."})
    if to not in SERVICE_TRANSITIONS[service.status]:
        raise ValidationError(
            {
                "status": (
                    f"A service cannot go from {ServiceStatus(service.status).label.lower()} "
                    f"to {ServiceStatus(to).label.lower()}."
                )
            }
        )
    old = service.status
    service.status = to
    try:
        _require_plain_outcome(service)
    except ValidationError:
        service.status = old
        raise
    service.save(update_fields=["status", "updated_at"])
    record("roadmap.service.status_changed", by=by, obj=service, changes={"status": [old, to]})
    return service


# --- glossary ----------------------------------------------------------------------------------


def _clean_glossary_fields(fields: dict[str, Any]) -> dict[str, Any]:
    for name in ("term", "plain", "note"):
        if name in fields and isinstance(fields[name], str):
            fields[name] = fields[name].strip()
    return fields


@transaction.atomic
def add_glossary_term(*, by: Any, **fields: Any) -> GlossaryTerm:
    return create_audited(
        GlossaryTerm, "roadmap.glossary_term.created", by=by, **_clean_glossary_fields(fields)
    )


@transaction.atomic
def load_starter_glossary(*, by: Any) -> list[GlossaryTerm]:
    """Add the starter glossary's terms that are missing (a data migration does this once)."""
    from rapport.roadmap.starter_glossary import STARTER_GLOSSARY

    existing = {t.lower() for t in GlossaryTerm.objects.values_list("term", flat=True)}
    return [
        add_glossary_term(by=by, term=term, plain=plain, note=note)
        for term, plain, note in STARTER_GLOSSARY
        if term.lower() not in existing
    ]


@transaction.atomic
def update_glossary_term(
    glossary_term: GlossaryTerm, *, by: Any, **fields: Any
) -> dict[str, list[Any]]:
    return update_audited(
        glossary_term,
        "roadmap.glossary_term.updated",
        by=by,
        allowed=GLOSSARY_FIELDS,
        **_clean_glossary_fields(fields),
    )


@transaction.atomic
def delete_glossary_term(term: GlossaryTerm, *, by: Any) -> None:
    record(
        "roadmap.glossary_term.deleted",
        by=by,
        obj=term,
        changes={"term": term.term, "plain": term.plain},
    )
    term.delete()


@transaction.atomic
def set_customer_term(
    customer: Customer, glossary_term: GlossaryTerm, customer_word: str, *, by: Any
) -> CustomerTerm:
    """Record (or change) the customer's own word for a glossary term."""
    word = (customer_word or "").strip()
    existing = CustomerTerm.objects.filter(customer=customer, glossary_term=glossary_term).first()
    if existing is None:
        return create_audited(
            CustomerTerm,
            "roadmap.customer_term.created",
            by=by,
            customer=customer,
            glossary_term=glossary_term,
            customer_word=word,
        )
    update_audited(
        existing,
        "roadmap.customer_term.updated",
        by=by,
        allowed=["customer_word"],
        customer_word=word,
    )
    return existing


@transaction.atomic
def delete_customer_term(term: CustomerTerm, *, by: Any) -> None:
    record(
        "roadmap.customer_term.deleted",
        by=by,
        obj=term,
        changes={"customer": str(term.customer), "term": term.glossary_term.term},
    )
    term.delete()
