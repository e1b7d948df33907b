"""Charts as standalone SVG strings: offline, crisp in a PDF, no JavaScript.

Pure functions: plain data in, SVG text out. Every piece of text goes through ``_esc`` (XML
escaping), because project and customer names are untrusted. See docs/decisions/0002-charts.md.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape as _xml_escape

from rapport.insights.analytics.funnel import Z_ALARM, Z_WARNING, funnel_curve

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
INK = "#1f2933"
MUTED = "#6b7785"
GRID = "#e3e8ee"
ACCENT = "#2f5d8a"
# Colour-blind-safe status colours (a bluish green, a light amber, a vermilion; the console's
# palette), and a letter in every cell so that no status depends on colour (docs/accessibility.md).
STATUS_FILL = {"G": "#00765a", "A": "#f0b429", "R": "#a8321a", "": "#eef1f4"}
STATUS_INK = {"G": "#ffffff", "A": INK, "R": "#ffffff", "": MUTED}
STATUS_WORD = {"G": "green", "A": "amber", "R": "red", "": "no data"}
STATUS_MARK = {"G": "G", "A": "A", "R": "R", "": "–"}
WARNING_INK = "#b45309"  # ≥ 3:1 on white, as a chart's lines must be
ALARM_INK = "#a8321a"


@dataclass(frozen=True)
class ChartWords:
    """The words drawn in the charts (English by default; the pages pass them in the reader's
    language, ``dashboard.chart_words``). ``%(name)s`` placeholders."""

    target: str = "target %(value)s"
    no_scores: str = "No scores yet"
    status: tuple[tuple[str, str], ...] = tuple(STATUS_WORD.items())
    # A drawn project says on which side of the funnel it sits ("alarm_below"); a shaded
    # square, which the chart places, only its kind ("alarm").
    zone: tuple[tuple[str, str], ...] = (
        ("alarm", "outside the alarm limits"),
        ("warning", "outside the warning limits"),
        ("inside", "inside the limits"),
        ("alarm_below", "below the alarm limits"),
        ("alarm_above", "above the alarm limits"),
        ("warning_below", "below the warning limits"),
        ("warning_above", "above the warning limits"),
    )
    one_project: str = "%(count)s project %(where)s"
    projects: str = "%(count)s projects %(where)s"
    interval: str = ", interval %(low)s–%(high)s"
    answers_axis: str = "Number of answers (n)"


ENGLISH = ChartWords()


def _esc(text: object) -> str:
    return _xml_escape(str(text), {'"': "&quot;", "'": "&#x27;"})


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".") if math.isfinite(x) else "0"


def _svg(width: int, height: int, title: str, body: list[str], *, role: str = "img") -> str:
    # A chart with links inside is a group (an image's content is not reachable, and a link
    # inside one is a nested interactive element); its links are named by their text.
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="{role}" aria-label="{_esc(title)}" '
        f'font-family="{_esc(FONT)}" font-size="12" fill="{INK}">'
        f"<title>{_esc(title)}</title>" + "".join(body) + "</svg>"
    )


@dataclass(frozen=True)
class _Scale:
    d0: float
    d1: float
    r0: float
    r1: float

    def __call__(self, v: float) -> float:
        if self.d1 == self.d0:
            return (self.r0 + self.r1) / 2
        return self.r0 + (v - self.d0) / (self.d1 - self.d0) * (self.r1 - self.r0)


def _ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    if hi <= lo:
        return [lo]
    raw = (hi - lo) / count
    mag = 10 ** math.floor(math.log10(raw))
    step = min((m * mag for m in (1, 2, 5, 10) if m * mag >= raw), default=mag)
    start = math.ceil(lo / step) * step
    out, v = [], start
    while v <= hi + 1e-9:
        out.append(round(v, 10))
        v += step
    return out


@dataclass(frozen=True)
class FunnelPoint:
    n: int
    theta: float
    label: str = ""  # project or customer name: shown only in the tooltip, never a manager
    href: str = ""  # the project's health page, when drawn as a point


ZONE_INSIDE = "inside the limits"
ZONE_WARNING = "outside the warning limits"
ZONE_ALARM = "outside the alarm limits"
FUNNEL_FILL = {"alarm": ALARM_INK, "warning": WARNING_INK, "inside": ACCENT}
FUNNEL_WORD = {"alarm": ZONE_ALARM, "warning": ZONE_WARNING, "inside": ZONE_INSIDE}
DENSITY_CELL = 8  # px: the side of a shaded square of the dense funnel


def funnel_zone(p: FunnelPoint, *, target: float, sigma: float) -> str:
    """Where a point sits against the funnel's limits, in words: by the rule the chart draws
    it with, so a chart and its table never disagree (no spread known: inside)."""
    return FUNNEL_WORD[_kind(_z(p, target=target, sigma=sigma))]


def funnel_side(p: FunnelPoint, *, target: float) -> str:
    """Which side of the funnel a project outside it is on: "below" the target or "above"."""
    return "below" if p.theta < target else "above"


def _z(p: FunnelPoint, *, target: float, sigma: float) -> float:
    """How many standard errors ``p`` sits from ``target`` (0 when the spread is unknown)."""
    return (p.theta - target) / (sigma / math.sqrt(max(p.n, 1))) if sigma else 0.0


def _kind(z: float) -> str:
    return "alarm" if abs(z) > Z_ALARM else "warning" if abs(z) > Z_WARNING else "inside"


def funnel_drawn(
    points: Sequence[FunnelPoint], *, target: float, sigma: float, max_points: int | None
) -> list[int]:
    """The indexes of the projects a funnel draws as points, in ``points``' order: every one,
    or above ``max_points`` projects up to ``max_points`` of those outside the limits (the rest
    are counted in shaded squares): those below the funnel first, the furthest out first, as
    they are the ones the PMO acts on; then those above it. The chart and its table
    (``chart_texts.funnel_text``) name the same projects."""
    if max_points is None or len(points) <= max_points:
        return list(range(len(points)))
    zs = [_z(p, target=target, sigma=sigma) for p in points]
    outside = [i for i, z in enumerate(zs) if _kind(z) != "inside"]
    return sorted(sorted(outside, key=lambda i: (zs[i] > 0, -abs(zs[i])))[:max_points])


def funnel_svg(
    points: Sequence[FunnelPoint],
    *,
    target: float,
    sigma: float,
    title: str = "Adjusted score against number of answers",
    width: int = 560,
    height: int = 340,
    max_points: int | None = None,
    words: ChartWords = ENGLISH,
) -> str:
    """Funnel plot of θ against n with warning (1.96) and alarm (3.09) limits around target.

    Points carry no visible labels (no league table): names appear only in the tooltip.
    With more than ``max_points`` projects the chart stays readable: up to ``max_points``
    projects outside the limits are drawn as points (linked when they have an ``href``; those
    below the funnel first, ``funnel_drawn``), every other project is counted in shaded
    squares, darker where more projects sit, each with its count in a tooltip.
    """
    left, right, top, bottom = 48, 16, 28, 40
    n_max = max([p.n for p in points] + [10])
    curve = funnel_curve(target, sigma, n_max)
    values = [p.theta for p in points] + [c.alarm_low for c in curve[2:]]
    values += [c.alarm_high for c in curve[2:]]
    y_lo = max(1.0, math.floor(min([*values, target - 1])))
    y_hi = min(10.0, math.ceil(max([*values, target + 1])))
    sx = _Scale(0, n_max * 1.05, left, width - right)
    sy = _Scale(y_lo, y_hi, height - bottom, top)
    body = [f'<text x="{left}" y="16" font-weight="600">{_esc(title)}</text>']
    for t in _ticks(y_lo, y_hi):
        y = sy(t)
        body.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" '
            f'fill="{MUTED}">{_num(t)}</text>'
        )
    for t in _ticks(0, n_max * 1.05):
        x = sx(t)
        body.append(
            f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
            f'fill="{MUTED}">{_num(t)}</text>'
        )
    body.append(
        f'<text x="{(left + width - right) / 2:.0f}" y="{height - 6}" text-anchor="middle" '
        f'fill="{MUTED}">{_esc(words.answers_axis)}</text>'
    )

    def path(attr: str) -> str:
        pts = [(sx(c.n), sy(min(max(getattr(c, attr), y_lo), y_hi))) for c in curve]
        return "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in pts)

    for attr, dash, cls in (
        ("warning_low", "4 3", "limit-warning"),
        ("warning_high", "4 3", "limit-warning"),
        ("alarm_low", "", "limit-alarm"),
        ("alarm_high", "", "limit-alarm"),
    ):
        stroke = WARNING_INK if "warning" in attr else ALARM_INK
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        body.append(
            f'<path class="{cls}" d="{path(attr)}" fill="none" stroke="{stroke}" '
            f'stroke-width="1.2"{dash_attr}/>'
        )
    ty = sy(target)
    body.append(
        f'<line class="target" x1="{left}" x2="{width - right}" y1="{ty:.1f}" y2="{ty:.1f}" '
        f'stroke="{ACCENT}" stroke-width="1.5"/>'
        f'<text x="{width - right}" y="{ty - 4:.1f}" text-anchor="end" fill="{ACCENT}">'
        f"{_esc(words.target % {'value': _num(target)})}</text>"
    )
    kinds = [_kind(_z(p, target=target, sigma=sigma)) for p in points]
    shown = funnel_drawn(points, target=target, sigma=sigma, max_points=max_points)
    if len(shown) < len(points):
        drawn = set(shown)
        rest = [i for i in range(len(points)) if i not in drawn]
        body.extend(_density([(points[i], kinds[i]) for i in rest], sx, sy, words))
    zone = dict(words.zone)
    for i in shown:
        p, kind = points[i], kinds[i]
        where = zone[kind if kind == "inside" else f"{kind}_{funnel_side(p, target=target)}"]
        tip = f"{p.label + ': ' if p.label else ''}θ {p.theta:.2f}, n={p.n}, {where}"
        cx, cy = sx(p.n), sy(p.theta)
        # Shape as well as colour: a circle inside, a diamond outside the warning limits, a
        # triangle outside the alarm limits.
        if kind == "alarm":
            shape = (
                f'<path class="project alarm" d="M{cx:.1f},{cy - 6:.1f} L{cx + 6:.1f},{cy + 5:.1f}'
                f' L{cx - 6:.1f},{cy + 5:.1f} Z" fill="{ALARM_INK}">'
                f"<title>{_esc(tip)}</title></path>"
            )
        elif kind == "warning":
            shape = (
                f'<path class="project warning" d="M{cx:.1f},{cy - 5:.1f} L{cx + 5:.1f},{cy:.1f}'
                f' L{cx:.1f},{cy + 5:.1f} L{cx - 5:.1f},{cy:.1f} Z" fill="{WARNING_INK}">'
                f"<title>{_esc(tip)}</title></path>"
            )
        else:
            shape = (
                f'<circle class="project" cx="{cx:.1f}" cy="{cy:.1f}" r="4" '
                f'fill="{ACCENT}" fill-opacity="0.8"><title>{_esc(tip)}</title></circle>'
            )
        linked = f'<a href="{_esc(p.href)}" aria-label="{_esc(tip)}">{shape}</a>'
        body.append(linked if p.href else shape)
    if not points:
        body.append(
            f'<text x="{width / 2:.0f}" y="{height / 2:.0f}" text-anchor="middle" '
            f'fill="{MUTED}">{_esc(words.no_scores)}</text>'
        )
    links = any(points[i].href for i in shown)
    return _svg(width, height, title, body, role="group" if links else "img")


def _density(
    points: Sequence[tuple[FunnelPoint, str]],
    sx: _Scale,
    sy: _Scale,
    words: ChartWords = ENGLISH,
) -> list[str]:
    """Squares of ``DENSITY_CELL`` px counting the projects in them, per kind (inside the
    limits, outside the warning or the alarm limits), darker where more projects sit."""
    cells: dict[tuple[int, int, str], list[FunnelPoint]] = {}
    for p, kind in points:
        key = (int(sx(p.n) // DENSITY_CELL), int(sy(p.theta) // DENSITY_CELL), kind)
        cells.setdefault(key, []).append(p)
    most = max((len(v) for v in cells.values()), default=1)
    out = []
    for (col, row, kind), members in sorted(cells.items()):
        share = math.log1p(len(members)) / math.log1p(most)
        ns = [m.n for m in members]
        thetas = [m.theta for m in members]
        many = words.projects if len(members) > 1 else words.one_project
        where = many % {"count": len(members), "where": dict(words.zone)[kind]}
        tip = f"{where}: θ {min(thetas):.2f}–{max(thetas):.2f}, n={min(ns)}–{max(ns)}"
        out.append(
            f'<rect class="density density-{kind}" x="{col * DENSITY_CELL}" '
            f'y="{row * DENSITY_CELL}" width="{DENSITY_CELL}" height="{DENSITY_CELL}" '
            f'fill="{FUNNEL_FILL[kind]}" fill-opacity="{0.15 + 0.7 * share:.2f}">'
            f"<title>{_esc(tip)}</title></rect>"
        )
    return out


@dataclass(frozen=True)
class HeatCell:
    status: str  # "G" | "A" | "R" | "" (no data)
    detail: str = ""  # figures for the tooltip, e.g. "mean 7.9, θ 7.6, n=4"


def heatmap_svg(
    rows: Sequence[str],
    periods: Sequence[str],
    cells: dict[tuple[int, int], HeatCell],
    *,
    title: str = "Health by month",
    cell: int = 22,
    label_width: int = 180,
    links: Sequence[str] | None = None,
    words: ChartWords = ENGLISH,
) -> str:
    """Projects (rows, in the caller's order) × months, coloured by health G/A/R.

    ``cells`` maps (row index, period index) to a cell. The caller orders rows by name or
    customer, never by score (no league table).
    """
    top = 64
    width = max(label_width + cell * max(len(periods), 1) + 40, label_width + 290)
    height = top + cell * max(len(rows), 1) + 30
    body = [f'<text x="4" y="16" font-weight="600">{_esc(title)}</text>']
    for j, period in enumerate(periods):
        if j % 3 == 0 or len(periods) <= 12:
            x = label_width + j * cell + cell / 2
            body.append(
                f'<text x="{x:.1f}" y="{top - 6}" text-anchor="start" font-size="12" '
                f'fill="{MUTED}" transform="rotate(-45 {x:.1f} {top - 6})">{_esc(period)}</text>'
            )
    for i, name in enumerate(rows):
        y = top + i * cell
        if links:  # the whole row (name and cells) opens the project's page
            body.append(f'<a class="row-link" href="{_esc(links[i])}">')
        short = name if len(name) <= 24 else name[:23] + "…"
        body.append(
            f'<text x="{label_width - 6}" y="{y + cell * 0.68:.1f}" text-anchor="end">'
            f"<title>{_esc(name)}</title>{_esc(short)}</text>"
        )
        for j, period in enumerate(periods):
            c = cells.get((i, j), HeatCell(""))
            status = c.status if c.status in STATUS_FILL else ""
            tip = f"{name}, {period}: {dict(words.status)[status]}" + (
                f" — {c.detail}" if c.detail else ""
            )
            x0 = label_width + j * cell
            body.append(
                f'<rect class="cell cell-{status or "none"}" x="{x0 + 1}" '
                f'y="{y + 1}" width="{cell - 2}" height="{cell - 2}" rx="3" '
                f'fill="{STATUS_FILL[status]}"><title>{_esc(tip)}</title></rect>'
                f'<text class="mark" x="{x0 + cell / 2:.1f}" y="{y + cell * 0.68:.1f}" '
                f'text-anchor="middle" font-size="12" font-weight="700" aria-hidden="true" '
                f'fill="{STATUS_INK[status]}">{STATUS_MARK[status]}</text>'
            )
        if links:
            body.append("</a>")
    legend_y = height - 12
    x = label_width
    for status in ("G", "A", "R", ""):
        body.append(
            f'<rect x="{x}" y="{legend_y - 11}" width="14" height="14" rx="2" '
            f'fill="{STATUS_FILL[status]}"/><text x="{x + 7}" y="{legend_y}" font-size="12" '
            f'font-weight="700" text-anchor="middle" fill="{STATUS_INK[status]}">'
            f'{STATUS_MARK[status]}</text><text x="{x + 18}" y="{legend_y}" font-size="12" '
            f'fill="{MUTED}">{_esc(dict(words.status)[status])}</text>'
        )
        x += 70
    return _svg(width, height, title, body, role="group" if links else "img")


@dataclass(frozen=True)
class TrendPoint:
    period: str
    value: float | None  # None: no answers that month (a gap in the line)
    low: float | None = None
    high: float | None = None
    n: int = 0


def trend_svg(
    points: Sequence[TrendPoint],
    *,
    title: str,
    target: float | None = None,
    width: int = 560,
    height: int = 240,
    y_range: tuple[float, float] = (1, 10),
    max_labels: int = 8,
    words: ChartWords = ENGLISH,
) -> str:
    """Score over months with its interval as a band; gaps where nobody answered."""
    left, right, top, bottom = 40, 24, 28, 44
    sx = _Scale(0, max(len(points) - 1, 1), left + 10, width - right - 14)
    sy = _Scale(y_range[0], y_range[1], height - bottom, top)
    body = [f'<text x="{left}" y="16" font-weight="600">{_esc(title)}</text>']
    for t in _ticks(*y_range):
        y = sy(t)
        body.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" '
            f'fill="{MUTED}">{_num(t)}</text>'
        )
    step = max(1, math.ceil(len(points) / max_labels))
    for i, p in enumerate(points):
        if i % step == 0:
            body.append(
                f'<text x="{sx(i):.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                f'font-size="12" fill="{MUTED}">{_esc(p.period)}</text>'
            )
    # Split into runs of consecutive points with values, so gaps stay visible.
    runs: list[list[int]] = [[]]
    for i, p in enumerate(points):
        if p.value is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(i)
    for run in (r for r in runs if r):
        banded = [i for i in run if points[i].low is not None and points[i].high is not None]
        if len(banded) == len(run):
            upper = [f"{sx(i):.1f},{sy(points[i].high):.1f}" for i in run]  # type: ignore[arg-type]
            lower = [f"{sx(i):.1f},{sy(points[i].low):.1f}" for i in reversed(run)]  # type: ignore[arg-type]
            body.append(
                f'<path class="band" d="M{" L".join(upper + lower)} Z" fill="{ACCENT}" '
                f'fill-opacity="0.15" stroke="none"/>'
            )
        line = " L".join(f"{sx(i):.1f},{sy(points[i].value):.1f}" for i in run)  # type: ignore[arg-type]
        body.append(
            f'<path class="line" d="M{line}" fill="none" stroke="{ACCENT}" stroke-width="2"/>'
        )
    for i, p in enumerate(points):
        if p.value is None:
            continue
        interval = (
            words.interval % {"low": f"{p.low:.1f}", "high": f"{p.high:.1f}"}
            if p.low is not None and p.high is not None
            else ""
        )
        tip = f"{p.period}: {p.value:.1f}{interval}, n={p.n}"
        body.append(
            f'<circle class="point" cx="{sx(i):.1f}" cy="{sy(p.value):.1f}" r="3" '
            f'fill="{ACCENT}"><title>{_esc(tip)}</title></circle>'
        )
    if target is not None:
        ty = sy(target)
        body.append(
            f'<line class="target" x1="{left}" x2="{width - right}" y1="{ty:.1f}" '
            f'y2="{ty:.1f}" stroke="{MUTED}" stroke-dasharray="5 4"/>'
            f'<text x="{width - right}" y="{ty - 4:.1f}" text-anchor="end" fill="{MUTED}">'
            f"{_esc(words.target % {'value': _num(target)})}</text>"
        )
    if not any(p.value is not None for p in points):
        body.append(
            f'<text x="{width / 2:.0f}" y="{height / 2:.0f}" text-anchor="middle" '
            f'fill="{MUTED}">{_esc(words.no_scores)}</text>'
        )
    return _svg(width, height, title, body)
