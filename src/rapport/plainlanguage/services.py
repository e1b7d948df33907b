"""Every change to the glossary and to customers' own words goes through these functions.

``check_language(text, customer=…, language=…)`` is the one entry point other apps call to check
a customer-facing text against the live glossary of its language (and that customer's own
words); ``check_translations`` checks a text and each of its translations in its own language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from rapport.audit.services import create_audited, record, update_audited
from rapport.customers.models import Customer, Language
from rapport.plainlanguage.check import GlossaryEntry, LanguageReport, base_language, check_text
from rapport.plainlanguage.models import CustomerTerm, GlossaryTerm

GLOSSARY_FIELDS = ("term", "plain", "note", "language", "active")


# --- reads: the live glossary as plain data ----------------------------------------------------


def glossary_entries(language: str = "en") -> list[GlossaryEntry]:
    """The active glossary of ``language``."""
    terms = GlossaryTerm.objects.filter(active=True, language=base_language(language))
    return [
        GlossaryEntry(term=t, plain=p, note=n)
        for t, p, n in terms.values_list("term", "plain", "note")
    ]


def customer_overrides(customer: Customer | None, language: str = "en") -> dict[str, str]:
    """The customer's own words for the glossary terms of ``language``."""
    if customer is None:
        return {}
    return dict(
        CustomerTerm.objects.filter(
            customer=customer,
            glossary_term__active=True,
            glossary_term__language=base_language(language),
        ).values_list("glossary_term__term", "customer_word")
    )


def text_language(customer: Customer | None = None, language: str | None = None) -> str:
    """The language a text is written in: ``language`` when it is one customers read, else the
    customer's (a roadmap outcome is written in the customer's language), else English."""
    if language and base_language(language) in Language.values:
        return base_language(language)
    if customer is not None and customer.language:
        return base_language(customer.language)
    return "en"


def check_language(
    text: str, *, customer: Customer | None = None, language: str | None = None
) -> LanguageReport:
    """The plain-language check of ``text``, written in ``language`` (default: the customer's,
    else English), with that language's live glossary and the customer's own words."""
    code = text_language(customer, language)
    return check_text(
        text,
        language=code,
        glossary=glossary_entries(code),
        overrides=customer_overrides(customer, code),
        customer_words=list(customer.vocabulary or []) if customer else [],
    )


def check_translations(
    text: str,
    translations: Mapping[str, str] | None,
    *,
    customer: Customer | None = None,
    language: str | None = None,
) -> dict[str, LanguageReport]:
    """The check of ``text`` (in ``language``, default the customer's) and of each translation
    in its own language (``{"de": "…"}``), by language code; empty translations are skipped."""
    code = text_language(customer, language)
    reports = {code: check_language(text, customer=customer, language=code)}
    for other, translated in (translations or {}).items():
        if translated and translated.strip() and base_language(other) != code:
            reports[base_language(other)] = check_language(
                translated, customer=customer, language=other
            )
    return reports


def failing(reports: Mapping[str, LanguageReport]) -> dict[str, LanguageReport]:
    """The reports of ``check_translations`` that do not pass."""
    return {code: report for code, report in reports.items() if not report.passes}


def plain_language_problem(
    text: str,
    translations: Mapping[str, str] | None,
    *,
    customer: Customer | None = None,
    language: str | None = None,
) -> str:
    """Why ``text`` or one of its translations is not plain language yet, in one line ("" when
    all pass): the text's own summary, then each failing translation's, named by language."""
    code = text_language(customer, language)
    reports = failing(check_translations(text, translations, customer=customer, language=code))
    names = dict(Language.choices)
    parts = [reports.pop(code).summary()] if code in reports else []
    parts += [
        _("In %(language)s: %(summary)s")
        % {"language": names.get(other, other), "summary": report.summary()}
        for other, report in sorted(reports.items())
    ]
    return " ".join(parts)


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
def load_starter_glossary(*, by: Any, language: str | None = None) -> list[GlossaryTerm]:
    """Add the starter glossary's terms that are missing, in ``language`` or in every language
    (data migrations do this once)."""
    from rapport.plainlanguage.starter_glossary import STARTER_GLOSSARIES

    added = []
    for code, rows in STARTER_GLOSSARIES.items():
        if language is not None and code != base_language(language):
            continue
        existing = {
            t.lower()
            for t in GlossaryTerm.objects.filter(language=code).values_list("term", flat=True)
        }
        added += [
            add_glossary_term(by=by, term=term, plain=plain, note=note, language=code)
            for term, plain, note in rows
            if term.lower() not in existing
        ]
    return added


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
