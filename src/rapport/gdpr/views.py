"""A stakeholder's personal data from their console page: download it, erase it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from rapport.accounts.permissions import Capability, require_capability
from rapport.customers.models import Stakeholder
from rapport.customers.views.common import customer_for
from rapport.gdpr import services


def _stakeholder(request: HttpRequest, pk: int, sid: int) -> Stakeholder:
    customer = customer_for(request, pk)
    return get_object_or_404(
        Stakeholder.objects.select_related("customer"), pk=sid, customer=customer
    )


@require_capability(Capability.MANAGE_CUSTOMERS)
@require_safe
def export(request: HttpRequest, pk: int, sid: int) -> HttpResponse:
    """Everything Rapport holds about the stakeholder, as one JSON file."""
    person = _stakeholder(request, pk, sid)
    body = services.export_stakeholder(person, by=request.user)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="stakeholder-{person.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_capability(Capability.ERASE_PERSONAL_DATA)
@require_POST
def erase(request: HttpRequest, pk: int, sid: int) -> HttpResponse:
    person = _stakeholder(request, pk, sid)
    if request.POST.get("confirm") != "erase":
        messages.error(request, _("Tick the box to confirm the erasure; nothing was erased."))
        return redirect("customers:stakeholder_edit", pk, sid)
    try:
        services.erase_stakeholder(person, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("customers:stakeholder_edit", pk, sid)
    messages.success(
        request,
        _("Their personal data is erased. Their scores stay in the figures, with no name."),
    )
    return redirect(person.customer)
