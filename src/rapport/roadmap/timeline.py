"""The roadmap drawn as a timeline: one row per item, build bar, lighter adoption bar.

Pure (no ORM): takes plain rows, returns an inline SVG. Every piece of text goes through
``format_html``/``conditional_escape``, so a title such as ``<script>`` is drawn, never run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext


@dataclass(frozen=True)
class TimelineRow:
    label: str
    quick_win: bool
    wave: int | None
    build_start: dt.date | None
    build_end: dt.date | None
    adoption_end: dt.date | None
    status: str = ""


def _join(parts: Sequence[Any]) -> SafeString:
    return mark_safe("".join(str(conditional_escape(p)) for p in parts))  # noqa: S308


def _month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    day = dt.date(first.year, first.month, 1)
    out = []
    while day <= last:
        out.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return out


def roadmap_timeline(
    rows: Sequence[TimelineRow], *, today: dt.date, title: str, width: int = 960
) -> SafeString:
    """An SVG timeline; rows without dates are listed without bars ("not planned yet")."""
    label_w, row_h, top, bottom = 260, 26, 52, 24
    dated = [r for r in rows if r.build_start and r.build_end]
    ends = [d for r in dated if (d := r.adoption_end or r.build_end)]
    first = min([today, *(r.build_start for r in dated if r.build_start)])
    last = max([today + dt.timedelta(days=90), *ends])
    span = max((last - first).days, 1)
    plot_w = width - label_w - 16
    height = top + row_h * max(len(rows), 1) + bottom

    def x(day: dt.date) -> float:
        return round(label_w + plot_w * (day - first).days / span, 1)

    parts: list[object] = [
        format_html(
            '<svg class="picture timeline" viewBox="0 0 {} {}" role="img" aria-labelledby="tl-t">'
            '<title id="tl-t">{}</title>',
            width,
            height,
            title,
        )
    ]
    months = [m for m in _month_starts(first, last) if m >= first]
    # Keep month labels at least ~70px apart so they never run into each other.
    step = max(1, -(-len(months) * 90 // plot_w))
    for month in months[::step]:
        parts.append(
            format_html(
                '<line class="tl-grid" x1="{0}" x2="{0}" y1="{1}" y2="{2}"/>'
                '<text class="tl-month" x="{3}" y="{4}">{5}</text>',
                x(month),
                top - 6,
                height - bottom,
                x(month) + 3,
                top - 12,
                date_format(month, "M Y"),  # in the active language
            )
        )
    seen_waves: set[int] = set()
    for index, row in enumerate(rows):
        y = top + index * row_h
        marker = "★ " if row.quick_win else ""
        label = row.label if len(row.label) <= 34 else row.label[:33] + "…"
        parts.append(
            format_html(
                '<g class="tl-row{}"><text class="tl-label" x="8" y="{}">{}{}</text>',
                " quick" if row.quick_win else "",
                y + row_h * 0.65,
                marker,
                label,
            )
        )
        if row.build_start and row.build_end:
            if row.adoption_end and row.adoption_end > row.build_end:
                parts.append(
                    format_html(
                        '<rect class="tl-adopt" x="{}" y="{}" width="{}" height="{}" rx="3">'
                        "<title>{}</title></rect>",
                        x(row.build_end),
                        y + 7,
                        max(x(row.adoption_end) - x(row.build_end), 2),
                        row_h - 14,
                        gettext("Adoption until {date}").format(date=row.adoption_end.isoformat()),
                    )
                )
            parts.append(
                format_html(
                    '<rect class="tl-build" x="{}" y="{}" width="{}" height="{}" rx="3">'
                    "<title>{}</title></rect>",
                    x(row.build_start),
                    y + 5,
                    max(x(row.build_end) - x(row.build_start), 3),
                    row_h - 10,
                    gettext("Build {start} to {end}").format(
                        start=row.build_start.isoformat(), end=row.build_end.isoformat()
                    ),
                )
            )
            if row.wave and row.wave not in seen_waves:
                seen_waves.add(row.wave)
                parts.append(
                    format_html(
                        '<line class="tl-wave" x1="{0}" x2="{0}" y1="{1}" y2="{2}"/>'
                        '<text class="tl-wave-label" x="{3}" y="{4}">{5}</text>',
                        x(row.build_start),
                        top - 4,
                        height - bottom,
                        x(row.build_start) + 3,
                        height - 8,
                        gettext("Wave {n}").format(n=row.wave),
                    )
                )
        else:
            parts.append(
                format_html(
                    '<text class="tl-none" x="{}" y="{}">{}</text>',
                    label_w + 4,
                    y + row_h * 0.65,
                    gettext("not planned yet"),
                )
            )
        parts.append(mark_safe("</g>"))
    parts.append(
        format_html(
            '<line class="tl-today" x1="{0}" x2="{0}" y1="{1}" y2="{2}"/>'
            '<text class="tl-today-label" x="{3}" y="{4}">{5}</text></svg>',
            x(today),
            18,
            height - bottom,
            x(today) - 14,
            14,
            gettext("today"),
        )
    )
    return _join(parts)
