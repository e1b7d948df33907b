"""The measures a charter principle can be bound to.

Each measure is a pure function over plain data (easy to test) plus one loader that fetches that
data for one customer and a list of months with set-based queries. A measure without data says
so (``None`` → "no data yet"); it never invents a number.

The two pulse measures read the quarterly PMO service pulse (``feedback.pulse``): a quarter's
value is placed on each of its three months, and stays empty while the round has fewer answers
than the anonymity threshold.
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


def period_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def on_time_share(
    actions: Sequence[tuple[dt.date, dt.date | None, str]], start: dt.date, end: dt.date
) -> float | None:
    """Percent of the actions due between ``start`` and ``end`` that were done by their due date.

    ``actions`` are (due, done_on, status); dropped actions do not count. None when none were due.
    """
    due = [(d, done) for d, done, status in actions if start <= d <= end and status != "dropped"]
    if not due:
        return None
    return round(100 * sum(1 for d, done in due if done is not None and done <= d) / len(due), 1)


def principle_mean(
    responses: Sequence[tuple[str, dict, str]], codes: set[tuple[int, str]], *, k: int
) -> float | None:
    """Mean answer to a principle's questions over ``responses`` (question set id, scores,
    confidentiality); hidden (None) when confidential or anonymous answers come from fewer
    than ``k`` respondents."""
    values, thresholded = [], False
    for qs_id, scores, confidentiality in responses:
        answers = [
            v for code, v in (scores or {}).items() if (qs_id, code) in codes and v is not None
        ]
        if answers:
            values.append(sum(answers) / len(answers))
            thresholded = thresholded or confidentiality in ("confidential", "anonymous")
    if not values or (thresholded and len(values) < k):
        return None
    return round(sum(values) / len(values), 1)


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

# (customer id, month ends, the principle's survey principle key) → series
Loader = Callable[[int, Sequence[dt.date], str], Series]


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    unit: str  # "%", "count" or "score"
    higher_is_better: bool
    loader: Loader
    note: str = ""
    uses_principle: bool = False  # reads the principle's survey_principle

    def format(self, value: float | None) -> str:
        if value is None:
            return "no data yet"
        if self.unit == "%":
            return f"{value:.0f}%"
        if self.unit == "count":
            return f"{value:.0f}"
        return f"{value:.1f}"


def _load_delivery_green(customer_id: int, months: Sequence[dt.date], _param: str) -> Series:
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


def _load_open_concerns(customer_id: int, months: Sequence[dt.date], _param: str) -> Series:
    from rapport.customers.models import Concern

    rows = list(
        Concern.objects.filter(customer_id=customer_id).values_list("heard_on", "closed_on")
    )
    if not rows:
        return dict.fromkeys(months)
    return {m: float(open_older_than(rows, m)) for m in months}


def _load_actions_on_time(customer_id: int, months: Sequence[dt.date], _param: str) -> Series:
    from rapport.feedback.models import Action

    if not months:
        return {}
    first = dt.date(months[0].year, months[0].month, 1)
    rows = list(
        Action.objects.filter(
            project__customer_id=customer_id, due__gte=first, due__lte=months[-1]
        ).values_list("due", "done_on", "status")
    )
    return {m: on_time_share(rows, dt.date(m.year, m.month, 1), m) for m in months}


def _load_response_rate(customer_id: int, months: Sequence[dt.date], _param: str) -> Series:
    from django.db.models import Count, Q

    from rapport.feedback.figures import response_rate
    from rapport.feedback.models import Invitation

    periods = {period_of(m): m for m in months}
    counts = {
        row["cycle__period"]: response_rate(row["invited"], row["answered"])
        for row in Invitation.objects.filter(
            cycle__project__customer_id=customer_id, cycle__period__in=list(periods)
        )
        .values("cycle__period")
        .annotate(invited=Count("pk"), answered=Count("pk", filter=Q(used=True)))
    }
    return {
        m: (float(counts[p]) if counts.get(p) is not None else None) for p, m in periods.items()
    }


def _load_principle_score(customer_id: int, months: Sequence[dt.date], param: str) -> Series:
    """Mean of the answers to the questions asked about ``param`` (e.g. "transparency")."""
    from rapport.disclosure.rules import figure_threshold
    from rapport.feedback.models import Question, Response

    codes = set(Question.objects.filter(principle=param).values_list("question_set_id", "code"))
    if not param or not codes:
        return dict.fromkeys(months)
    periods = {period_of(m): m for m in months}
    by_period: dict[str, list[tuple[int, dict, str]]] = {}
    for period, qs_id, scores, confidentiality in Response.objects.filter(
        project__customer_id=customer_id, period__in=list(periods)
    ).values_list("period", "question_set_id", "scores", "confidentiality"):
        by_period.setdefault(period, []).append((qs_id, scores, confidentiality))
    k = figure_threshold()
    return {m: principle_mean(by_period.get(p, []), codes, k=k) for p, m in periods.items()}


def pulse_series(months: Sequence[dt.date], values: dict[str, float | None]) -> Series:
    """Place each quarter's pulse value (``{"YYYY-Qn": value}``) on the three month ends of that
    quarter; months without a round (or with its figure hidden) have no value."""
    return {m: values.get(f"{m.year:04d}-Q{(m.month - 1) // 3 + 1}") for m in months}


def _pulse_loader(attribute: str) -> Loader:
    def load(customer_id: int, months: Sequence[dt.date], _param: str) -> Series:
        """The customer's pulse round of each quarter, hidden below the anonymity threshold."""
        from rapport.feedback.pulse.figures import round_figures
        from rapport.feedback.pulse.models import PulseRound

        quarters = {f"{m.year:04d}-Q{(m.month - 1) // 3 + 1}" for m in months}
        rounds = dict(
            PulseRound.objects.filter(customer_id=customer_id, period__in=quarters).values_list(
                "pk", "period"
            )
        )
        figures = round_figures(rounds)
        return pulse_series(
            months, {rounds[pk]: getattr(f, attribute) for pk, f in figures.items()}
        )

    return load


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
            _load_actions_on_time,
            "Actions agreed in the monthly reviews, due that month and done by their due date.",
        ),
        Measure(
            "response_rate",
            "Response rate",
            "%",
            True,
            _load_response_rate,
            "Share of review invitations answered that month.",
        ),
        Measure(
            "principle_score",
            "Survey score for this principle",
            "score",
            True,
            _load_principle_score,
            "Mean answer to the review question on this principle (1–10), hidden below the "
            "anonymity threshold.",
            uses_principle=True,
        ),
        Measure(
            "pulse_priorities",
            "Pulse: priorities served",
            "score",
            True,
            _pulse_loader("priorities"),
            "Mean answer to the quarterly service pulse (1–10), shown on each month of the "
            "quarter; hidden below the anonymity threshold.",
        ),
        Measure(
            "pulse_effort",
            "Pulse: effort to work with us (CES)",
            "score",
            False,
            _pulse_loader("effort"),
            "Mean customer effort score of the quarterly service pulse (1–7, lower is easier), "
            "shown on each month of the quarter; hidden below the anonymity threshold.",
        ),
    ]
}

# The principles a new charter starts with (all editable): name, description, measure, target,
# and the survey principle its review question asks about (feedback.questions).
DEFAULT_PRINCIPLES: list[tuple[str, str, str, float, str]] = [
    (
        "Strategic alignment",
        "We work on what matters most to you.",
        "principle_score",
        8,
        "strategic_alignment",
    ),
    (
        "Transparency",
        "You hear about problems early, from us.",
        "open_concerns_30",
        0,
        "transparency",
    ),
    (
        "Predictability",
        "Projects land when we said they would.",
        "delivery_green",
        80,
        "predictability",
    ),
    ("Reliability", "We do what we agreed, on time.", "actions_on_time", 90, "reliability"),
    ("Return on investment", "You get what you paid for.", "principle_score", 8, "value"),
]
SURVEY_PRINCIPLES = [
    ("", "—"),
    ("strategic_alignment", "Strategic alignment"),
    ("transparency", "Transparency"),
    ("predictability", "Predictability"),
    ("reliability", "Reliability"),
    ("value", "Value for money"),
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
