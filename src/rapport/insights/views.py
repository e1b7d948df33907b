"""Console pages of the insights app: the alerts list (PMO roles)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from rapport.accounts.permissions import Capability, require_capability, visible_projects
from rapport.console.pagination import paginate, query_without_page
from rapport.insights import services
from rapport.insights.forms import AlertNoteForm
from rapport.insights.models import Alert, AlertState, Severity

STATE_FILTERS = {
    "active": (AlertState.OPEN, AlertState.ACKNOWLEDGED),
    "open": (AlertState.OPEN,),
    "acknowledged": (AlertState.ACKNOWLEDGED,),
    "resolved": (AlertState.RESOLVED,),
}


def _alerts_for(user):
    return Alert.objects.filter(project__in=visible_projects(user)).select_related(
        "project", "project__customer", "acknowledged_by", "resolved_by"
    )


@require_capability(Capability.MANAGE_ALERTS)
def alert_list(request: HttpRequest) -> HttpResponse:
    """Alerts, most severe first, then the oldest (longest waiting) first."""
    show = request.GET.get("state", "active")
    if show not in STATE_FILTERS:
        show = "active"
    alerts = (
        _alerts_for(request.user)
        .filter(state__in=STATE_FILTERS[show])
        .annotate(
            severity_rank=Case(
                When(severity=Severity.CRITICAL, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("severity_rank", "created_at", "id")
    )
    return render(
        request,
        "insights/alerts.html",
        {
            "page": paginate(request, alerts),
            "show": show,
            "states": list(STATE_FILTERS),
            "query": query_without_page(request),
            "form": AlertNoteForm(),
        },
    )


def _act(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    alert = get_object_or_404(_alerts_for(request.user), pk=pk)
    form = AlertNoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.get("note", ["The note is not valid."])[0])
        if verb == "acknowledge":
            services.acknowledge_alert(alert, by=request.user, note=note)
            messages.success(request, f"Alert on “{alert.project}” acknowledged.")
        else:
            services.resolve_alert(alert, by=request.user, note=note)
            messages.success(request, f"Alert on “{alert.project}” resolved.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    show = request.POST.get("state", "")
    url = reverse("insights:alerts")
    return redirect(f"{url}?state={show}" if show in STATE_FILTERS else url)


@require_capability(Capability.MANAGE_ALERTS)
@require_POST
def alert_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "acknowledge")


@require_capability(Capability.MANAGE_ALERTS)
@require_POST
def alert_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "resolve")
