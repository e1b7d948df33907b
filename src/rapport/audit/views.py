from __future__ import annotations

from collections.abc import Mapping

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rapport.accounts.permissions import Capability, require_capability
from rapport.audit.models import AuditEntry
from rapport.console.pagination import paginate, query_without_page


def filtered_entries(params: Mapping[str, str]) -> QuerySet[AuditEntry]:
    """The audit log filtered by ``params`` (``action``: a dotted prefix), newest first; the
    page and its exports both read it. Who may read it is the caller's check."""
    action = params.get("action", "").strip()
    entries = AuditEntry.objects.select_related("actor")
    if action:
        entries = entries.filter(action__startswith=action)
    return entries


@require_capability(Capability.VIEW_AUDIT_LOG)
def audit_list(request: HttpRequest) -> HttpResponse:
    action = request.GET.get("action", "").strip()
    entries = filtered_entries(request.GET)
    apps = sorted(
        {a.split(".", 1)[0] for a in AuditEntry.objects.values_list("action", flat=True).distinct()}
    )
    return render(
        request,
        "audit/list.html",
        {
            "page": paginate(request, entries),
            "action": action,
            "apps": apps,
            "query": query_without_page(request),
        },
    )
