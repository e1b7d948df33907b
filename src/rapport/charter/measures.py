"""The measures a charter principle can be bound to.

Each measure is a pure function over plain data (easy to test) plus one loader that fetches that
data for one customer and a list of months with set-based queries. A measure without data says
so (``None`` → "no data yet"); it never invents a number.

Measures over answers go through the disclosure layer (``rapport.disclosure``): the survey
score of a principle pools a month's attributed answers with whole released blocks of
confidential or anonymous answers, never a month's raw protected answers. The two pulse
measures read the quarterly PMO service pulse (``feedback.pulse``): a closed round's value is
placed on each of its quarter's three months; a round still open, or with fewer answers than
the anonymity threshold, has none. Counts (response rate, concerns) are not thresholded.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from rapport.text import number

Series = dict[dt.date, float | None]  # month end → value


class Released(dict):
    """A series of month end → value, with why some values are withheld (``withheld``, or "")."""

    withheld: str = ""

    @classmethod
    def of(cls, values: Series, withheld: str = "") -> Released:
        series = cls(values)
        series.withheld = withheld
        return series


# --- pure functions ---------------------------------------------------------------------------


def month_ends(today: dt.date, count: int) -> list[dt.date]:
    """The last ``count`` month ends up to ``today`` (this month ends today), oldest first."""
    ends = [today]
    first = dt.date(today.year, today.month, 1)
    for _step in range(count - 1):
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


def principle_answers(
    qs_id: int, scores: Mapping[str, Any] | None, codes: set[tuple[int, str]]
) -> dict[str, int]:
    """One response's answers to a principle's questions (``codes`` are (question set, code))."""
    return {
        code: int(v)
        for code, v in (scores or {}).items()
        if (qs_id, code) in codes and v is not None
    }


def pooled_mean(parts: Iterable[tuple[int | float, int]]) -> float | None:
    """The mean of several (sum, count) parts pooled; None without any answer."""
    total: float = 0
    count = 0
    for s, n in parts:
        total += s
        count += n
    return round(total / count, 1) if count else None


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
    label: str | Promise
    unit: str  # "%", "count" or "score"
    higher_is_better: bool
    loader: Loader
    note: str | Promise = ""
    uses_principle: bool = False  # reads the principle's survey_principle

    def format(self, value: float | None) -> str:
        if value is None:
            return gettext("no data yet")
        if self.unit == "%":
            return f"{number(value, 0)}%"
        if self.unit == "count":
            return number(value, 0)
        return number(value, 1)


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
        m: (float(counts[p]) if counts.get(p) is not None else None)  # type: ignore[arg-type]
        for p, m in periods.items()
    }


def _load_principle_score(customer_id: int, months: Sequence[dt.date], param: str) -> Series:
    """Mean of the answers to the questions asked about ``param`` (e.g. "transparency").

    Through the release layer (``rapport.disclosure``): a month's value pools the month's
    attributed answers with the confidential or anonymous answers of the customer's release
    blocks whose figures belong to that month (a closed review of at least k people, else a
    project's or the customer's quarter, shown on its last month), each block only for the
    questions whose mean it releases. So every value is a sum over whole blocks: no two months
    (nor this and any other figure) differ by fewer than k people's answers.
    """
    from rapport.disclosure.blocks import PROTECTED
    from rapport.disclosure.release import block_sums, load_partition, released_by_period
    from rapport.feedback.models import Question, Response

    codes = set(Question.objects.filter(principle=param).values_list("question_set_id", "code"))
    if not param or not codes:
        return dict.fromkeys(months)
    periods = {period_of(m): m for m in months}
    parts: dict[str, list[tuple[int, int]]] = defaultdict(list)
    # Attributed answers: a named conversation, not thresholded.
    for period, qs_id, scores in (
        Response.objects.filter(project__customer_id=customer_id, period__in=list(periods))
        .exclude(confidentiality__in=PROTECTED)
        .values_list("period", "question_set_id", "scores")
    ):
        parts[period].extend((v, 1) for v in principle_answers(qs_id, scores, codes).values())
    # Confidential and anonymous answers: whole released blocks only.
    # The last month end is today (``month_ends``): a quarter is cut once today is past it.
    partition = load_partition([customer_id], today=months[-1] if months else None)
    blocks = released_by_period(partition, customer_id, periods)
    if blocks:
        first = min(b.first_period for bs in blocks.values() for b in bs)
        wanted = {a for bs in blocks.values() for b in bs for a in b.answer_ids}
        rows = [
            {"id": rid, "scores": principle_answers(qs_id, scores, codes)}
            for rid, qs_id, scores in Response.objects.filter(
                project__customer_id=customer_id,
                confidentiality__in=PROTECTED,
                cycle__period__gte=first,
                cycle__period__lte=max(periods),
            ).values_list("id", "question_set_id", "scores")
            if rid in wanted
        ]
        names = {code for _qs, code in codes}
        for period, released in blocks.items():
            for block in released:
                parts[period].extend(block_sums(block, rows, names, partition).values())
    return Released.of(
        {m: pooled_mean(parts.get(p, ())) for p, m in periods.items()},
        withheld_note(partition, periods, blocks),
    )


def withheld_note(partition: Any, periods: Iterable[str], blocks: Mapping[str, list]) -> str:
    """Why some months of a protected measure have no value (or pooled ones), in words."""
    from rapport.disclosure.blocks import Level

    window = set(periods)
    withheld = sum(
        1
        for answer_id, answer in partition.answers.items()
        if partition.rounds[answer.round_id].period in window
        and partition.released_block_of(answer_id) is None
    )
    pooled = any(b.level != Level.ROUND for bs in blocks.values() for b in bs)
    if not withheld and not pooled:
        return ""
    k = partition.k
    sentences = []
    if pooled:
        sentences.append(
            gettext(
                "Some answers given in confidence are pooled over a quarter and shown on its "
                "last month."
            )
        )
    if withheld:
        sentences.append(
            ngettext(
                "%(n)s answer given in confidence is not shown yet: scores given in confidence "
                "count once at least %(k)s people have answered, per review when it closes, "
                "else pooled over the quarter.",
                "%(n)s answers given in confidence are not shown yet: scores given in "
                "confidence count once at least %(k)s people have answered, per review when it "
                "closes, else pooled over the quarter.",
                withheld,
            )
            % {"n": withheld, "k": k}
        )
    return " ".join(sentences)


def pulse_series(months: Sequence[dt.date], values: dict[str, float | None]) -> Series:
    """Place each quarter's pulse value (``{"YYYY-Qn": value}``) on the three month ends of that
    quarter; months without a round (or with its figure hidden) have no value."""
    return {m: values.get(f"{m.year:04d}-Q{(m.month - 1) // 3 + 1}") for m in months}


def _pulse_loader(attribute: str) -> Loader:
    def load(customer_id: int, months: Sequence[dt.date], _param: str) -> Series:
        """The customer's closed pulse round of each quarter, hidden below the anonymity
        threshold. A round still open shows nothing (its figure would move answer by answer)."""
        from rapport.feedback.pulse.figures import round_figures
        from rapport.feedback.pulse.models import PulseRound, PulseState

        quarters = {f"{m.year:04d}-Q{(m.month - 1) // 3 + 1}" for m in months}
        rounds = list(
            PulseRound.objects.filter(customer_id=customer_id, period__in=quarters).only(
                "pk", "period", "state"
            )
        )
        closed = [r for r in rounds if r.state == PulseState.CLOSED]
        figures = round_figures(closed)
        still_open = sorted(r.period for r in rounds if r.state != PulseState.CLOSED)
        note = (
            gettext("The %(quarters)s pulse shows once it closes.")
            % {"quarters": ", ".join(still_open)}
            if still_open
            else ""
        )
        return Released.of(
            pulse_series(months, {r.period: getattr(figures[r.pk], attribute) for r in closed}),
            note,
        )

    return load


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in [
        Measure(
            "delivery_green",
            _("Delivery status share green"),
            "%",
            True,
            _load_delivery_green,
            _("Share of their active projects reported green."),
        ),
        Measure(
            "open_concerns_30",
            _("Open concerns older than 30 days"),
            "count",
            False,
            _load_open_concerns,
            _("Frustrations we heard a month ago or more and have not closed."),
        ),
        Measure(
            "actions_on_time",
            _("Actions closed on time"),
            "%",
            True,
            _load_actions_on_time,
            _("Actions agreed in the monthly reviews, due that month and done by their due date."),
        ),
        Measure(
            "response_rate",
            _("Response rate"),
            "%",
            True,
            _load_response_rate,
            _("Share of review invitations answered that month."),
        ),
        Measure(
            "principle_score",
            _("Survey score for this principle"),
            "score",
            True,
            _load_principle_score,
            _(
                "Mean answer to the review question on this principle (1–10). Answers given in "
                "confidence count once enough people have answered to keep them "
                "unidentifiable: per review when it closes, else pooled over the quarter."
            ),
            uses_principle=True,
        ),
        Measure(
            "pulse_priorities",
            _("Pulse: priorities served"),
            "score",
            True,
            _pulse_loader("priorities"),
            _(
                "Mean answer to the quarterly service pulse (1–10), shown on each month of the "
                "quarter once the pulse has closed; hidden below the anonymity threshold."
            ),
        ),
        Measure(
            "pulse_effort",
            _("Pulse: ease of working with us (CES)"),
            "score",
            True,
            _pulse_loader("effort"),
            _(
                "Mean customer effort score of the quarterly service pulse (1–7, higher is "
                "easier), shown on each month of the quarter once the pulse has closed; hidden "
                "below the anonymity threshold."
            ),
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
    ("strategic_alignment", _("Strategic alignment")),
    ("transparency", _("Transparency")),
    ("predictability", _("Predictability")),
    ("reliability", _("Reliability")),
    ("value", _("Value for money")),
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
    withheld: str = ""  # why some values are not shown (answers given in confidence)

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
