"""Server-rendered pictures of a customer: the power/interest grid and the journey.

Pure functions over plain data (no ORM). Every piece of customer text goes through
``conditional_escape`` (via ``format_html``) before it reaches the SVG, so a name such as
``<script>`` is drawn as text, never run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext, pgettext

from rapport.chart_text import ChartText


def _join(parts: Iterable[str]) -> SafeString:
    # Safe pieces (from format_html) pass through; anything else is escaped here.
    return mark_safe("".join(str(conditional_escape(p)) for p in parts))  # noqa: S308


@dataclass(frozen=True)
class GridPoint:
    label: str
    power: int  # 1–5
    interest: int  # 1–5


def power_interest_grid(points: Sequence[GridPoint], *, title: str) -> SafeString:
    """Mendelow's grid: interest left to right, power bottom to top, one dot per person."""
    size, pad = 440, 40
    inner = size - 2 * pad
    cell = inner / 5

    def xy(power: int, interest: int) -> tuple[float, float]:
        return pad + (interest - 0.5) * cell, pad + (5 - power + 0.5) * cell

    parts: list[str] = [
        format_html(
            '<svg class="picture grid-picture" viewBox="0 0 {} {}" role="img" '
            'aria-labelledby="pig-title pig-desc" xmlns="http://www.w3.org/2000/svg">'
            '<title id="pig-title">{}</title><desc id="pig-desc">{}</desc>',
            size,
            size + 10,
            title,
            "; ".join(_power_interest(p) for p in points) or gettext("No stakeholders yet."),
        )
    ]
    # Levels 3–5 count as high (as ``Stakeholder.quadrant`` says), so the lines sit between
    # 2 and 3: two columns of low interest, three rows of high power.
    split_x, split_y = pad + 2 * cell, pad + 3 * cell
    right, bottom = pad + inner, pad + inner
    quadrants = [
        (pad, pad, split_x, split_y, gettext("Keep satisfied"), "#fff7e6"),
        (split_x, pad, right, split_y, gettext("Manage closely"), "#fdecea"),
        (pad, split_y, split_x, bottom, gettext("Monitor"), "#f4f6f8"),
        (split_x, split_y, right, bottom, gettext("Keep informed"), "#e8f1fb"),
    ]
    for x0, y0, x1, y1, label, fill in quadrants:
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#cfd6df"/>'
                '<text x="{}" y="{}" text-anchor="middle" class="q-label">{}</text>',
                round(x0, 1),
                round(y0, 1),
                round(x1 - x0, 1),
                round(y1 - y0, 1),
                fill,
                round((x0 + x1) / 2, 1),
                round(y1 - 8, 1),
                label,
            )
        )
    parts.append(
        format_html(
            '<text x="{}" y="{}" text-anchor="middle" class="axis">{}</text>'
            '<text x="14" y="{}" text-anchor="middle" class="axis" '
            'transform="rotate(-90 14 {})">{}</text>',
            size / 2,
            size - 8,
            gettext("Interest →"),
            size / 2,
            size / 2,
            gettext("Power →"),
        )
    )
    seen: dict[tuple[int, int], int] = {}
    for p in points:
        n = seen.get((p.power, p.interest), 0)
        seen[(p.power, p.interest)] = n + 1
        x, y = xy(p.power, p.interest)
        y += n * 13 - 8  # stack people who share a cell
        parts.append(
            format_html(
                '<g><title>{}</title><circle cx="{}" cy="{}" r="4" class="dot"/>'
                '<text x="{}" y="{}" class="dot-label">{}</text></g>',
                _power_interest(p),
                round(x - cell / 2 + 14, 1),
                round(y, 1),
                round(x - cell / 2 + 21, 1),
                round(y + 4, 1),
                _short(_short_name(p.label), 12),
            )
        )
    parts.append(mark_safe("</svg>"))
    return _join(parts)


def _power_interest(point: GridPoint) -> str:
    return gettext("%(name)s: power %(power)s, interest %(interest)s") % {
        "name": point.label,
        "power": point.power,
        "interest": point.interest,
    }


def _short_name(name: str) -> str:
    """“Marcus Foster” → “Marcus F.”: enough to tell people apart in a small cell."""
    words = name.split()
    if len(words) < 2:
        return name
    return f"{words[0]} {words[-1][0]}."


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class StagePoint:
    name: str
    experience: int  # −2 … +2


@dataclass(frozen=True)
class PainMark:
    stage_index: int
    severity: int  # 1–5
    description: str
    is_open: bool = True


def _experience(stage: StagePoint) -> str:
    return gettext("%(name)s: experience %(experience)s") % {
        "name": stage.name,
        "experience": f"{stage.experience:+d}",
    }


def journey_picture(
    stages: Sequence[StagePoint], pains: Sequence[PainMark], *, title: str
) -> SafeString:
    """Stages left to right, the experience of each as a line, pains as dots sized by severity."""
    width = max(560, 130 * len(stages) + 60)
    top, band = 30, 140  # band: the experience area, +2 at top, −2 at bottom
    base = top + band + 34
    placed: list[tuple[PainMark, float, int]] = []
    stacked: dict[int, float] = {}
    for p in pains:
        if not 0 <= p.stage_index < len(stages):
            continue
        r = 4 + p.severity * 2
        y = stacked.get(p.stage_index, base) + r
        stacked[p.stage_index] = y + r + 3
        placed.append((p, y, r))
    height = int(max(stacked.values(), default=base) + 8)
    step = (width - 60) / max(len(stages), 1)

    def sx(i: int) -> float:
        return round(30 + step * (i + 0.5), 1)

    def sy(exp: int) -> float:
        return round(top + (2 - exp) * band / 4, 1)

    summary = "; ".join(_experience(s) for s in stages)
    open_pains = sum(1 for p in pains if p.is_open)
    parts: list[str] = [
        format_html(
            '<svg class="picture journey-picture" viewBox="0 0 {} {}" role="img" '
            'aria-labelledby="jp-title jp-desc" xmlns="http://www.w3.org/2000/svg">'
            '<title id="jp-title">{}</title><desc id="jp-desc">{}</desc>',
            width,
            height,
            title,
            gettext("%(stages)s. %(count)s open pain points.")
            % {"stages": summary or gettext("No stages yet"), "count": open_pains},
        )
    ]
    for exp, label in ((2, "+2"), (0, "0"), (-2, "−2")):
        parts.append(
            format_html(
                '<line x1="30" x2="{}" y1="{}" y2="{}" class="{}"/>'
                '<text x="4" y="{}" class="axis">{}</text>',
                width - 30,
                sy(exp),
                sy(exp),
                "zero" if exp == 0 else "guide",
                sy(exp) + 4,
                label,
            )
        )
    if stages:
        points = " ".join(f"{sx(i)},{sy(s.experience)}" for i, s in enumerate(stages))
        parts.append(format_html('<polyline points="{}" class="exp-line"/>', points))
    for i, s in enumerate(stages):
        parts.append(
            format_html(
                '<g><title>{}</title><circle cx="{}" cy="{}" r="5" class="exp-dot {}"/></g>'
                '<text x="{}" y="{}" text-anchor="middle" class="stage">{}</text>',
                _experience(s),
                sx(i),
                sy(s.experience),
                "neg" if s.experience < 0 else "pos",
                sx(i),
                top + band + 20,
                _short(s.name, 16),
            )
        )
    for p, y, r in placed:
        parts.append(
            format_html(
                '<g><title>{}</title><circle cx="{}" cy="{}" r="{}" class="pain {}"/></g>',
                gettext("Severity %(severity)s: %(description)s")
                % {"severity": p.severity, "description": p.description},
                sx(p.stage_index),
                round(y, 1),
                r,
                "open" if p.is_open else "addressed",
            )
        )
    parts.append(mark_safe("</svg>"))
    return _join(parts)


def journey_text(stages: Sequence[StagePoint], pains: Sequence[PainMark]) -> ChartText:
    """The journey in words (docs/accessibility.md): one row per stage, its pains beside it."""
    open_pains = sum(1 for p in pains if p.is_open)
    worst = min(stages, key=lambda s: s.experience) if stages else None
    counts = {
        "stages": ngettext("%(n)s stage", "%(n)s stages", len(stages)) % {"n": len(stages)},
        "pains": ngettext("%(n)s open pain point", "%(n)s open pain points", open_pains)
        % {"n": open_pains},
    }
    if worst:
        summary = gettext(
            "%(stages)s, %(pains)s; the worst experience is %(stage)s (%(experience)s)."
        ) % {**counts, "stage": worst.name, "experience": f"{worst.experience:+d}"}
    else:
        summary = gettext("%(stages)s, %(pains)s.") % counts
    rows = []
    for i, s in enumerate(stages):
        here = [p for p in pains if p.stage_index == i]
        words = "; ".join(
            (
                gettext("severity %(severity)s, open: %(description)s")
                if p.is_open
                else gettext("severity %(severity)s, addressed: %(description)s")
            )
            % {"severity": p.severity, "description": p.description}
            for p in here
        )
        rows.append((s.name, f"{s.experience:+d}", words or pgettext("pain points", "none")))
    headers = (gettext("Stage"), gettext("Experience (−2 … +2)"), gettext("Pain points"))
    return ChartText(summary, headers, tuple(rows))


def journey_with_text(
    stages: Sequence[StagePoint], pains: Sequence[PainMark], *, title: str
) -> SafeString:
    """The journey picture followed by its text alternative (both escaped where built)."""
    picture = journey_picture(stages, pains, title=title)
    return mark_safe(picture + journey_text(stages, pains).as_html())  # noqa: S308
