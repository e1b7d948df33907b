"""Text alternatives of the health charts (``insights.charts``): pure, from the same data.

Each function returns a ``ChartText`` (a summary and a table) that the console and the PDFs
show beside the chart, in the same words (docs/accessibility.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rapport.chart_text import STATUS_WORD, ChartText, count_words
from rapport.insights.charts import (
    ZONE_ALARM,
    ZONE_INSIDE,
    ZONE_WARNING,
    FunnelPoint,
    HeatCell,
    TrendPoint,
    funnel_zone,
)


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
    span = f"{periods[0]} to {periods[-1]}" if periods else "no months"
    summary = (
        f"Health of {len(rows)} project{'s' if len(rows) != 1 else ''} by month, {span}. "
        f"Latest month with a verdict: "
        f"{count_words([(s, latest[s]) for s in ('G', 'A', 'R')])}"
        + (f"; {latest['']} without data" if latest[""] else "")
        + "."
    )
    return ChartText(summary, ("Project", *periods), tuple(table))


def funnel_text(
    points: Sequence[FunnelPoint], *, target: float, sigma: float, max_rows: int | None = None
) -> ChartText:
    """Each project's θ, n and where it sits; listed by name, never by score (no ranking).

    Above ``max_rows`` projects (the funnel then shades the projects inside its limits), the
    table lists the projects outside the limits only and the summary says where the rest are."""
    zones = {id(p): funnel_zone(p, target=target, sigma=sigma) for p in points}
    alarm = sum(1 for z in zones.values() if z == ZONE_ALARM)
    warning = sum(1 for z in zones.values() if z == ZONE_WARNING)
    inside = len(points) - alarm - warning
    summary = (
        f"{len(points)} project{'s' if len(points) != 1 else ''} against the target of "
        f"{target:g}: {inside} inside the limits, {warning} outside the "
        f"warning limits, {alarm} outside the alarm limits."
    )
    listed = list(points)
    if max_rows is not None and len(points) > max_rows:
        listed = [p for p in points if zones[id(p)] != ZONE_INSIDE]
        summary += (
            f" The table lists the {len(listed)} outside the limits; the {inside} inside them"
            " are in the heatmap and the health export."
        )
    ordered = sorted(listed, key=lambda p: (p.label.casefold(), p.n))
    rows = tuple((p.label or "—", f"{p.theta:.1f}", str(p.n), zones[id(p)]) for p in ordered)
    return ChartText(summary, ("Project", "Adjusted score θ", "Answers (n)", "Where"), rows)


def trend_text(points: Sequence[TrendPoint], *, title: str, target: float | None) -> ChartText:
    """One row per month: the score, its interval and n; gaps said as 'no answers'."""
    scored = [p for p in points if p.value is not None]
    if scored:
        first, last = scored[0], scored[-1]
        summary = (
            f"{title}: {last.value:.1f} in {last.period}"
            + (f", from {first.value:.1f} in {first.period}" if first is not last else "")
            + (f"; target {target:g}" if target is not None else "")
            + f". {len(scored)} of {len(points)} months have scores."
        )
    else:
        summary = f"{title}: no scores yet."
    rows = tuple(
        (
            p.period,
            f"{p.value:.1f}" if p.value is not None else "no answers",
            f"{p.low:.1f}–{p.high:.1f}" if p.low is not None and p.high is not None else "—",
            str(p.n) if p.value is not None else "0",
        )
        for p in points
    )
    return ChartText(summary, ("Month", "Score", "Interval", "Answers (n)"), rows)
