"""The six barriers to a monthly customer-satisfaction process, and how to score them.

Pure functions over plain data (no ORM). Each barrier has three statements rated 1 (strongly
disagree) to 5 (strongly agree); agreeing means the barrier is stronger here. A barrier's score
is the mean of its three ratings; it is *active* at ``ACTIVE_AT`` (3.5) or above.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

ACTIVE_AT = 3.5
SCALE = (1, 2, 3, 4, 5)
SCALE_LABELS: dict[int, str | Promise] = {
    1: _("Strongly disagree"),
    2: _("Disagree"),
    3: _("Neither"),
    4: _("Agree"),
    5: _("Strongly agree"),
}


@dataclass(frozen=True)
class Barrier:
    key: str
    name: str | Promise
    short: str | Promise  # for the radar's axis labels
    statements: tuple[str | Promise, str | Promise, str | Promise]
    remedy: str | Promise  # what to do, in a sentence or two
    action: str = ""  # the remedy the console can carry out: "channel", "confidential", "pledge"

    def statement_keys(self) -> list[str]:
        return [f"{self.key}.{i}" for i in range(1, 4)]


BARRIERS: tuple[Barrier, ...] = (
    Barrier(
        key="organization",
        name=_("Type of organization"),
        short=_("Organization"),
        statements=(
            _("New ways of working here need approval from many groups before they start."),
            _("Asking customers for regular feedback is not how things are done here."),
            _("Our organization changes how it works slowly, one step at a time."),
        ),
        remedy=_(
            "Start small. Run the monthly review with one willing customer for three months. "
            "Then show the results to the next one."
        ),
    ),
    Barrier(
        key="time",
        name=_("Time"),
        short=_("Time"),
        statements=(
            _("Our customers say they have no time for a monthly review."),
            _("Our project managers feel too busy to hold a monthly review."),
            _("Review meetings are often moved or cancelled."),
        ),
        remedy=_(
            "Make it short: offer a 15-minute call, or an emailed survey the customer answers "
            "when it suits them. Set it as the customer's default below."
        ),
        action="channel",
    ),
    Barrier(
        key="poor_scores",
        name=_("Fear of poor scores"),
        short=_("Poor scores"),
        statements=(
            _("Project managers worry that a low score will count against them."),
            _("People here explain away a low score rather than learn from it."),
            _("A bad month is treated as a failure rather than as a signal."),
        ),
        remedy=_(
            "Read scores in context. Rapport adjusts each score for how hard the project is. "
            "It shows projects on a funnel plot against a target, never in a league table. "
            "A hard project does not count against the person who runs it."
        ),
    ),
    Barrier(
        key="transparency",
        name=_("Reluctance to be transparent"),
        short=_("Transparency"),
        statements=(
            _("We prefer to keep customer feedback within the project team."),
            _("Sharing scores across the portfolio feels risky here."),
            _("People worry about what others would do with honest feedback."),
        ),
        remedy=_(
            "Agree who sees what. With named feedback, everyone sees who said what. "
            "With confidential feedback, the project manager sees only totals. "
            "With anonymous feedback, no one can tell who said what. "
            "Scores from very few people stay hidden."
        ),
    ),
    Barrier(
        key="harmony",
        name=_("Culture that values harmony"),
        short=_("Harmony"),
        statements=(
            _("Customers here avoid saying anything negative to our face."),
            _("Polite agreement is valued more than open disagreement here."),
            _("Problems come up only once they are too big to hide."),
        ),
        remedy=_(
            "Make it safe to be frank. Switch the customer to confidential feedback. "
            "Each score on the scale has words next to it, so a 6 means the same to all."
        ),
        action="confidential",
    ),
    Barrier(
        key="ranking",
        name=_("Fear of being ranked"),
        short=_("Ranking"),
        statements=(
            _("Project managers fear that scores will be used to rank them."),
            _("Measures here have been used to compare people in the past."),
            _("Project managers expect a league table if scores are collected."),
        ),
        remedy=_(
            "Promise it in writing. The head of the project office signs the no-ranking "
            "pledge, and everyone can read it. Rapport never ranks or compares project managers."
        ),
        action="pledge",
    ),
)

BARRIERS_BY_KEY = {b.key: b for b in BARRIERS}
STATEMENT_KEYS: tuple[str, ...] = tuple(k for b in BARRIERS for k in b.statement_keys())


def validate_ratings(ratings: Mapping[str, object]) -> list[str]:
    """Problems with a set of ratings, in words; empty when every statement has 1–5."""
    problems = []
    missing = [k for k in STATEMENT_KEYS if k not in ratings]
    if missing:
        problems.append(
            ngettext(
                "Rate every statement (%(n)s left unanswered).",
                "Rate every statement (%(n)s left unanswered).",
                len(missing),
            )
            % {"n": len(missing)}
        )
    unknown = sorted(set(ratings) - set(STATEMENT_KEYS))
    if unknown:
        problems.append(gettext("Unknown statements: %(keys)s.") % {"keys": ", ".join(unknown)})
    for key in STATEMENT_KEYS:
        value = ratings.get(key)
        if key in ratings and (isinstance(value, bool) or value not in SCALE):
            problems.append(gettext("Statement %(key)s needs a rating from 1 to 5.") % {"key": key})
    return problems


def barrier_scores(ratings: Mapping[str, int]) -> dict[str, float]:
    """Barrier key → mean of its three ratings."""
    problems = validate_ratings(ratings)
    if problems:
        raise ValueError(" ".join(problems))
    return {
        b.key: sum(ratings[k] for k in b.statement_keys()) / len(b.statement_keys())
        for b in BARRIERS
    }


def active_barriers(scores: Mapping[str, float], threshold: float = ACTIVE_AT) -> list[Barrier]:
    """Barriers at or above the threshold, strongest first (ties in the standard order)."""
    order = {b.key: i for i, b in enumerate(BARRIERS)}
    active = [BARRIERS_BY_KEY[k] for k, s in scores.items() if s >= threshold]
    return sorted(active, key=lambda b: (-scores[b.key], order[b.key]))


@dataclass(frozen=True)
class Movement:
    barrier: Barrier
    scores: tuple[float, ...]  # oldest first

    @property
    def change(self) -> float:
        return self.scores[-1] - self.scores[0] if len(self.scores) > 1 else 0.0


def movement(history: Sequence[Mapping[str, float]]) -> list[Movement]:
    """Each barrier's scores across assessments (oldest first)."""
    return [Movement(b, tuple(scores[b.key] for scores in history)) for b in BARRIERS]


# --- pictures ----------------------------------------------------------------------------------


def _point(cx: float, cy: float, radius: float, index: int, count: int) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    return cx + radius * math.cos(angle), cy + radius * math.sin(angle)


def radar_svg(
    scores: Mapping[str, float],
    *,
    previous: Mapping[str, float] | None = None,
    title: str = "",
    size: int = 360,
) -> str:
    """An accessible radar chart of the six barrier scores (1–5), as inline SVG text.

    Every piece of text is escaped. ``previous`` draws an earlier assessment as a dashed outline.
    """
    title = title or gettext("Barrier scores")
    width = size + 140  # room for the axis labels left and right
    cx, cy = width / 2, size / 2
    radius = size / 2 - 45
    n = len(BARRIERS)

    def ring(values: Mapping[str, float]) -> str:
        pts = [
            _point(cx, cy, radius * (values[b.key] - 1) / 4 if values[b.key] > 1 else 0, i, n)
            for i, b in enumerate(BARRIERS)
        ]
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)

    desc = "; ".join(
        gettext("%(barrier)s: %(score)s of 5")
        % {"barrier": b.name, "score": number_format(scores[b.key], 1)}
        for b in BARRIERS
    )
    active_from = gettext("Active from %(threshold)s up.") % {"threshold": number_format(ACTIVE_AT)}
    parts = [
        f'<svg class="radar" viewBox="0 0 {width} {size}" width="{width}" height="{size}" '
        f'role="img" aria-labelledby="radar-title radar-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="radar-title">{escape(title)}</title>',
        f'<desc id="radar-desc">{escape(desc)}. {escape(active_from)}</desc>',
    ]
    for level in (1, 2, 3, 4, 5):
        r = radius * (level - 1) / 4
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (_point(cx, cy, r, i, n) for i in range(n)))
        cls = "grid-ring active-ring" if level == 4 else "grid-ring"
        parts.append(f'<polygon class="{cls}" points="{pts}"/>')
    active_r = radius * (ACTIVE_AT - 1) / 4
    pts = " ".join(
        f"{x:.1f},{y:.1f}" for x, y in (_point(cx, cy, active_r, i, n) for i in range(n))
    )
    parts.append(f'<polygon class="threshold" points="{pts}"/>')
    for i, b in enumerate(BARRIERS):
        x, y = _point(cx, cy, radius, i, n)
        parts.append(f'<line class="axis" x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}"/>')
        lx, ly = _point(cx, cy, radius + 22, i, n)
        anchor = "middle" if abs(lx - cx) < 5 else ("start" if lx > cx else "end")
        parts.append(
            f'<text class="label" x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="{anchor}">'
            f"{escape(b.short)} {number_format(scores[b.key], 1)}</text>"
        )
    if previous is not None:
        parts.append(f'<polygon class="previous" points="{ring(previous)}"/>')
    parts.append(f'<polygon class="current" points="{ring(scores)}"/>')
    for i, b in enumerate(BARRIERS):
        value = scores[b.key]
        x, y = _point(cx, cy, radius * (value - 1) / 4, i, n)
        if value >= ACTIVE_AT:  # an active barrier is a diamond, not only a colour
            parts.append(
                f'<path class="dot active" d="M{x:.1f},{y - 6:.1f} L{x + 6:.1f},{y:.1f} '
                f'L{x:.1f},{y + 6:.1f} L{x - 6:.1f},{y:.1f} Z"/>'
            )
        else:
            parts.append(f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="4"/>')
    parts.append("</svg>")
    return "".join(parts)


def sparkline_svg(
    values: Sequence[float], *, label: str, width: int = 120, height: int = 28
) -> str:
    """A tiny line of scores (1–5) over assessments, oldest first; escaped, with a text label."""
    if not values:
        return ""
    step = (width - 8) / max(len(values) - 1, 1)

    def y(v: float) -> float:
        return height - 4 - (v - 1) / 4 * (height - 8)

    pts = " ".join(f"{4 + i * step:.1f},{y(v):.1f}" for i, v in enumerate(values))
    line_y = y(ACTIVE_AT)
    text = f"{label}: " + "; ".join(number_format(v, 1) for v in values)
    last_x, last_y = 4 + (len(values) - 1) * step, y(values[-1])
    return (
        f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(text)}" xmlns="http://www.w3.org/2000/svg">'
        f'<line class="threshold" x1="0" x2="{width}" y1="{line_y:.1f}" y2="{line_y:.1f}"/>'
        f'<polyline points="{pts}"/>'
        f'<circle cx="{last_x:.1f}" cy="{last_y:.1f}" r="2.5"/></svg>'
    )
