"""Console pages of the insights app: health review dashboard, project health, alerts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from rapport.accounts.permissions import (
    Capability,
    FigureScope,
    can_manage_comment_topics,
    can_view_feedback_detail,
    can_view_figure,
    has_capability,
    require_capability,
    visible_alert_projects,
    visible_customers,
    visible_projects,
)
from rapport.console.filters import known_choice
from rapport.console.pagination import paginate, query_without_page
from rapport.console.shortcuts import get_visible
from rapport.disclosure.release import load_partition, project_counts
from rapport.insights import dashboard, services, topics, wording
from rapport.insights.analytics.types import PERIOD_RE
from rapport.insights.comment_insight import comment_insight
from rapport.insights.forms import AlertNoteForm, TopicForm
from rapport.insights.models import Alert, AlertState, CommentTopic, Severity
from rapport.portfolio.models import Project

STATE_FILTERS = {
    "active": (AlertState.OPEN, AlertState.ACKNOWLEDGED),
    "open": (AlertState.OPEN,),
    "acknowledged": (AlertState.ACKNOWLEDGED,),
    "resolved": (AlertState.RESOLVED,),
}


def expected_false_alarms(projects: QuerySet[Project]) -> dict[str, float | int]:
    """What the early warning's calibration means for this reader's active projects."""
    rate = float(settings.RAPPORT_ALERT_FALSE_ALARMS)
    active = projects.filter(state="active").count()
    per_year = rate * active
    # The count that chooses "alert" or "alerts" (a plural form needs a whole number): one
    # only for exactly one a year.
    form = 1 if per_year == 1 else 0 if per_year < 1 else 2
    return {"rate": rate, "projects": active, "per_year": per_year, "per_year_form": form}


def _alerts_for(user: Any) -> QuerySet[Alert]:
    return Alert.objects.filter(project__in=visible_projects(user)).select_related(
        "project", "project__customer", "acknowledged_by", "resolved_by"
    )


def alert_state_filter(params: Mapping[str, str]) -> str:
    show = params.get("state", "active")
    return show if show in STATE_FILTERS else "active"


def filtered_alerts(user: Any, params: Mapping[str, str]) -> QuerySet[Alert]:
    """The alerts page's list for ``user`` and ``params`` (``state``): most severe first, then
    the oldest (longest waiting) first; the page and its exports both read it."""
    return (
        _alerts_for(user)
        .filter(state__in=STATE_FILTERS[alert_state_filter(params)])
        .annotate(
            severity_rank=Case(
                When(severity=Severity.CRITICAL, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("severity_rank", "created_at", "id")
    )


def dashboard_projects(user: Any, params: Mapping[str, str]) -> QuerySet:
    """The projects the health review shows ``user``, with its ``customer`` filter."""
    projects = visible_projects(user)
    chosen = params.get("customer", "")
    if chosen.isdigit():
        projects = projects.filter(customer_id=int(chosen))
    return projects


@require_capability(Capability.MANAGE_ALERTS)
def alert_list(request: HttpRequest) -> HttpResponse:
    """Alerts, most severe first, then the oldest (longest waiting) first."""
    show = known_choice(request, "state", STATE_FILTERS, label=gettext("Show"), default="active")
    alerts = filtered_alerts(request.user, request.GET)
    return render(
        request,
        "insights/alerts.html",
        {
            "expected": expected_false_alarms(visible_projects(request.user)),
            "page": paginate(request, alerts),
            "show": show,
            "states": [(state, wording.state_label(state)) for state in STATE_FILTERS],
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
            raise ValidationError(form.errors.get("note", [gettext("The note is not valid.")])[0])
        if verb == "acknowledge":
            services.acknowledge_alert(alert, by=request.user, note=note)
            messages.success(
                request,
                gettext("Alert on “%(project)s” acknowledged.") % {"project": alert.project},
            )
        else:
            services.resolve_alert(alert, by=request.user, note=note)
            messages.success(
                request, gettext("Alert on “%(project)s” resolved.") % {"project": alert.project}
            )
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


# --- Portfolio health review ---------------------------------------------------------------------


ROLLUP_PAGE = 24  # customers per page of the roll-up


@require_capability(Capability.VIEW_PORTFOLIO)
def health_dashboard(request: HttpRequest) -> HttpResponse:
    """Heatmap, funnel plot, needs-attention list and customer roll-up, from snapshots only.

    Its size does not grow with the portfolio: the heatmap and the roll-up are paginated, the
    funnel shades the projects inside its limits, each customer's trend loads on demand."""
    customers = list(visible_customers(request.user).order_by("name").values_list("pk", "name"))
    chosen = known_choice(
        request, "customer", [str(pk) for pk, _name in customers], label=gettext("Customer")
    )
    projects = dashboard_projects(request.user, {"customer": chosen})
    last = dashboard.latest_period(projects)
    periods = dashboard.months_until(last) if last else []
    rows = projects.filter(health_snapshots__latest=True).select_related("customer")
    page = paginate(request, rows.order_by("customer__name", "name", "pk"), per_page=25)
    funnel, plotted = dashboard.funnel(projects, links=True)
    detail_projects = visible_alert_projects(request.user, projects)
    rollup = dashboard.customer_rollup(projects, periods, trends=False)
    rollup_page = Paginator(rollup, ROLLUP_PAGE).get_page(request.GET.get("customers_page"))
    params = request.GET.copy()
    params.pop("customers_page", None)
    return render(
        request,
        "insights/dashboard.html",
        {
            "last": last,
            "page": page,
            "heatmap": dashboard.heatmap(page.object_list, periods) if last else "",
            "funnel": funnel,
            "plotted": plotted,
            "funnel_points": dashboard.FUNNEL_POINTS,
            "attention": dashboard.needs_attention(detail_projects),
            "may_see_alerts": has_capability(request.user, Capability.MANAGE_ALERTS),
            "rollup": rollup_page,
            "rollup_query": params.urlencode(),
            "totals": {k: sum(getattr(c, k) for c in rollup) for k in ("green", "amber", "red")},
            "customers": customers,
            "chosen": chosen,
            "query": query_without_page(request),
            "insight": comment_insight(request.user, chosen),
            "may_edit_topics": can_manage_comment_topics(request.user),
        },
    )


@require_capability(Capability.VIEW_PORTFOLIO)
def customer_trend(request: HttpRequest, pk: int) -> HttpResponse:
    """One customer's mean θ by month over the 12 months up to ``until`` (default: the latest
    month of the reader's projects), as the health review loads it on demand (htmx: the chart
    alone); opened without htmx, a page with the chart."""
    customer = get_visible(visible_customers(request.user), pk, "customer")
    projects = visible_projects(request.user).filter(customer_id=customer.pk)
    until = request.GET.get("until", "")
    if until and not PERIOD_RE.fullmatch(until):
        return HttpResponseBadRequest(gettext("“until” must be a month as YYYY-MM, e.g. 2026-03."))
    last = until or dashboard.latest_period(visible_projects(request.user))
    periods = dashboard.months_until(last) if last else []
    context = {"customer": customer, "trend": dashboard.customer_trend(projects, periods)}
    htmx = request.headers.get("HX-Request") == "true"
    template = "insights/_customer_trend.html" if htmx else "insights/customer_trend.html"
    return render(request, template, context)


@login_required
def project_health(request: HttpRequest, pk: int) -> HttpResponse:
    """One project's health over time: trend with interval, signals and their evidence."""
    project = get_visible(visible_projects(request.user).select_related("customer"), pk, "project")
    if not can_view_figure(request.user, FigureScope.PROJECT, project=project):
        raise PermissionDenied
    snapshots = list(project.health_snapshots.order_by("period"))
    latest = snapshots[-1] if snapshots else None
    detail = can_view_feedback_detail(request.user, project)
    partition = load_partition([project.customer_id])
    return render(
        request,
        "insights/project.html",
        {
            "project": project,
            "latest": latest,
            # The month's reasons in the reader's language (stored in English).
            "reasons": wording.reasons(latest.reasons, latest.signals) if latest else [],
            "trend": dashboard.project_trend(snapshots) if snapshots else "",
            "detail": detail,
            "alerts": list(project.alerts.exclude(state=AlertState.RESOLVED).order_by("period"))
            if detail
            else [],
            "recent": list(reversed(snapshots[-6:])),
            "protected": project_counts(project.pk, partition),
            "k": partition.k,
        },
    )


# --- Comment topics (the PMO's taxonomy) ---------------------------------------------------------


def _topics_allowed(request: HttpRequest) -> None:
    if not can_manage_comment_topics(request.user):
        raise PermissionDenied


@login_required
def topic_list(request: HttpRequest) -> HttpResponse:
    """Every topic with its phrases per language; active ones first."""
    _topics_allowed(request)
    rows = [
        (
            topic,
            [
                (name, (topic.phrases or {}).get(lang, []))
                for lang, name in wording.LANGUAGE_NAMES.items()
            ],
        )
        for topic in CommentTopic.objects.order_by("-active", "name")
    ]
    return render(request, "insights/topics.html", {"rows": rows})


@login_required
def topic_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add a topic (no ``pk``) or change one. Bad phrases are refused and nothing is saved."""
    _topics_allowed(request)
    topic = get_object_or_404(CommentTopic, pk=pk) if pk is not None else None
    initial = {}
    if topic is not None:
        initial = {"name": topic.name, "description": topic.description, "active": topic.active}
        for lang, phrases in (topic.phrases or {}).items():
            initial[f"phrases_{lang}"] = "\n".join(phrases)
    form = TopicForm(request.POST or None, initial=initial, editing=topic is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if topic is None:
                topic = topics.create_topic(
                    by=request.user,
                    key=data["key"],
                    name=data["name"],
                    description=data["description"],
                    phrases=form.phrases(),
                    active=data["active"],
                )
                messages.success(request, gettext("Topic “%(name)s” added.") % {"name": topic.name})
            else:
                topics.update_topic(
                    topic,
                    by=request.user,
                    name=data["name"],
                    description=data["description"],
                    phrases=form.phrases(),
                    active=data["active"],
                )
                messages.success(request, gettext("Topic “%(name)s” saved.") % {"name": topic.name})
            return redirect("insights:topics")
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
    return render(request, "insights/topic_form.html", {"form": form, "topic": topic})
