"""Release blocks: protected answers cut into disjoint groups of at least k people (pure, no ORM).

A *protected* answer is a confidential or anonymous one. Every protected answer belongs to at
most one block, and a figure over protected answers is only ever released as a sum over whole
released blocks. Blocks are disjoint, so the difference of any two released figures is again a
sum over whole blocks: nobody can subtract their way down to fewer than k people.

How answers are grouped, for each project, in period order (docs/privacy.md):

1. **A closed round** (one project's review for one month) whose protected answers come from at
   least k distinct people is a block of its own, released when the round closes.
2. **A project's quarter**: the protected answers of its smaller closed rounds in one calendar
   quarter, released when the quarter is over and every round in it is closed, if they come from
   at least k distinct people.
3. **A customer's quarter**: what is left of all the customer's projects in that quarter, pooled,
   released on the same conditions. It is shown for the customer, never for one project.
4. Anything else is withheld: its answers are counted, never turned into a figure.

A block's membership never changes once it is released (a round's answers are final when it
closes; a quarter is only cut when all its rounds are), so what a reader saw last month is still
a sum over whole blocks next month.

Distinct people: a confidential answer names its stakeholder. An anonymous one names nobody, so
the count is a lower bound: at least the largest number of answers in one round, and the sum over
rounds whose invited people do not overlap (their answers must come from different people).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

PROTECTED = frozenset({"confidential", "anonymous"})


def is_protected(confidentiality: str) -> bool:
    return confidentiality in PROTECTED


class Level(StrEnum):
    ROUND = "round"
    PROJECT = "project"  # a project's quarter
    CUSTOMER = "customer"  # a customer's quarter, pooled over its projects


class Answer(NamedTuple):
    """One protected answer (a response), as plain data (a tuple: a portfolio has many)."""

    id: Hashable
    round_id: int
    person: int | None = None  # the stakeholder, when the answer is confidential


class Round(NamedTuple):
    """One project's review for one month (a tuple: a portfolio has many)."""

    id: int
    project_id: int
    customer_id: int
    period: str  # YYYY-MM
    final: bool  # closed (or expired, cancelled): its answers no longer change
    # Who was invited (anonymous rounds: the only hint of who may have answered); None = unknown.
    invitees: frozenset[int] | None = None


@dataclass(frozen=True)
class Block:
    key: str
    level: Level
    customer_id: int
    project_id: int | None  # None for a customer's quarter
    first_period: str
    last_period: str
    answer_ids: frozenset
    round_ids: frozenset[int]
    respondents: int  # distinct people, at least (a lower bound for anonymous answers)
    released: bool
    # All its rounds are final and its quarter is over: an unreleased complete block had too few
    # people and never will be released; an incomplete one may still be.
    complete: bool = True

    @property
    def release_period(self) -> str:
        """The month a released block's figures belong to (its last month)."""
        return self.last_period

    @property
    def size(self) -> int:
        return len(self.answer_ids)


@dataclass
class Partition:
    """Every protected answer's block (or none: still in an open round or quarter)."""

    k: int
    blocks: dict[str, Block] = field(default_factory=dict)
    of_answer: dict[Hashable, str] = field(default_factory=dict)

    def block_of(self, answer_id: Hashable) -> Block | None:
        key = self.of_answer.get(answer_id)
        return self.blocks[key] if key else None

    def released_block_of(self, answer_id: Hashable) -> Block | None:
        block = self.block_of(answer_id)
        return block if block and block.released else None

    def released(self) -> list[Block]:
        return [b for b in self.blocks.values() if b.released]


def quarter_of(period: str) -> str:
    """``2026-05`` → ``2026-Q2``."""
    return f"{period[:4]}-Q{(int(period[5:7]) - 1) // 3 + 1}"


def quarter_last_period(quarter: str) -> str:
    return f"{quarter[:4]}-{int(quarter[-1]) * 3:02d}"


def quarter_periods(quarter: str) -> tuple[str, str]:
    last = int(quarter[-1]) * 3
    return f"{quarter[:4]}-{last - 2:02d}", f"{quarter[:4]}-{last:02d}"


def distinct_lower_bound(groups: Iterable[tuple[int, frozenset[int] | None]]) -> int:
    """At least how many different people gave these answers.

    ``groups`` are (answers, who could have given them): a round's anonymous answers with the
    people invited to it (None when unknown), or confidential answers' named people with the
    count of those people. Groups whose people cannot overlap add up; otherwise the largest
    group counts alone. Greedy, so a safe under-estimate.
    """
    items = sorted(((n, people) for n, people in groups if n > 0), key=lambda g: -g[0])
    if not items:
        return 0
    best = items[0][0]
    seen: set[int] = set()
    total = 0
    for n, people in items:
        if people is None:
            continue
        if seen.isdisjoint(people):
            seen |= people
            total += min(n, len(people)) if people else n
    return max(best, total)


def count_respondents(answers: list[Answer], rounds: dict[int, Round]) -> int:
    named: set[int] = set()
    anonymous: dict[int, int] = {}
    for a in answers:
        if a.person is not None:
            named.add(a.person)
        else:
            anonymous[a.round_id] = anonymous.get(a.round_id, 0) + 1
    if not anonymous:
        return len(named)  # what distinct_lower_bound gives for one group of named people
    if not named and len(anonymous) == 1:
        return next(iter(anonymous.values()))  # one round's anonymous answers: at least n people
    groups: list[tuple[int, frozenset[int] | None]] = []
    if named:
        groups.append((len(named), frozenset(named)))
    for round_id, n in anonymous.items():
        groups.append((n, rounds[round_id].invitees))
    return distinct_lower_bound(groups)


def partition(
    answers: Iterable[Answer], rounds: Iterable[Round], *, today: str, k: int
) -> Partition:
    """Cut protected ``answers`` into release blocks (see the module's docstring).

    ``rounds`` must hold every round of every customer concerned (also rounds without protected
    answers): a quarter is only cut once all its rounds are final. ``today`` is the current
    period (YYYY-MM); a quarter is over when ``today`` is past its last month.
    """
    by_round: dict[int, list[Answer]] = defaultdict(list)
    for a in answers:
        by_round[a.round_id].append(a)
    all_rounds = {r.id: r for r in rounds}
    result = Partition(k=k)
    of_answer = result.of_answer

    def add(block: Block) -> None:
        result.blocks[block.key] = block
        of_answer.update(dict.fromkeys(block.answer_ids, block.key))

    # Each month's quarter, and whether that quarter is still running, once per month.
    month_quarter: dict[str, str] = {}
    running: dict[str, bool] = {}
    for period in {r.period for r in all_rounds.values()}:
        month_quarter[period] = q = quarter_of(period)
        running[period] = today <= quarter_last_period(q)

    # Quarters are complete when over and all their rounds (per project and per customer) final.
    open_project_quarters: set[tuple[int, str]] = set()
    open_customer_quarters: set[tuple[int, str]] = set()
    for r in all_rounds.values():
        if not r.final or running[r.period]:
            q = month_quarter[r.period]
            open_project_quarters.add((r.project_id, q))
            open_customer_quarters.add((r.customer_id, q))

    leftovers: dict[tuple[int, str], list[Answer]] = defaultdict(list)  # (project, quarter)
    for round_id, own in sorted(by_round.items(), key=lambda item: all_rounds[item[0]].period):
        r = all_rounds[round_id]
        respondents = count_respondents(own, all_rounds) if r.final else 0
        if r.final and respondents >= k:
            add(
                Block(
                    key=f"round:{r.id}",
                    level=Level.ROUND,
                    customer_id=r.customer_id,
                    project_id=r.project_id,
                    first_period=r.period,
                    last_period=r.period,
                    answer_ids=frozenset([a.id for a in own]),
                    round_ids=frozenset({r.id}),
                    respondents=respondents,
                    released=True,
                )
            )
        else:
            leftovers[(r.project_id, month_quarter[r.period])].extend(own)

    pools: dict[tuple[int, str], list[Answer]] = defaultdict(list)  # (customer, quarter)
    for (project_id, quarter), own in sorted(leftovers.items(), key=lambda item: item[0]):
        # Every round here is the project's, so any of them names its customer.
        customer_id = all_rounds[own[0].round_id].customer_id
        complete = (project_id, quarter) not in open_project_quarters
        if not complete:
            continue  # still collecting: no block yet, nothing released
        respondents = count_respondents(own, all_rounds)
        if respondents >= k:
            add(_quarter_block(Level.PROJECT, customer_id, project_id, quarter, own, respondents))
        else:
            pools[(customer_id, quarter)].extend(own)

    for (customer_id, quarter), own in sorted(pools.items(), key=lambda item: item[0]):
        respondents = count_respondents(own, all_rounds)
        complete = (customer_id, quarter) not in open_customer_quarters
        add(
            _quarter_block(
                Level.CUSTOMER,
                customer_id,
                None,
                quarter,
                own,
                respondents,
                released=complete and respondents >= k,
                complete=complete,
            )
        )
    return result


def _quarter_block(
    level: Level,
    customer_id: int,
    project_id: int | None,
    quarter: str,
    own: list[Answer],
    respondents: int,
    *,
    released: bool = True,
    complete: bool = True,
) -> Block:
    """A project's or a customer's quarter as one block."""
    first, last = quarter_periods(quarter)
    owner = project_id if level == Level.PROJECT else customer_id
    return Block(
        key=f"{level}:{owner}:{quarter}",
        level=level,
        customer_id=customer_id,
        project_id=project_id,
        first_period=first,
        last_period=last,
        answer_ids=frozenset(a.id for a in own),
        round_ids=frozenset(a.round_id for a in own),
        respondents=respondents,
        released=released,
        complete=complete,
    )
