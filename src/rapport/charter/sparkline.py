"""A small sparkline of one measure over the months, with its target as a dashed line. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from rapport.chart_text import ChartText
from rapport.text import number


def sparkline(
    series: Sequence[tuple[dt.date, float | None]],
    *,
    target: float,
    title: str,
    width: int = 160,
    height: int = 36,
) -> SafeString:
    """Points for months with data, gaps for months without; ``title`` is escaped."""
    values = [v for _m, v in series if v is not None]
    lo = min([target, *values]) if values else target - 1
    hi = max([target, *values]) if values else target + 1
    if hi == lo:
        hi, lo = hi + 1, lo - 1
    pad = 4
    n = max(len(series) - 1, 1)

    def x(i: int) -> float:
        return round(pad + (width - 2 * pad) * i / n, 1)

    def y(v: float) -> float:
        return round(height - pad - (height - 2 * pad) * (v - lo) / (hi - lo), 1)

    parts = [
        format_html(
            '<svg class="sparkline" viewBox="0 0 {} {}" width="{}" height="{}" role="img">'
            "<title>{}</title>",
            width,
            height,
            width,
            height,
            title,
        ),
        format_html(
            '<line class="sp-target" x1="{}" x2="{}" y1="{}" y2="{}"/>',
            pad,
            width - pad,
            y(target),
            y(target),
        ),
    ]
    run: list[str] = []
    runs: list[list[str]] = []
    for i, (_month, value) in enumerate(series):
        if value is None:
            if run:
                runs.append(run)
            run = []
            continue
        run.append(f"{x(i)},{y(value)}")
    if run:
        runs.append(run)
    for points in runs:
        if len(points) > 1:
            parts.append(format_html('<polyline class="sp-line" points="{}"/>', " ".join(points)))
        cx, cy = points[-1].split(",")
        parts.append(format_html('<circle class="sp-dot" cx="{}" cy="{}" r="2.5"/>', cx, cy))
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308


def sparkline_text(
    series: Sequence[tuple[dt.date, float | None]], *, target: float, title: str
) -> ChartText:
    """The months behind a sparkline, in words: the latest value against its target."""
    known = [(m, v) for m, v in series if v is not None]
    if known:
        month, value = known[-1]
        summary = _("%(title)s: %(value)s in %(month)s, target %(target)s.") % {
            "title": title,
            "value": number(value),
            "month": _month(month),
            "target": number(target),
        }
    else:
        summary = _("%(title)s: no data yet, target %(target)s.") % {
            "title": title,
            "target": number(target),
        }
    no_data = _("no data")
    rows = tuple((_month(m), number(v) if v is not None else no_data) for m, v in series)
    return ChartText(summary, (_("Month"), _("Value")), rows)


def _month(day: dt.date) -> str:
    """The month as "Dec 2026", in the reader's language."""
    return date_format(day, "M Y")
