"""Data for the portfolio health review pages, from stored snapshots only.

Every function runs a fixed number of queries, whatever the number of projects: rows are
paginated, cells come in one query for the page, roll-ups are grouped in the database.
Projects are ordered by customer and name, never by score or manager (no league table).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Avg, Case, Count, IntegerField, Max, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext

from rapport.chart_text import ChartText
from rapport.insights.analytics.health import worst
from rapport.insights.analytics.types import next_period
from rapport.insights.chart_texts import funnel_text, heatmap_text, trend_text
from rapport.insights.charts import (
    ChartWords,
    FunnelPoint,
    HeatCell,
    TrendPoint,
    funnel_svg,
    heatmap_svg,
    trend_svg,
)
from rapport.insights.models import Alert, AlertState, HealthSnapshot, RecomputeRequest, Severity
from rapport.insights.readout import latest_only

MONTHS = 12


def _svg(markup: str, text: ChartText | None = None) -> SafeString:
    """Charts are built by ``insights.charts``, which escapes every piece of text it draws;
    ``text`` is the chart's text alternative (summary and data table), escaped by ChartText."""
    alternative = text.as_html() if text is not None else ""
    return mark_safe(markup + alternative)  # noqa: S308


TARGET = 7.0
DEFAULT_SIGMA = 1.5


FUNNEL_POINTS = 150  # above this many projects the funnel shades the projects inside its limits


def latest_period(projects: QuerySet) -> str | None:
    """The newest month of any of ``projects``' latest snapshots (one row per project)."""
    latest = HealthSnapshot.objects.filter(project__in=projects, latest=True)
    return latest.aggregate(p=Max("period"))["p"]


def months_until(last: str, count: int = MONTHS) -> list[str]:
    return [next_period(last, -k) for k in range(count - 1, -1, -1)]


def chart_words() -> ChartWords:
    """The words drawn in the charts, in the active language."""
    return ChartWords(
        target=gettext("target %(value)s"),
        no_scores=gettext("No scores yet"),
        status=(
            ("G", pgettext("status", "green")),
            ("A", pgettext("status", "amber")),
            ("R", pgettext("status", "red")),
            ("", pgettext("status", "no data")),
        ),
        zone=(
            ("alarm", pgettext("funnel", "outside the alarm limits")),
            ("warning", pgettext("funnel", "outside the warning limits")),
            ("inside", pgettext("funnel", "inside the limits")),
            ("alarm_below", pgettext("funnel", "below the alarm limits")),
            ("alarm_above", pgettext("funnel", "above the alarm limits")),
            ("warning_below", pgettext("funnel", "below the warning limits")),
            ("warning_above", pgettext("funnel", "above the warning limits")),
        ),
        one_project=gettext("%(count)s project %(where)s"),
        projects=gettext("%(count)s projects %(where)s"),
        interval=gettext(", interval %(low)s–%(high)s"),
        answers_axis=gettext("Number of answers (n)"),
    )


def _detail(s: HealthSnapshot) -> str:
    if s.theta is None:
        return gettext("no scores in the last 12 months; %(count)s signal(s)") % {
            "count": len(s.signals)
        }
    figures = gettext("θ %(theta)s (%(low)s–%(high)s), mean %(mean)s, n=%(n)s") % {
        "theta": f"{s.theta:.1f}",
        "low": f"{s.low:.1f}",
        "high": f"{s.high:.1f}",
        "mean": f"{s.mean:.1f}",
        "n": s.n,
    }
    if not s.signals:
        return figures
    return gettext("%(figures)s; %(count)s signal(s)") % {
        "figures": figures,
        "count": len(s.signals),
    }


def screen_heatmap_title() -> str:
    return gettext("Health by month (hover for figures)")


def heatmap(
    projects: Iterable,
    periods: list[str],
    *,
    title: str | None = None,
    linked: bool = True,
) -> str:
    """One query for the cells of the projects on this page. On paper (``linked=False``) the rows
    link nowhere, and the title should not ask the reader to hover."""
    projects = list(projects)
    index = {p.pk: i for i, p in enumerate(projects)}
    col = {p: j for j, p in enumerate(periods)}
    cells: dict[tuple[int, int], HeatCell] = {}
    if projects and periods:
        for s in HealthSnapshot.objects.filter(
            project_id__in=list(index), period__gte=periods[0], period__lte=periods[-1]
        ):
            cells[(index[s.project_id], col[s.period])] = HeatCell(s.status, _detail(s))
    names = [p.name for p in projects]
    links = [reverse("insights:project", args=[p.pk]) for p in projects] if linked else None
    return _svg(
        heatmap_svg(
            names,
            periods,
            cells,
            title=title if title is not None else screen_heatmap_title(),
            links=links,
            label_width=230,
            words=chart_words(),
        ),
        heatmap_text(names, periods, cells),
    )


def sigma() -> float:
    state = RecomputeRequest.objects.filter(pk=1).values_list("summary", flat=True).first()
    value = (state or {}).get("sigma")
    return float(value) if value and math.isfinite(value) else DEFAULT_SIGMA


def funnel(projects: QuerySet, *, until: str | None = None, links: bool = False) -> tuple[str, int]:
    """θ against n of each project's latest snapshot (up to ``until``); one query. With
    ``links``, the points drawn open their project's health page."""
    rows = latest_only(
        HealthSnapshot.objects.filter(project__in=projects, theta__isnull=False), until=until
    )
    link = reverse("insights:project", args=[0]).replace("/0/", "/{}/")
    points = [
        FunnelPoint(n=n, theta=theta, label=name, href=link.format(pk) if links else "")  # type: ignore[arg-type]  # theta__isnull=False
        for n, theta, name, pk in rows.values_list("n", "theta", "project__name", "project_id")
    ]
    spread = sigma()
    svg = funnel_svg(
        points,
        target=TARGET,
        sigma=spread,
        max_points=FUNNEL_POINTS,
        title=gettext("Adjusted score against number of answers"),
        words=chart_words(),
    )
    text = funnel_text(points, target=TARGET, sigma=spread, max_rows=FUNNEL_POINTS)
    return _svg(svg, text), len(points)


def needs_attention(
    projects: QuerySet, limit: int = 10, *, until: str | None = None
) -> list[Alert]:
    """Active alerts, critical first, then the oldest (by the period they fired in); with
    ``until``, those that had fired by that month."""
    alerts = Alert.objects.filter(project__in=projects)
    if until:
        alerts = alerts.filter(period__lte=until)
    return list(
        alerts.exclude(state=AlertState.RESOLVED)
        .select_related("project", "project__customer")
        .annotate(
            rank=Case(
                When(severity=Severity.CRITICAL, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "period", "created_at", "id")[:limit]
    )


@dataclass
class CustomerHealth:
    id: int
    name: str
    worst: str
    green: int
    amber: int
    red: int
    trend: str  # SVG; "" when the page loads it on demand


def customer_rollup(
    projects: QuerySet, periods: list[str], *, until: str | None = None, trends: bool = True
) -> list[CustomerHealth]:
    """Worst latest health (up to ``until``) and counts per customer, and (with ``trends``) a
    θ trend per customer; two queries. The health review page loads each customer's trend on
    demand instead (``customer_trend``)."""
    latest = latest_only(HealthSnapshot.objects.filter(project__in=projects), until=until)
    counts = (
        latest.values("project__customer_id", "project__customer__name")
        .annotate(
            green=Count("id", filter=Q(status="G")),
            amber=Count("id", filter=Q(status="A")),
            red=Count("id", filter=Q(status="R")),
        )
        .order_by("project__customer__name")
    )
    trend = _theta_by_month(projects, periods) if trends else {}
    out = []
    for row in counts:
        cid = row["project__customer_id"]
        status = worst(*(s for s, k in (("G", "green"), ("A", "amber"), ("R", "red")) if row[k]))  # type: ignore[literal-required]  # k is one of the three counts
        out.append(
            CustomerHealth(
                cid,
                row["project__customer__name"],
                status,
                row["green"],
                row["amber"],
                row["red"],
                _trend_svg(periods, trend[cid]) if trends else "",
            )
        )
    return out


def customer_trend(projects: QuerySet, periods: list[str]) -> SafeString:
    """The θ trend of one customer's ``projects`` over ``periods`` (one query)."""
    by_customer = _theta_by_month(projects, periods)
    return _trend_svg(periods, next(iter(by_customer.values()), {}))


def _theta_by_month(
    projects: QuerySet, periods: list[str]
) -> dict[int, dict[str, tuple[float, int]]]:
    """Mean θ and projects per customer and month over ``periods``: one grouped query."""
    trend: dict[int, dict[str, tuple[float, int]]] = defaultdict(dict)
    if periods:
        for cid, period, theta, n in (
            HealthSnapshot.objects.filter(
                project__in=projects,
                period__gte=periods[0],
                period__lte=periods[-1],
                theta__isnull=False,
            )
            .values("project__customer_id", "period")
            .annotate(theta=Avg("theta"), n=Count("id"))
            .values_list("project__customer_id", "period", "theta", "n")
            .order_by()
        ):
            trend[cid][period] = (theta, n)
    return trend


def _trend_svg(periods: list[str], by_month: dict[str, tuple[float, int]]) -> SafeString:
    points = [
        TrendPoint(p, by_month[p][0], n=by_month[p][1]) if p in by_month else TrendPoint(p, None)
        for p in periods
    ]
    title = gettext("Mean θ of its projects, by month")
    return _svg(
        trend_svg(
            points,
            title=title,
            target=TARGET,
            width=300,
            height=150,
            y_range=(4, 10),
            max_labels=4,
            words=chart_words(),
        ),
        trend_text(points, title=title, target=TARGET),
    )


def project_trend(snapshots: list[HealthSnapshot]) -> str:
    points = [TrendPoint(s.period, s.theta, s.low, s.high, s.n) for s in snapshots]
    title = gettext("Adjusted score θ with its %(level)s interval") % {"level": "95 %"}
    return _svg(
        trend_svg(points, title=title, target=TARGET, words=chart_words()),
        trend_text(points, title=title, target=TARGET),
    )


def latest_status(project_ids: Iterable[int]) -> dict[int, HealthSnapshot]:
    """Each project's latest snapshot, for lists (one query)."""
    rows = latest_only(HealthSnapshot.objects.filter(project_id__in=list(project_ids)))
    return {s.project_id: s for s in rows}
