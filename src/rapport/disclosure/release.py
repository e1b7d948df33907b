"""Releasing figures over protected answers, read from the database.

Readers of answers (the health review, review pages, the agenda, the charter, commands, the API)
never compute a figure over confidential or anonymous answers themselves: they load the
partition here and ask for figures over whole released blocks.

- ``load_partition(customer_ids=…)``: the release blocks of those customers (three queries).
- ``cycle_view(cycle, responses, codes, partition=…)``: what a review page and the agenda may
  show for one round (the caller then applies what its reader may see).
- ``block_means(block, rows, codes)``: means per question over one released block, each question
  only where at least k people answered it; ``block_sums`` the same as exact (sum, count) pairs,
  for figures that pool whole blocks.
- ``released_by_period(partition, customer_id)``: a customer's released blocks by the month
  their figures belong to.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from rapport.disclosure import rules
from rapport.disclosure.blocks import (
    Answer,
    Block,
    Level,
    Partition,
    Round,
    count_respondents,
    is_protected,
    partition,
    quarter_of,
)

# A round's answers no longer change in these states (the survey accepts answers until closed).
FINAL_STATES = frozenset({"closed", "expired", "cancelled"})


def current_period(today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    return f"{today:%Y-%m}"


@dataclass
class LoadedPartition(Partition):
    """A partition with the plain rows it was cut from (for per-question figures)."""

    answers: dict[Any, Answer] = field(default_factory=dict)
    rounds: dict[int, Round] = field(default_factory=dict)

    def respondents(self, answer_ids: Iterable[Any]) -> int:
        return count_respondents([self.answers[a] for a in answer_ids], self.rounds)


def load_partition(
    customer_ids: Iterable[int] | None = None,
    *,
    today: dt.date | None = None,
    k: int | None = None,
    raw_ids: bool = False,
) -> LoadedPartition:
    """The release blocks of every protected answer of these customers (None = all).

    ``raw_ids``: answers are keyed by their id as the database driver returns it (a hex string
    on SQLite) instead of a UUID, for bulk readers that fetch raw rows themselves (the health
    recompute: a quarter of a million UUID objects cost seconds).

    ``today`` may be a past day (what was released then), never a later one than today: a
    block is released when its round or quarter is over, not when a reader says it will be.
    """
    from rapport.feedback.models import Invitation, Response, ReviewCycle

    real_today = timezone.localdate()
    today = min(today, real_today) if today is not None else real_today

    customers = None if customer_ids is None else list(set(customer_ids))
    cycles = ReviewCycle.objects.order_by()
    if customers is not None:
        cycles = cycles.filter(project__customer_id__in=customers)
    # Plain ids, months and states: the driver's rows need no converters.
    cycle_rows = _driver_rows(
        cycles.values_list("id", "project_id", "project__customer_id", "period", "state")
    )
    invitees: dict[int, set[int]] = defaultdict(set)
    anonymous_cycles = cycles.filter(confidentiality="anonymous").values("pk")
    for cycle_id, stakeholder_id in (
        Invitation.objects.filter(cycle__in=anonymous_cycles)
        .order_by()
        .values_list("cycle_id", "stakeholder_id")
    ):
        invitees[cycle_id].add(stakeholder_id)
    # Tuples made by tuple.__new__ directly, as Round(...) and Answer(...) would make them:
    # a portfolio has 100,000s of each, and the classes' own __new__ is a Python function.
    new_round, new_answer = partial(tuple.__new__, Round), partial(tuple.__new__, Answer)
    rounds = {
        cid: new_round(
            (
                cid,
                pid,
                customer,
                period,
                state in FINAL_STATES,
                frozenset(invitees[cid]) if cid in invitees else None,
            )
        )
        for cid, pid, customer, period, state in cycle_rows
    }
    responses = Response.objects.filter(confidentiality__in=["confidential", "anonymous"])
    if customers is not None:
        responses = responses.filter(project__customer_id__in=customers)
    rows = responses.order_by().values_list("id", "cycle_id", "stakeholder_id", "confidentiality")
    answers = {
        rid: new_answer(
            (rid, cycle_id, stakeholder_id if confidentiality == "confidential" else None)
        )
        for rid, cycle_id, stakeholder_id, confidentiality in (
            _driver_rows(rows) if raw_ids else rows
        )
        if cycle_id in rounds
    }
    k_value = rules.figure_threshold(k)
    cut = partition(answers.values(), rounds.values(), today=current_period(today), k=k_value)
    loaded = LoadedPartition(k=cut.k, blocks=cut.blocks, of_answer=cut.of_answer)
    loaded.answers = answers
    loaded.rounds = rounds
    return loaded


def _driver_rows(queryset: Any) -> list[tuple]:
    """A ``values_list`` query's rows as the driver returns them (no per-value converters)."""
    from django.core.exceptions import EmptyResultSet
    from django.db import connections

    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # filtered on an empty list: nothing to ask the database
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@dataclass(frozen=True)
class Figures:
    """Means per question code with the N behind them; empty when nothing may be shown."""

    n: int
    respondents: int
    means: dict[str, float | None]
    counts: dict[str, int]


def block_means(
    block: Block,
    rows: Sequence[Mapping[str, Any]],
    codes: Iterable[str],
    partition: LoadedPartition,
) -> Figures:
    """Means per question over one released block. ``rows`` are the block's responses as
    mappings with ``id`` and ``scores``. A question is shown only where at least k distinct
    people answered it (someone may skip a question)."""
    if not block.released:
        return Figures(block.size, block.respondents, {}, {})
    mine = [r for r in rows if r["id"] in block.answer_ids]
    means: dict[str, float | None] = {}
    counts: dict[str, int] = {}
    for code in codes:
        with_code = [r for r in mine if code in (r.get("scores") or {})]
        counts[code] = len(with_code)
        if partition.respondents([r["id"] for r in with_code]) >= partition.k:
            means[code] = rules.mean([int(r["scores"][code]) for r in with_code])
    return Figures(len(mine), block.respondents, means, counts)


def block_sums(
    block: Block,
    rows: Sequence[Mapping[str, Any]],
    codes: Iterable[str],
    partition: LoadedPartition,
) -> dict[str, tuple[int, int]]:
    """(sum, count) per question over one released block, for exactly the questions whose mean
    ``block_means`` releases (nothing for a block not released). Exact, unrounded: figures that
    pool several whole blocks (and attributed answers) add these up, and stay sums over whole
    blocks."""
    wanted = list(codes)
    released = block_means(block, rows, wanted, partition).means
    sums: dict[str, tuple[int, int]] = {}
    mine = [r for r in rows if r["id"] in block.answer_ids]
    for code in wanted:
        if code not in released:
            continue
        values = [int(r["scores"][code]) for r in mine if code in (r.get("scores") or {})]
        sums[code] = (sum(values), len(values))
    return sums


def released_by_period(
    partition: Partition, customer_id: int, periods: Iterable[str] | None = None
) -> dict[str, list[Block]]:
    """The customer's released blocks (any level: round, project quarter, customer quarter),
    keyed by ``Block.release_period``, the month their figures belong to; only those months
    in ``periods`` when given. Blocks are disjoint, so figures built per month from these
    never share part of a block."""
    wanted = None if periods is None else set(periods)
    out: dict[str, list[Block]] = defaultdict(list)
    for block in sorted(partition.released(), key=lambda b: b.key):
        if block.customer_id != customer_id:
            continue
        if wanted is not None and block.release_period not in wanted:
            continue
        out[block.release_period].append(block)
    return dict(out)


def describe(block: Block, *, project_name: str = "", customer_name: str = "") -> str:
    """Where a released figure comes from, in words."""
    if block.level == Level.ROUND:
        return _("this review's answers (%(people)s people)") % {"people": block.respondents}
    where = {
        "quarter": quarter_of(block.last_period),
        "answers": block.size,
        "people": block.respondents,
        "project": project_name,
        "customer": customer_name,
    }
    if block.level == Level.PROJECT:
        if project_name:
            text = _(
                "%(project)s's smaller reviews in %(quarter)s, pooled "
                "(%(answers)s answers from at least %(people)s people)"
            )
        else:
            text = _(
                "this project's smaller reviews in %(quarter)s, pooled "
                "(%(answers)s answers from at least %(people)s people)"
            )
    elif customer_name:
        text = _(
            "%(customer)s's projects in %(quarter)s, pooled "
            "(%(answers)s answers from at least %(people)s people)"
        )
    else:
        text = _(
            "the customer's projects in %(quarter)s, pooled "
            "(%(answers)s answers from at least %(people)s people)"
        )
    return text % where


def withheld_reason(k: int) -> str:
    return _(
        "Scores given in confidence are shown once at least %(k)s people have answered: per "
        "review when it closes, else pooled over the quarter, else over the customer's projects."
    ) % {"k": k}


@dataclass
class CycleView:
    """What a review page, the agenda and the timeline may show for one round, for one reader.

    ``open_means``: means over the round's attributed answers (scores agreed openly, e.g. live in
    the meeting) — shown to whoever may see the project's feedback. ``protected``: the released
    block the round's confidential or anonymous answers belong to, with its means, or None and a
    reason. ``comments``: protected comments only from a released block of ≥ k_comments people.
    """

    protected_count: int
    open_count: int
    open_means: dict[str, float | None]
    block: Block | None
    block_label: str
    protected_means: dict[str, float | None]
    comments: list[str]
    reason: str

    @property
    def has_protected(self) -> bool:
        return self.protected_count > 0


def cycle_view(
    cycle: Any,
    responses: Sequence[Any],
    codes: Sequence[str],
    *,
    partition: LoadedPartition | None = None,
    comments_allowed: bool = True,
    block_rows: dict[str, list[dict[str, Any]]] | None = None,
) -> CycleView:
    """Figures for one round. ``responses`` are the round's Response objects (or mappings with
    ``id``, ``scores``, ``comment``, ``confidentiality``). ``block_rows``: a cache of pooled
    blocks' rows by block key (see ``prefetch_block_rows``), so a page of rounds runs a fixed
    number of queries."""

    def get(r: Any, name: str) -> Any:
        return r[name] if isinstance(r, Mapping) else getattr(r, name)

    open_rows = [r for r in responses if not is_protected(get(r, "confidentiality"))]
    protected = [r for r in responses if is_protected(get(r, "confidentiality"))]
    open_means: dict[str, float | None] = {}
    for code in codes:
        values = [int(get(r, "scores")[code]) for r in open_rows if code in get(r, "scores")]
        if values:
            open_means[code] = rules.mean(values)
    open_comments = [get(r, "comment") for r in open_rows if get(r, "comment")]
    view = CycleView(
        protected_count=len(protected),
        open_count=len(open_rows),
        open_means=open_means,
        block=None,
        block_label="",
        protected_means={},
        comments=open_comments if comments_allowed else [],
        reason="",
    )
    if not protected:
        return view
    part = partition or load_partition([cycle.project.customer_id])
    block = part.released_block_of(get(protected[0], "id"))
    if block is None:
        view.reason = withheld_reason(part.k)
        return view
    view.block = block
    view.block_label = describe(
        block, project_name=cycle.project.name, customer_name=cycle.project.customer.name
    )
    if block.level == Level.ROUND:
        rows = [{"id": get(r, "id"), "scores": get(r, "scores")} for r in protected]
    else:
        rows = _block_rows(block, block_rows)
    view.protected_means = block_means(block, rows, codes, part).means
    if (
        comments_allowed
        and block.level == Level.ROUND
        and block.respondents >= rules.comment_threshold()
    ):
        view.comments = [
            *view.comments,
            *(get(r, "comment") for r in protected if get(r, "comment")),
        ]
    return view


# --- helpers for pages that show many rounds (added for the feedback review pages) ------------


def _block_rows(
    block: Block, cache: dict[str, list[dict[str, Any]]] | None = None
) -> list[dict[str, Any]]:
    """A released block's responses as ``{"id", "scores"}`` rows (one query, or the cache)."""
    if cache is not None and block.key in cache:
        return cache[block.key]
    from rapport.feedback.models import Response

    rows: list[dict[str, Any]] = [
        dict(row)
        for row in Response.objects.filter(pk__in=list(block.answer_ids)).values("id", "scores")
    ]
    if cache is not None:
        cache[block.key] = rows
    return rows


def prefetch_block_rows(blocks: Iterable[Block]) -> dict[str, list[dict[str, Any]]]:
    """The rows of several released blocks in one query, keyed by block (for ``cycle_view``'s
    and ``block_figures``' ``block_rows``)."""
    wanted = {b.key: b for b in blocks if b.released}
    cache: dict[str, list[dict[str, Any]]] = {key: [] for key in wanted}
    if not wanted:
        return cache
    from rapport.feedback.models import Response

    owner = {a: key for key, b in wanted.items() for a in b.answer_ids}
    for row in Response.objects.filter(pk__in=list(owner)).values("id", "scores"):
        cache[owner[row["id"]]].append(dict(row))
    return cache


def block_figures(
    block: Block,
    codes: Iterable[str],
    partition: LoadedPartition,
    *,
    block_rows: dict[str, list[dict[str, Any]]] | None = None,
) -> Figures:
    """Means per question over one released block, its rows read from the database."""
    return block_means(block, _block_rows(block, block_rows), codes, partition)


def latest_block_for_project(
    partition: LoadedPartition,
    project_id: int,
    customer_id: int,
    *,
    until: str | None = None,
) -> Block | None:
    """The most recent released block that covers a project, up to the month ``until``: one
    holding answers of the project's rounds (its own round, its quarter, or its customer's
    quarter), else the customer's latest pooled quarter. None when nothing was released yet."""
    own_rounds = {r.id for r in partition.rounds.values() if r.project_id == project_id}
    released = [b for b in partition.released() if until is None or b.release_period <= until]
    candidates = [b for b in released if b.round_ids & own_rounds]
    if not candidates:
        candidates = [
            b for b in released if b.level == Level.CUSTOMER and b.customer_id == customer_id
        ]
    if not candidates:
        return None
    return max(candidates, key=lambda b: (b.release_period, b.key))


@dataclass(frozen=True)
class ProjectCounts:
    """Where a project's protected answers are: counts only, safe for every reader."""

    protected: int  # confidential or anonymous answers in all
    in_project_figures: int  # released for this project (a round or the project's quarter)
    pooled_for_customer: int  # released only within the customer's pooled quarter
    waiting: int  # an open round or quarter: may still be released
    too_few: int  # a finished quarter with fewer than k people, even pooled: never shown

    @property
    def held_back(self) -> int:
        return self.protected - self.in_project_figures


def project_counts(project_id: int, partition: LoadedPartition) -> ProjectCounts:
    rounds = {rid for rid, r in partition.rounds.items() if r.project_id == project_id}
    mine = [a.id for a in partition.answers.values() if a.round_id in rounds]
    own = pooled = too_few = 0
    for answer_id in mine:
        block = partition.block_of(answer_id)
        if block is None:
            continue
        if not block.released:
            too_few += block.complete
        elif block.level == Level.CUSTOMER:
            pooled += 1
        else:
            own += 1
    waiting = len(mine) - own - pooled - too_few
    return ProjectCounts(len(mine), own, pooled, waiting, too_few)
