"""The measures a charter principle can be bound to.

Each measure is a pure function over plain data (easy to test) plus one loader that fetches that
data for one customer and a list of months with set-based queries. A measure without data says
so (``None`` → "no data yet"); it never invents a number.

Measures that need the monthly review data (actions, response rate, scores per principle, the
service pulse) are registered now and report no data until that data exists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Series = dict[dt.date, float | None]  # month end → value


# --- pure functions ---------------------------------------------------------------------------


def month_ends(today: dt.date, count: int) -> list[dt.date]:
    """The last ``count`` month ends up to ``today`` (this month ends today), oldest first."""
    ends = [today]
    first = dt.date(today.year, today.month, 1)
    for _ in range(count - 1):
        first_prev = first - dt.timedelta(days=1)
        ends.append(first_prev)
        first = dt.date(first_prev.year, first_prev.month, 1)
    return list(reversed(ends))


def share_green(statuses: Sequence[str]) -> float | None:
    """Percent of delivery statuses that are green (G); None without projects."""
    if not statuses:
        return None
    return round(100 * sum(1 for s in statuses if s == "G") / len(statuses), 1)


def open_older_than(
    concerns: Sequence[tuple[dt.date, dt.date | None]], at: dt.date, days: int = 30
) -> int:
    """Concerns heard at least ``days`` before ``at`` and still open on ``at``."""
    cutoff = at - dt.timedelta(days=days)
    return sum(
        1 for heard, closed in concerns if heard <= cutoff and (closed is None or closed > at)
    )


def rag(value: float | None, target: float, *, higher_is_better: bool, unit: str) -> str | None:
    """G when the target is met, A when close (within 10%, or 1 for counts), R otherwise."""
    if value is None:
        return None
    gap = (target - value) if higher_is_better else (value - target)
    if gap <= 0:
        return "G"
    slack = 1.0 if unit == "count" else max(abs(target) * 0.1, 0.5)
    return "A" if gap <= slack else "R"


# --- the registry -----------------------------------------------------------------------------

Loader = Callable[[int, Sequence[dt.date]], Series]


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    unit: str  # "%", "count" or "score"
    higher_is_better: bool
    loader: Loader
    note: str = ""

    def format(self, value: float | None) -> str:
        if value is None:
            return "no data yet"
        if self.unit == "%":
            return f"{value:.0f}%"
        if self.unit == "count":
            return f"{value:.0f}"
        return f"{value:.1f}"


def _load_delivery_green(customer_id: int, months: Sequence[dt.date]) -> Series:
    """Share of the customer's active projects reported green. Rapport keeps today's delivery
    status only, so months before the current one have no data."""
    from rapport.portfolio.models import Project, ProjectState

    statuses = list(
        Project.objects.filter(customer_id=customer_id, state=ProjectState.ACTIVE).values_list(
            "delivery_status", flat=True
        )
    )
    series: Series = dict.fromkeys(months)
    if months:
        series[months[-1]] = share_green(statuses)
    return series


def _load_open_concerns(customer_id: int, months: Sequence[dt.date]) -> Series:
    from rapport.customers.models import Concern

    rows = list(
        Concern.objects.filter(customer_id=customer_id).values_list("heard_on", "closed_on")
    )
    if not rows:
        return dict.fromkeys(months)
    return {m: float(open_older_than(rows, m)) for m in months}


def _no_data_yet(customer_id: int, months: Sequence[dt.date]) -> Series:
    return dict.fromkeys(months)


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in [
        Measure(
            "delivery_green",
            "Delivery status share green",
            "%",
            True,
            _load_delivery_green,
            "Share of their active projects reported green.",
        ),
        Measure(
            "open_concerns_30",
            "Open concerns older than 30 days",
            "count",
            False,
            _load_open_concerns,
            "Frustrations we heard a month ago or more and have not closed.",
        ),
        Measure(
            "actions_on_time",
            "Actions closed on time",
            "%",
            True,
            _no_data_yet,
            "Comes with the monthly reviews.",
        ),
        Measure(
            "response_rate",
            "Response rate",
            "%",
            True,
            _no_data_yet,
            "Comes with the monthly reviews.",
        ),
        Measure(
            "principle_score",
            "Survey score for this principle",
            "score",
            True,
            _no_data_yet,
            "Mean of the answers to this principle's question; comes with the monthly reviews.",
        ),
        Measure(
            "pulse_priorities",
            "Pulse: priorities served",
            "score",
            True,
            _no_data_yet,
            "From the PMO service pulse.",
        ),
        Measure(
            "pulse_effort",
            "Pulse: effort to work with us (CES)",
            "score",
            False,
            _no_data_yet,
            "From the PMO service pulse; lower is easier.",
        ),
    ]
}

# The principles a new charter starts with (all editable): name, description, measure, target.
DEFAULT_PRINCIPLES: list[tuple[str, str, str, float]] = [
    (
        "Strategic alignment",
        "We work on what matters most to you.",
        "pulse_priorities",
        8,
    ),
    ("Transparency", "You hear about problems early, from us.", "open_concerns_30", 0),
    ("Predictability", "Projects land when we said they would.", "delivery_green", 80),
    ("Reliability", "We do what we agreed, on time.", "actions_on_time", 90),
    ("Return on investment", "You get what you paid for.", "principle_score", 8),
]


@dataclass(frozen=True)
class Scored:
    """One principle on the scorecard."""

    name: str
    description: str
    measure: Measure
    target: float
    series: list[tuple[dt.date, float | None]]
    principle_id: int = 0

    @property
    def latest(self) -> float | None:
        for _month, value in reversed(self.series):
            if value is not None:
                return value
        return None

    @property
    def status(self) -> str | None:
        return rag(
            self.latest,
            self.target,
            higher_is_better=self.measure.higher_is_better,
            unit=self.measure.unit,
        )

    @property
    def has_data(self) -> bool:
        return self.latest is not None
