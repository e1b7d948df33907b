"""Read the whole portfolio's review history into plain data, set-wise.

A fixed handful of queries, whatever the number of projects or periods: projects with their
context, responses (with their cycle's mode), cycles (expired ones), actions and invitations.
Everything after that is plain Python; the analytics never see the ORM.

Choices (docs/insights.md, "Recompute"):
- Mode: ``Response.source`` survey → email, meeting → meeting, call → call; an imported answer
  (source ``import``) takes its cycle's mode.
- Role: the respondent's free-text role, lower-cased; only roles with at least
  ``MIN_ROLE_ANSWERS`` answers get their own level in the case-mix, the rest are ``other``
  (free text would otherwise add one column per job title).
- Delivery status: each period reads the status it had (``portfolio.history.status_at`` over
  ``delivery``: the latest record at or before the period, else the earliest one); a project
  with no recorded history uses today's.
- Confidential and anonymous answers (docs/privacy.md): figures (θ, mean, n, comment insight)
  see them only once their release block is released, and then at the block's release period,
  so every stored figure is a sum over whole blocks. A block pooled over a customer's projects
  feeds the customer's comment insight, never one project's figures. The early-warning rules
  read every answer as it comes (the PMO must hear early), and the periods holding protected
  answers are recorded so that the rules' messages can be stripped of their numbers.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import connections
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from rapport.disclosure.blocks import Level, is_protected
from rapport.disclosure.release import load_partition
from rapport.feedback.models import Action, CycleState, Invitation, Response, ReviewCycle
from rapport.insights.analytics.comments import sentiment
from rapport.insights.analytics.types import Observation, next_period
from rapport.insights.analytics.warning_types import Answer, AnswerColumns
from rapport.insights.analytics.windowfit import AnswerTable
from rapport.portfolio.models import DeliveryStatusMonth, Project

MIN_ROLE_ANSWERS = 30
SOURCE_MODE = {"survey": "email", "meeting": "meeting", "call": "call"}
_Append = Callable[[Any], None]
# A project's raw scores by period, its early-warning answers and their columns' appends.
_Own = tuple[dict[str, list[float]], AnswerColumns, _Append, _Append, _Append, _Append]
FIGURE_COLUMNS = (
    "project", "period", "score", "respondent", "role", "mode", "language", "complexity", "site"
)  # fmt: skip


@dataclass(frozen=True)
class ProjectInfo:
    id: int
    name: str
    customer_id: int
    customer_name: str
    delivery_status: str
    complexity: int
    site: str
    state: str = "active"


@dataclass
class PortfolioData:
    projects: dict[int, ProjectInfo]
    scores: dict[int, dict[str, list[float]]] = field(default_factory=dict)
    expired: dict[int, set[str]] = field(default_factory=dict)
    cycle_periods: dict[int, set[str]] = field(default_factory=dict)
    overdue: dict[int, dict[str, int]] = field(default_factory=dict)
    sentiment: dict[int, dict[str, float]] = field(default_factory=dict)
    response_rate: dict[int, dict[str, float]] = field(default_factory=dict)
    # (project, period, respondent or None, text, language, attributed): for themes; only
    # attributed ones may be quoted.
    comments: list[tuple[int, str, int | None, str, str, bool]] = field(default_factory=list)
    # Periods in which a project has confidential or anonymous answers (raw, released or not).
    protected: dict[int, set[str]] = field(default_factory=dict)
    # Answers held back from the figures (protected, not in a released project-level block).
    withheld: int = 0
    # Every answer as it came, for the early warning (its words are coarsened when protected),
    # as columns per project.
    warning_answers: dict[int, Sequence[Answer]] = field(default_factory=dict)
    # Periods whose review cycle is still collecting answers (its silence is not yet news).
    open_cycles: dict[int, set[str]] = field(default_factory=dict)
    current_period: str = ""
    # Recorded delivery status per project: (period, status), sorted by period.
    delivery: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    # The answers behind the figures, as columns (at the period each one counts in).
    answers: AnswerTable | None = None
    roles: set[str] = field(default_factory=set)  # roles with their own case-mix level

    @property
    def observations(self) -> list[Observation]:
        """The figures' answers as plain observations, by period (small portfolios, tests)."""
        if self.answers is None:
            return []
        return self.answers.observations(np.arange(len(self.answers)))

    @property
    def periods(self) -> list[str]:
        # ``project_periods`` of every project, unioned without a set per project.
        scores, cycles = self.scores, self.cycle_periods
        found: set[str] = set().union(
            *(scores[pid] for pid in self.projects if pid in scores),
            *(cycles[pid] for pid in self.projects if pid in cycles),
        )
        return sorted(found)

    def project_periods(self, pid: int) -> set[str]:
        return set(self.scores.get(pid, {})) | self.cycle_periods.get(pid, set())


def _role(raw: str) -> str:
    return " ".join((raw or "").lower().split()) or "other"


def _month_end(period: str) -> dt.date:
    """The first day after ``period`` (actions due before it and not done by then are overdue)."""
    nxt = next_period(period)
    return dt.date(int(nxt[:4]), int(nxt[5:]), 1)


class _SentimentCache:
    """Comments repeat (templates, short phrases): score each distinct text once."""

    def __init__(self) -> None:
        self._seen: dict[str, float] = {}

    def __call__(self, text: str) -> float:
        value = self._seen.get(text)
        if value is None:
            value = self._seen[text] = sentiment(text)
        return value


def _raw_rows(queryset: QuerySet) -> list[tuple]:
    """The rows of a ``values_list`` query as the driver returns them (no per-value converters:
    half a million answers would spend seconds turning ids into UUID objects nobody reads)."""
    from django.core.exceptions import EmptyResultSet

    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # filtered on an empty list: nothing to ask the database
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def load_portfolio(
    project_ids: Iterable[int] | None = None,
    *,
    today: dt.date | None = None,
    roles: set[str] | None = None,
) -> PortfolioData:
    """Everything the recompute needs, in six queries. ``project_ids`` None = all projects.

    ``roles``: the roles that are their own level of the case-mix; None counts them over the
    loaded answers (pass the stored ones when loading a single project).
    """
    today = today or timezone.localdate()
    projects_qs = Project.objects.all()
    if project_ids is not None:
        projects_qs = projects_qs.filter(pk__in=list(project_ids))
    rows = projects_qs.values_list(
        "id",
        "name",
        "customer_id",
        "customer__name",
        "delivery_status",
        "complexity",
        "site",
        "state",
    )
    # Complexity clamped to the case-mix's 1–5 once per project, not once per answer.
    projects = {r[0]: ProjectInfo(*r[:5], min(max(r[5] or 3, 1), 5), r[6], r[7]) for r in rows}
    data = PortfolioData(projects=projects, current_period=f"{today.year:04d}-{today.month:02d}")
    scope = Q(project_id__in=list(projects)) if project_ids is not None else Q()

    answers = _raw_rows(
        Response.objects.filter(scope, overall__isnull=False)
        .order_by()
        .values_list(
            "project_id",
            "period",
            "overall",
            "stakeholder_id",
            "respondent_role",
            "source",
            "language",
            "comment",
            "cycle__mode",
            "id",
            "confidentiality",
        )
    )
    released = load_partition(
        {info.customer_id for info in projects.values()}, today=today, raw_ids=True
    )
    if roles is None:
        role_counts: Counter[str] = Counter()
        for raw, count in Counter(a[4] for a in answers).items():
            role_counts[_role(raw)] += count
        roles = {r for r, c in role_counts.items() if c >= MIN_ROLE_ANSWERS}
    data.roles = set(roles)
    role_of: dict[str, str] = {}  # free text → its case-mix level, worked out once per text
    # Per project: its raw scores by period, its answers for the early warning as columns, and
    # those columns' appends (four appends cost less than one ``Answer`` tuple per answer).
    own: dict[int, _Own] = {}
    texts: dict[tuple[int, str], list[float]] = defaultdict(list)
    mood = _SentimentCache()
    # The released blocks' month and level, once per block rather than once per answer.
    shown_at = {
        key: (block.release_period, block.level == Level.CUSTOMER)
        for key, block in released.blocks.items()
        if block.released
    }
    of_answer = released.of_answer
    # A released block enters the figures only if at least k people gave it an overall score:
    # the block was released on all its answers, and a partial answer may have no overall, so
    # the block's overall mean could rest on one person (docs/privacy.md).
    overall_ids: dict[Any, list[Any]] = defaultdict(list)
    for row in answers:
        if is_protected(row[10]) and 1 <= row[2] <= 10:
            key = of_answer.get(row[9])
            if key in shown_at:
                overall_ids[key].append(row[9])
    for key in list(shown_at):
        if released.respondents(overall_ids.get(key, ())) < released.k:
            del shown_at[key]
    del overall_ids
    protected_periods = data.protected
    comments = data.comments
    figures: list[tuple] = []  # one row per answer in the figures, in FIGURE_COLUMNS order
    withheld = 0
    for row in answers:
        (pid, period, overall, stakeholder_id, role, source, language, comment, mode,
         response_id, confidentiality) = row  # fmt: skip
        info = projects.get(pid)
        if info is None or not 1 <= overall <= 10:
            continue
        score = float(overall)
        mine = own.get(pid)
        if mine is None:
            warned = AnswerColumns()
            mine = own[pid] = (
                {},
                warned,
                warned.periods.append,
                warned.scores.append,
                warned.respondents.append,
                warned.modes.append,
            )
        # The raw series feeds the early-warning rules only (their messages are coarsened).
        series = mine[0].get(period)
        if series is None:
            mine[0][period] = [score]
        else:
            series.append(score)
        answer_mode = SOURCE_MODE.get(source) or mode or "meeting"
        mine[2](period)
        mine[3](score)
        mine[4](stakeholder_id)
        mine[5](answer_mode)
        text = comment.strip() if comment else ""
        if text:
            texts[(pid, period)].append(mood(text))
        shown_period: str | None = period
        attributed = not is_protected(confidentiality)
        if not attributed:
            protected_periods.setdefault(pid, set()).add(period)
            key = of_answer.get(response_id)  # released_block_of, inlined (hot loop)
            block = shown_at.get(key) if key else None
            shown_period = block[0] if block else None
            if block is None or block[1]:
                withheld += 1  # not in one project's figures (docs/privacy.md)
                if block is not None and text:
                    assert shown_period is not None  # the block's release period
                    comments.append(
                        (pid, shown_period, stakeholder_id, text, language or "", False)
                    )
                continue
        if text:
            assert shown_period is not None  # the answer's own period, or its block's
            comments.append((pid, shown_period, stakeholder_id, text, language or "", attributed))
        role_name = role_of.get(role)
        if role_name is None:
            role_name = role_of[role] = _role(role) if _role(role) in roles else "other"
        figures.append(
            (pid, shown_period, overall, stakeholder_id, role_name, answer_mode, language or "en",
             info.complexity, info.site or "hq")
        )  # fmt: skip
    del answers
    data.withheld += withheld
    columns = dict(zip(FIGURE_COLUMNS, zip(*figures, strict=True), strict=True)) if figures else {}
    del figures
    # The figures' columns, transposed in one go rather than appended one value at a time.
    data.answers = AnswerTable.build(**{name: columns.get(name, ()) for name in FIGURE_COLUMNS})
    data.warning_answers = {pid: mine[1] for pid, mine in own.items()}
    data.scores = {pid: mine[0] for pid, mine in own.items()}
    for (pid, period), values in texts.items():
        data.sentiment.setdefault(pid, {})[period] = sum(values) / len(values)

    for pid, period, state in _raw_rows(
        ReviewCycle.objects.filter(scope)
        .exclude(state=CycleState.CANCELLED)
        .order_by()
        .values_list("project_id", "period", "state")
    ):
        if pid not in projects:
            continue
        data.cycle_periods.setdefault(pid, set()).add(period)
        if state in (CycleState.PLANNED, CycleState.INVITED):
            data.open_cycles.setdefault(pid, set()).add(period)
        if state == CycleState.EXPIRED:
            data.expired.setdefault(pid, set()).add(period)

    actions = list(
        Action.objects.filter(scope)
        .exclude(status="dropped")
        .order_by()
        .values_list("project_id", "due", "done_on", "status")
    )
    by_project: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for pid, due, done_on, status in actions:
        if status == "done" and done_on is None:
            done_on = due  # done, date unknown: never counted as overdue
        by_project[pid].append((due, done_on))
    for pid, items in by_project.items():
        counts = {}
        for period in sorted(data.project_periods(pid)):
            end = min(_month_end(period), today)
            n = sum(1 for due, done in items if due < end and (done is None or done >= end))
            if n:
                counts[period] = n
        if counts:
            data.overdue[pid] = counts

    invited = (
        Invitation.objects.filter(
            Q(cycle__project_id__in=list(projects)) if project_ids is not None else Q(),
            cycle__mode="email",
        )
        # Only cycles whose answering window is over: an open survey is not a low response rate.
        .exclude(cycle__state__in=[CycleState.CANCELLED, CycleState.PLANNED, CycleState.INVITED])
        .order_by()
        .values_list("cycle__project_id", "cycle__period")
        .annotate(invited=Count("id"), answered=Count("id", filter=Q(used=True)))
    )
    for pid, period, n_invited, n_answered in invited:
        if pid in projects and n_invited:
            data.response_rate.setdefault(pid, {})[period] = n_answered / n_invited

    for pid, period, status in _raw_rows(
        DeliveryStatusMonth.objects.filter(scope)
        .order_by("project_id", "period")
        .values_list("project_id", "period", "status")
    ):
        if pid in projects:
            data.delivery.setdefault(pid, []).append((period, status))
    return data
