"""Every change to the PMO's service catalog goes through these functions.

A service becomes available only once its outcome statement passes the plain-language check.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rapport.accounts.owners import SERVICE_OWNER_ROLES, check_owner
from rapport.audit.services import create_audited, record, update_audited
from rapport.catalog.models import SERVICE_TRANSITIONS, Service, ServiceStatus
from rapport.customers.models import Customer
from rapport.plainlanguage.services import plain_language_problem

SERVICE_FIELDS = ("name", "outcome", "description", "owner", "outcome_translations")


# --- services ----------------------------------------------------------------------------------


def _require_plain_outcome(service: Service) -> None:
    if service.status != ServiceStatus.AVAILABLE:
        return
    # Written in English; each translation is checked in its own language.
    problem = plain_language_problem(service.outcome, service.outcome_translations, language="en")
    if problem:
        raise ValidationError(
            {
                "outcome": _(
                    "A service can only be available once its outcome statement is in plain "
                    "language. %(report)s"
                )
                % {"report": problem}
            }
        )


def _set_customers(
    service: Service, customers: Iterable[Customer] | None
) -> list[list[str]] | None:
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
    check_owner("owner", fields.get("owner"), SERVICE_OWNER_ROLES, current=None)
    service = create_audited(Service, "roadmap.service.created", by=by, **fields)
    _set_customers(service, customers)
    return service


@transaction.atomic
def update_service(
    service: Service, *, by: Any, customers: Iterable[Customer] | None = None, **fields: Any
) -> dict[str, list[Any]]:
    if "owner" in fields:
        check_owner("owner", fields["owner"], SERVICE_OWNER_ROLES, current=service.owner_id)
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
        raise ValidationError({"status": _("“%(to)s” is not a service status.") % {"to": to}})
    if to not in SERVICE_TRANSITIONS[service.status]:
        raise ValidationError(
            {
                "status": _("A service cannot go from %(old)s to %(new)s.")
                % {
                    "old": ServiceStatus(service.status).label.lower(),
                    "new": ServiceStatus(to).label.lower(),
                }
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


def untranslated_outcomes(
    services: Iterable[Service], languages: Iterable[str]
) -> list[tuple[str, str]]:
    """(service name, language) for every outcome statement with no translation in one of
    ``languages``. A service is written once for every customer, in Rapport's own language
    (``settings.LANGUAGE_CODE``, English); any other language needs its translation
    (``Service.outcome_translations``) before a customer reads it."""
    wanted = sorted(set(languages) - {"", settings.LANGUAGE_CODE})
    return [
        (service.name, language)
        for service in services
        for language in wanted
        if service.outcome_in(language) == service.outcome
    ]
