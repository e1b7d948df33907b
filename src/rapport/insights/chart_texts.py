"""Text alternatives of the health charts (``insights.charts``): pure, from the same data.

Each function returns a ``ChartText`` (a summary and a table) that the console and the PDFs
show beside the chart, in the same words (docs/accessibility.md), in the active language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy

from rapport.chart_text import STATUS_WORD, ChartText, count_words
from rapport.insights.charts import (
    ZONE_ALARM,
    ZONE_INSIDE,
    ZONE_WARNING,
    FunnelPoint,
    HeatCell,
    TrendPoint,
    funnel_drawn,
    funnel_side,
    funnel_zone,
)

# Where a project sits against the funnel's limits (``charts.funnel_zone``) and on which side
# (``charts.funnel_side``), in words: a project above the funnel does better than the target.
ZONE_WORDS = {
    (ZONE_INSIDE, "below"): pgettext_lazy("funnel", "inside the limits"),
    (ZONE_INSIDE, "above"): pgettext_lazy("funnel", "inside the limits"),
    (ZONE_WARNING, "below"): pgettext_lazy("funnel", "below the warning limits"),
    (ZONE_WARNING, "above"): pgettext_lazy("funnel", "above the warning limits"),
    (ZONE_ALARM, "below"): pgettext_lazy("funnel", "below the alarm limits"),
    (ZONE_ALARM, "above"): pgettext_lazy("funnel", "above the alarm limits"),
}


def heatmap_text(
    rows: Sequence[str], periods: Sequence[str], cells: dict[tuple[int, int], HeatCell]
) -> ChartText:
    """One row per project, one column per month, each cell its health letter and word."""
    latest: Counter[str] = Counter()
    table = []
    for i, name in enumerate(rows):
        line = [name]
        last = ""
        for j in range(len(periods)):
            status = cells.get((i, j), HeatCell("")).status
            line.append(f"{status} ({STATUS_WORD[status]})" if status else "—")
            last = status or last
        latest[last] += 1
        table.append(tuple(line))
    span = (
        gettext("%(first)s to %(last)s") % {"first": periods[0], "last": periods[-1]}
        if periods
        else gettext("no months")
    )
    counts = count_words([(s, latest[s]) for s in ("G", "A", "R")])
    verdict = (
        gettext("Latest month with a verdict: %(counts)s; %(empty)s without data.")
        % {"counts": counts, "empty": latest[""]}
        if latest[""]
        else gettext("Latest month with a verdict: %(counts)s.") % {"counts": counts}
    )
    summary = (
        ngettext(
            "Health of %(count)s project by month, %(span)s.",
            "Health of %(count)s projects by month, %(span)s.",
            len(rows),
        )
        % {"count": len(rows), "span": span}
        + " "
        + verdict
    )
    return ChartText(summary, (gettext("Project"), *periods), tuple(table))


def funnel_text(
    points: Sequence[FunnelPoint], *, target: float, sigma: float, max_rows: int | None = None
) -> ChartText:
    """Each project's θ, n and where it sits; listed by name, never by score (no ranking).

    Above ``max_rows`` projects the table lists the projects the funnel draws as points (up to
    ``max_rows`` outside its limits, below it first: ``charts.funnel_drawn``) and the summary says
    where the others are: counted in the chart's shaded squares, each in the heatmap and the
    health export. The page then stays the same size at any number of projects."""
    zones = {id(p): funnel_zone(p, target=target, sigma=sigma) for p in points}
    alarm = sum(1 for z in zones.values() if z == ZONE_ALARM)
    warning = sum(1 for z in zones.values() if z == ZONE_WARNING)
    inside = len(points) - alarm - warning
    summary = ngettext(
        "%(count)s project against the target of %(target)s: %(inside)s inside the limits, "
        "%(warning)s outside the warning limits, %(alarm)s outside the alarm limits.",
        "%(count)s projects against the target of %(target)s: %(inside)s inside the limits, "
        "%(warning)s outside the warning limits, %(alarm)s outside the alarm limits.",
        len(points),
    ) % {
        "count": len(points),
        "target": f"{target:g}",
        "inside": inside,
        "warning": warning,
        "alarm": alarm,
    }
    below = sum(
        1
        for p in points
        if zones[id(p)] != ZONE_INSIDE and funnel_side(p, target=target) == "below"
    )
    if alarm + warning:
        summary += " " + ngettext(
            "Of the projects outside the limits, %(below)s is below them (under the target) "
            "and %(above)s above them.",
            "Of the projects outside the limits, %(below)s are below them (under the target) "
            "and %(above)s above them.",
            below,
        ) % {"below": below, "above": alarm + warning - below}
    listed = [
        points[i] for i in funnel_drawn(points, target=target, sigma=sigma, max_points=max_rows)
    ]
    if len(listed) < len(points):
        summary += " " + ngettext(
            "The table lists the %(listed)s project the chart draws as a point, chosen among "
            "those outside the limits (below the funnel before above it, the furthest out "
            "first); the other %(rest)s are counted in the chart's shaded squares, and every "
            "project is in the heatmap and the health export.",
            "The table lists the %(listed)s projects the chart draws as points, chosen among "
            "those outside the limits (below the funnel before above it, the furthest out "
            "first); the other %(rest)s are counted in the chart's shaded squares, and every "
            "project is in the heatmap and the health export.",
            len(listed),
        ) % {"listed": len(listed), "rest": len(points) - len(listed)}
    ordered = sorted(listed, key=lambda p: (p.label.casefold(), p.n))
    rows = tuple(
        (p.label or "—", f"{p.theta:.1f}", str(p.n), str(_where(p, zones[id(p)], target)))
        for p in ordered
    )
    headers = (gettext("Project"), gettext("Adjusted score θ"), gettext("Answers (n)"))
    return ChartText(summary, (*headers, pgettext("funnel", "Where")), rows)


def _where(p: FunnelPoint, zone: str, target: float) -> str:
    return str(ZONE_WORDS[(zone, funnel_side(p, target=target))])


def trend_text(points: Sequence[TrendPoint], *, title: str, target: float | None) -> ChartText:
    """One row per month: the score, its interval and n; gaps said as 'no answers'."""
    scored = [p for p in points if p.value is not None]
    if scored:
        first, last = scored[0], scored[-1]
        values = {
            "title": title,
            "last": f"{last.value:.1f}",
            "period": last.period,
            "first": f"{first.value:.1f}",
            "first_period": first.period,
            "target": f"{target:g}" if target is not None else "",
        }
        if first is not last and target is not None:
            sentence = gettext(
                "%(title)s: %(last)s in %(period)s, from %(first)s in %(first_period)s; "
                "target %(target)s."
            )
        elif first is not last:
            sentence = gettext(
                "%(title)s: %(last)s in %(period)s, from %(first)s in %(first_period)s."
            )
        elif target is not None:
            sentence = gettext("%(title)s: %(last)s in %(period)s; target %(target)s.")
        else:
            sentence = gettext("%(title)s: %(last)s in %(period)s.")
        summary = (
            sentence % values
            + " "
            + gettext("%(scored)s of %(months)s months have scores.")
            % {"scored": len(scored), "months": len(points)}
        )
    else:
        summary = gettext("%(title)s: no scores yet.") % {"title": title}
    rows = tuple(
        (
            p.period,
            f"{p.value:.1f}" if p.value is not None else gettext("no answers"),
            f"{p.low:.1f}–{p.high:.1f}" if p.low is not None and p.high is not None else "—",
            str(p.n) if p.value is not None else "0",
        )
        for p in points
    )
    headers = (gettext("Month"), gettext("Score"), gettext("Interval"), gettext("Answers (n)"))
    return ChartText(summary, headers, rows)
