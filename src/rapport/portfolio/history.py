"""A project's delivery-status history as plain data: pure functions, no ORM.

A history is a list of ``(period, status)`` pairs sorted by period (YYYY-MM), one per recorded
month (``DeliveryStatusMonth``). A status holds from its month until the next recorded month.
The health recompute and the project page read it through these functions.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

D = TypeVar("D")


def status_at(history: Sequence[tuple[str, str]], period: str, default: D) -> str | D:
    """The status in force in ``period``: the latest record at or before it.

    Before the first record, the earliest known status (the best guess for months nobody
    recorded); with no record at all, ``default`` (the project's status today).
    """
    if not history:
        return default
    i = bisect_right(history, period, key=lambda item: item[0])
    return history[i - 1][1] if i else history[0][1]


def statuses_at(
    history: Sequence[tuple[str, str]], periods: Sequence[str], default: D
) -> list[str | D]:
    """``status_at`` of each of ``periods`` (sorted), in one walk along the history (the health
    recompute asks for every month of every project)."""
    if not history:
        return [default] * len(periods)
    out: list[str | D] = []
    i, count = 0, len(history)
    current = history[0][1]  # before the first record: the earliest known status
    previous = ""
    for period in periods:
        if period < previous:
            raise ValueError("statuses_at needs the periods sorted.")
        while i < count and history[i][0] <= period:
            current = history[i][1]
            i += 1
        out.append(current)
        previous = period
    return out


def previous_period(period: str) -> str:
    index = int(period[:4]) * 12 + int(period[5:]) - 2
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def in_force_since(history: Sequence[tuple[str, str]]) -> str | None:
    """The first month of the latest status's unbroken run (None without history)."""
    if not history:
        return None
    since, current = history[-1]
    for period, status in reversed(history):
        if status != current:
            break
        since = period
    return since


@dataclass(frozen=True)
class StatusMonth:
    period: str
    status: str
    recorded: bool  # a record for this very month (a change or a confirmation)
    changed: bool  # a different status from the month before (never the strip's first month)


def month_strip(
    history: Sequence[tuple[str, str]], last: str, *, months: int = 12
) -> list[StatusMonth]:
    """The status of each month from the first record (at most ``months`` back) to ``last``.

    Empty when nothing was recorded: the page then shows today's status only.
    """
    if not history:
        return []
    first = history[0][0]
    periods = [last]
    while len(periods) < months and periods[-1] > first:
        periods.append(previous_period(periods[-1]))
    recorded = {p for p, _ in history}
    strip: list[StatusMonth] = []
    for p in reversed(periods):
        status = status_at(history, p, history[0][1])
        changed = bool(strip) and strip[-1].status != status
        strip.append(StatusMonth(p, status, recorded=p in recorded, changed=changed))
    return strip
