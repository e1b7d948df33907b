"""Every change to the glossary and to customers' own words goes through these functions.

``check_language(text, customer=…)`` is the one entry point other apps call to check a
customer-facing text against the live glossary (and that customer's own words).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from rapport.audit.services import create_audited, record, update_audited
from rapport.customers.models import Customer
from rapport.plainlanguage.check import GlossaryEntry, LanguageReport, check_text
from rapport.plainlanguage.models import CustomerTerm, GlossaryTerm

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
    from rapport.plainlanguage.starter_glossary import STARTER_GLOSSARY

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
