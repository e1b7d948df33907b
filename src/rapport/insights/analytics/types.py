"""Plain data the analytics work on. No Django, no ORM: build these from any source.

There is deliberately no project-manager field anywhere in this package: scores are never
grouped, compared or ranked by manager (DESIGN.md, "Privacy and fairness").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

PERIOD_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")

MODES = ("meeting", "call", "email")
SITES = ("hq", "site")


def check_period(period: str) -> str:
    if not PERIOD_RE.match(period):
        raise ValueError(f"A period is 'YYYY-MM', got {period!r}.")
    return period


def next_period(period: str, months: int = 1) -> str:
    year, month = int(period[:4]), int(period[5:])
    index = year * 12 + (month - 1) + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_span(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last``, both included."""
    return list(_span(month_index(first), month_index(last)))


@lru_cache(maxsize=256)
def _span(start: int, end: int) -> tuple[str, ...]:
    # Most projects of a portfolio share their span: the recompute asks for each project's.
    return tuple(f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(start, end + 1))


def month_index(period: str) -> int:
    """``period`` as a whole number of months (consecutive months differ by one)."""
    return int(period[:4]) * 12 + int(period[5:]) - 1


def months_between(start: str, end: str) -> int:
    """Whole months from ``start`` to ``end`` (negative when ``end`` is earlier)."""
    return (int(end[:4]) * 12 + int(end[5:])) - (int(start[:4]) * 12 + int(start[5:]))


@dataclass(frozen=True)
class Observation:
    """One stakeholder's overall score for one project in one monthly period."""

    project_id: int | str
    period: str  # "YYYY-MM"
    score: float  # 1–10
    respondent_id: int | str | None = None  # None for anonymous responses
    role: str = "other"
    mode: str = "meeting"  # meeting | call | email
    language: str = "en"
    complexity: int = 3  # 1–5
    site: str = "hq"  # hq | site
    recommend: int | None = None  # 0–10, for NPS

    def __post_init__(self) -> None:
        check_period(self.period)
        if not 1 <= self.score <= 10:
            raise ValueError(f"A score is between 1 and 10, got {self.score!r}.")
        if not 1 <= self.complexity <= 5:
            raise ValueError(f"Complexity is between 1 and 5, got {self.complexity!r}.")
        if self.recommend is not None and not 0 <= self.recommend <= 10:
            raise ValueError(f"Recommend is between 0 and 10, got {self.recommend!r}.")


class PeriodPoint(NamedTuple):
    """What happened on one project in one period: the input of the early-warning rules (a
    tuple: the recompute builds one per project and month)."""

    period: str
    n: int = 0  # responses
    mean: float | None = None  # mean score (None when nobody answered)
    min_score: float | None = None
    expired: bool = False  # the review cycle expired without an answer
    overdue_actions: int = 0  # actions past their due date at the end of the period
    sentiment: float | None = None  # mean VADER compound of this period's comments (−1…1)


@dataclass(frozen=True)
class Signal:
    """An early-warning signal: which rule fired, when, how bad, and why (words and numbers)."""

    rule: str
    severity: str  # "warning" | "critical"
    period: str  # the period in which the rule fires, using only data up to that period
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "period": self.period,
            "message": self.message,
            "evidence": dict(self.evidence),
        }
