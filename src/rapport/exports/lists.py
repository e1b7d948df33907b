"""One export spec per console list (responses are in ``responses.py``: privacy rules).

Each spec reads its rows from the page's own queryset function, so an export is the list as
its reader sees it on screen: the same permission layer, the same filters, every page.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_noop

from rapport.accounts.permissions import (
    Capability,
    customer_input_customers,
    has_capability,
    visible_alert_projects,
    visible_customers,
    visible_projects,
)
from rapport.exports.columns import PERCENT, Column, ExportSpec, Params, RowTransform
from rapport.exports.filters import (
    Filter,
    action_prefix,
    choice_of,
    flag,
    ident,
    month,
    one_of,
    search,
)

HIDDEN = "(hidden: given in confidence)"


def signed_in(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _id(params: Params, name: str) -> int | None:
    value = str(params.get(name, "")).strip()
    return int(value) if value.isdigit() else None


# --- customers and stakeholders ------------------------------------------------------------------


def _customers(user: Any, params: Params) -> QuerySet:
    from rapport.customers.views.profile import filtered_customers

    return filtered_customers(user, params)


CUSTOMERS = ExportSpec(
    name="customers",
    title="Customers",
    columns=(
        Column("id", "pk"),
        Column("customer", "name", text=True),
        Column("external_id", "external_id", text=True),
        Column("kind", "kind"),
        Column("language", "language"),
        Column("preferred_channel", "preferred_channel"),
        Column("feedback_culture", "feedback_culture"),
        Column("relationship_owner", "relationship_owner__full_name", text=True),
        Column("active_projects", "active_projects"),
        Column("stakeholders", "stakeholder_count"),
        Column("open_concerns", "open_concerns"),
    ),
    queryset=_customers,
    allowed=signed_in,
    filters=(search("q"),),
)


def _stakeholders(user: Any, params: Params) -> QuerySet:
    """The stakeholders of the customers the reader sees (as on each customer's page)."""
    from rapport.customers.models import Stakeholder

    people = Stakeholder.objects.filter(customer__in=visible_customers(user).values("pk"))
    if (customer := _id(params, "customer")) is not None:
        people = people.filter(customer_id=customer)
    if q := str(params.get("q", "")).strip():
        people = people.filter(name__icontains=q)
    if not params.get("all"):
        people = people.filter(is_active=True)
    return people.order_by("customer__name", "name", "pk")


STAKEHOLDERS = ExportSpec(
    name="stakeholders",
    title="Stakeholders",
    columns=(
        Column("id", "pk"),
        Column("customer", "customer__name", text=True),
        Column("name", "name", text=True),
        Column("role", "role", text=True),
        Column("email", "email", text=True),
        Column("language", "language"),
        Column("power", "power"),
        Column("interest", "interest"),
        Column("engagement_current", "engagement_current"),
        Column("engagement_desired", "engagement_desired"),
        Column("active", "is_active"),
    ),
    queryset=_stakeholders,
    allowed=signed_in,
    filters=(ident("customer"), search("q"), flag("all")),
)


# --- projects and reviews -------------------------------------------------------------------


def _projects(user: Any, params: Params) -> QuerySet:
    from rapport.portfolio.forms import ProjectFilterForm
    from rapport.portfolio.views import filtered_projects

    return filtered_projects(user, ProjectFilterForm(params or None))


PROJECTS = ExportSpec(
    name="projects",
    title="Projects",
    columns=(
        Column("id", "pk"),
        Column("project", "name", text=True),
        Column("code", "code", text=True),
        Column("customer", "customer__name", text=True),
        Column("state", "state"),
        Column("phase", "phase"),
        Column("delivery_status", "delivery_status"),
        Column("complexity", "complexity"),
        Column("novelty", "novelty"),
        Column("size_band", "size_band"),
        Column("customer_groups", "customer_groups"),
        Column("site", "site"),
        Column("start_date", "start_date"),
        Column("end_date", "end_date"),
    ),
    queryset=_projects,
    allowed=signed_in,
    filters=(
        search("q"),
        ident("customer"),
        choice_of("delivery_status", "portfolio.Project"),
        choice_of("state", "portfolio.Project"),
    ),
)


def _cycles(user: Any, params: Params) -> QuerySet:
    from rapport.feedback.views.lists import filtered_cycles

    return filtered_cycles(user, params)


REVIEWS = ExportSpec(
    name="reviews",
    title="Reviews",
    columns=(
        Column("id", "pk"),
        Column("project", "project__name", text=True),
        Column("customer", "project__customer__name", text=True),
        Column("period", "period"),
        Column("mode", "mode"),
        Column("state", "state"),
        Column("confidentiality", "confidentiality"),
        Column("deadline", "deadline"),
        Column("disengaged", "disengaged"),
        Column("invited", "invited"),
        Column("answered", "answered"),
        Column("responses", "response_count"),
    ),
    queryset=_cycles,
    allowed=signed_in,
    filters=(
        flag("in_flight"),
        ident("project"),
        month("period"),
        choice_of("state", "feedback.ReviewCycle"),
    ),
)


# --- issues and actions -----------------------------------------------------------------------


def _feedback_rows(model_name: str) -> Callable[[Any, Params], QuerySet]:
    def rows(user: Any, params: Params) -> QuerySet:
        from rapport.feedback import models

        # The words' level: the review's, or a stricter one of the answer or issue behind them.
        level = models.ISSUE_LEVEL if model_name == "Issue" else models.ACTION_LEVEL
        qs = (
            getattr(models, model_name)
            .objects.filter(project__in=visible_projects(user))
            .annotate(words_level=level)
        )
        if (project := _id(params, "project")) is not None:
            qs = qs.filter(project_id=project)
        if (cycle := _id(params, "cycle")) is not None:
            qs = qs.filter(cycle_id=cycle)
        if params.get("period"):
            qs = qs.filter(cycle__period=params["period"])
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        return qs.order_by("project__name", "cycle__period", "pk")

    return rows


def _feedback_filters(model_name: str) -> tuple[Filter, ...]:
    return (
        ident("project"),
        ident("cycle"),
        month("period"),
        choice_of("status", f"feedback.{model_name}"),
    )


def _hide_protected_text(
    text_index: int, *, project_index: int = 1, level_index: int = 5
) -> Callable[[Any, Params], RowTransform]:
    """Words said in a confidential or anonymous review stay hidden from readers who see only
    totals (sponsors), as on the review page: ``can_read_issue_text`` as a set. Protected
    words need the project's feedback detail (``visible_alert_projects`` is its set-based
    twin); attributed words need the project to be visible, which every exported row is."""

    def transform(user: Any, params: Params) -> RowTransform:
        detail = set(visible_alert_projects(user).values_list("pk", flat=True))

        def row(values: Any) -> Sequence[Any]:
            if values[level_index] == "attributed" or values[project_index] in detail:
                return values
            values = list(values)
            values[text_index] = HIDDEN
            return values

        return row

    return transform


ISSUES = ExportSpec(
    name="issues",
    title="Issues",
    columns=(
        Column("id", "pk"),
        Column("project_id", "project_id"),
        Column("project", "project__name", text=True),
        Column("customer", "project__customer__name", text=True),
        Column("period", "cycle__period"),
        Column("confidentiality", "words_level"),
        Column("issue", "text", text=True),
        Column("priority", "priority"),
        Column("status", "status"),
        Column("raised_on", "raised_on"),
    ),
    queryset=_feedback_rows("Issue"),
    allowed=signed_in,
    transform=_hide_protected_text(6),
    filters=_feedback_filters("Issue"),
)

ACTIONS = ExportSpec(
    name="actions",
    title="Actions",
    columns=(
        Column("id", "pk"),
        Column("project_id", "project_id"),
        Column("project", "project__name", text=True),
        Column("customer", "project__customer__name", text=True),
        Column("period", "cycle__period"),
        Column("confidentiality", "words_level"),
        Column("action", "title", text=True),
        Column("issue_id", "issue_id"),
        Column("owner", "owner__full_name", text=True),
        Column("due", "due"),
        Column("status", "status"),
        Column("done_on", "done_on"),
        Column("customer_told_at", "customer_told_at"),
        Column("customer_confirmed_at", "customer_confirmed_at"),
    ),
    queryset=_feedback_rows("Action"),
    allowed=signed_in,
    transform=_hide_protected_text(6),
    filters=_feedback_filters("Action"),
)


# --- alerts and health ------------------------------------------------------------------------


def _alerts(user: Any, params: Params) -> QuerySet:
    from rapport.insights.views import filtered_alerts

    return filtered_alerts(user, params)


def _alert_states() -> list[str]:
    from rapport.insights.views import STATE_FILTERS

    return list(STATE_FILTERS)


ALERTS = ExportSpec(
    name="alerts",
    title="Alerts",
    columns=(
        Column("id", "pk"),
        Column("project", "project__name", text=True),
        Column("customer", "project__customer__name", text=True),
        Column("period", "period"),
        Column("last_period", "last_period"),
        Column("rule", "rule"),
        Column("severity", "severity"),
        Column("state", "state"),
        Column("message", "message", text=True),
        Column("created_at", "created_at"),
        Column("acknowledged_note", "acknowledged_note", text=True),
        Column("resolved_note", "resolved_note", text=True),
    ),
    queryset=_alerts,
    allowed=lambda user: has_capability(user, Capability.MANAGE_ALERTS),
    refused=gettext_noop(
        "Alerts are for the PMO (project managers read theirs on each project's page)."
    ),
    filters=(one_of("state", _alert_states),),
)


def _health(user: Any, params: Params) -> QuerySet:
    """Every month of the health review: stored snapshots, which see answers given in
    confidence only through the disclosure layer's released blocks (``insights.loading``)."""
    from rapport.insights.readout import health_snapshots
    from rapport.insights.views import dashboard_projects

    projects = dashboard_projects(user, params)
    if (project := _id(params, "project")) is not None:
        projects = projects.filter(pk=project)
    snapshots = health_snapshots(projects, all_periods=True)
    if params.get("period"):
        snapshots = snapshots.filter(period=params["period"])
    return snapshots


def _health_signals(user: Any, params: Params) -> RowTransform:
    """Signal messages cite answers: readers without the project's feedback detail (sponsors)
    get the rule names only, as in the API (``insights.readout.health_row``)."""
    detail = set(visible_alert_projects(user).values_list("pk", flat=True))

    def row(values: Any) -> Sequence[Any]:
        values = list(values)
        key = "message" if values[1] in detail else "rule"
        values[-1] = "; ".join(str(s.get(key, "")) for s in values[-1] or [])
        return values

    return row


HEALTH = ExportSpec(
    name="health",
    title="Health by month",
    columns=(
        Column("project", "project__name", text=True),
        Column("project_id", "project_id"),
        Column("customer", "project__customer__name", text=True),
        Column("period", "period"),
        Column("n", "n"),
        Column("mean", "mean"),
        Column("adjusted", "adjusted"),
        Column("theta", "theta"),
        Column("low", "low"),
        Column("high", "high"),
        Column("status", "status"),
        Column("delivery", "delivery"),
        Column("satisfaction", "satisfaction"),
        Column("engagement", "engagement"),
        Column("actions", "actions"),
        Column("signals", "signals", text=True),
    ),
    queryset=_health,
    allowed=signed_in,
    transform=_health_signals,
    filters=(ident("customer"), ident("project"), month("period")),
)


# --- roadmap and audit log ------------------------------------------------------------------


def _roadmap(user: Any, params: Params) -> QuerySet:
    from rapport.roadmap.models import RoadmapItem

    items = RoadmapItem.objects.filter(customer__in=visible_customers(user).values("pk"))
    if (customer := _id(params, "customer")) is not None:
        items = items.filter(customer_id=customer)
    if params.get("status"):
        items = items.filter(status=params["status"])
    # The roadmap page's order, customer by customer.
    return items.order_by("customer__name", "customer_id", "position", "pk")


def _roadmap_comments(user: Any, params: Params) -> RowTransform:
    """The customer's comments on an item are their words: not for sponsors, as on the page
    (``can_view_customer_input`` as a set)."""
    readable = set(customer_input_customers(user).values_list("pk", flat=True))

    def row(values: Any) -> Sequence[Any]:
        if values[1] in readable:
            return values
        values = list(values)
        values[-1] = ""
        return values

    return row


ROADMAP = ExportSpec(
    name="roadmap",
    title="Roadmap items",
    columns=(
        Column("id", "pk"),
        Column("customer_id", "customer_id"),
        Column("customer", "customer__name", text=True),
        Column("title", "title", text=True),
        Column("outcome", "outcome", text=True),
        Column("service", "service__name", text=True),
        Column("kind", "kind"),
        Column("status", "status"),
        Column("reach", "reach"),
        Column("pain_relief", "pain_relief"),
        Column("confidence", "confidence"),
        Column("effort", "effort"),
        Column("rice", "rice_score"),
        Column("wave", "wave"),
        Column("build_start", "build_start"),
        Column("build_end", "build_end"),
        Column("adoption_end", "adoption_end"),
        Column("adoption_pct", "adoption_pct", kind=PERCENT),  # 0–100
        Column("customer_comments", "customer_comments", text=True),
    ),
    queryset=_roadmap,
    allowed=signed_in,
    transform=_roadmap_comments,
    filters=(ident("customer"), choice_of("status", "roadmap.RoadmapItem")),
)


def _audit(user: Any, params: Params) -> QuerySet:
    from rapport.audit.views import filtered_entries

    return filtered_entries(params)


def _audit_changes(user: Any, params: Params) -> RowTransform:
    def row(values: Any) -> Sequence[Any]:
        values = list(values)
        values[-1] = json.dumps(values[-1], ensure_ascii=False, default=str)
        return values

    return row


AUDIT = ExportSpec(
    name="audit",
    title="Audit log",
    columns=(
        Column("at", "at"),
        Column("who", "actor_label", text=True),
        Column("action", "action", text=True),
        Column("object_type", "object_type", text=True),
        Column("object_id", "object_id", text=True),
        Column("what", "object_repr", text=True),
        Column("changes", "changes", text=True),
    ),
    queryset=_audit,
    allowed=lambda user: has_capability(user, Capability.VIEW_AUDIT_LOG),
    refused=gettext_noop("The audit log is for the PMO."),
    transform=_audit_changes,
    filters=(action_prefix("action"),),
)
