from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return ", ".join(_shown(item) for item in value) or "—"
    return str(value)


def change_lines(changes: Any) -> list[tuple[str, str]]:
    """An entry's changes as the page shows them: "fr → en" for a change (every value an [old,
    new] pair), a value as written for a record, "—" for nothing."""
    if not isinstance(changes, dict):
        return [("", _shown(changes))] if changes else []
    pairs = bool(changes) and all(isinstance(v, list) and len(v) == 2 for v in changes.values())
    if pairs:
        return [(k, f"{_shown(v[0])} → {_shown(v[1])}") for k, v in changes.items()]
    return [(k, _shown(v)) for k, v in changes.items()]


@require_capability(Capability.VIEW_AUDIT_LOG)
def audit_list(request: HttpRequest) -> HttpResponse:
    action = request.GET.get("action", "").strip()
    entries = filtered_entries(request.GET)
    apps = sorted(
        {a.split(".", 1)[0] for a in AuditEntry.objects.values_list("action", flat=True).distinct()}
    )
    page = paginate(request, entries)
    for entry in page:
        entry.lines = change_lines(entry.changes)  # for the template
    return render(
        request,
        "audit/list.html",
        {
            "page": page,
            "action": action,
            "apps": apps,
            "query": query_without_page(request),
        },
    )
