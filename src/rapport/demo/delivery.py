"""Demo data, delivery part: each project's delivery status month by month.

A project's status today was chosen when it was created; walking back from it, a status
sometimes changed one step, mostly from a greener one (projects tend to slide, then some
recover). Only the first month and the months of a change are recorded, as a PMO changing the
status in the console would; the health review then reads each month with the status it had.

Deterministic: its own ``random.Random(seed * 1000 + 5)``, independent of the other demo parts.
"""

from __future__ import annotations

import random
from typing import Any

from rapport.accounts.models import Role
from rapport.portfolio import services as portfolio_services
from rapport.portfolio.history import previous_period
from rapport.portfolio.models import DELIVERY_SEVERITY

K = 5
CHANGE = 0.12  # chance that a month's status differs from the next month's
GREENER = 0.7  # of those changes, the share where the month before was greener
BY_SEVERITY = {v: k for k, v in DELIVERY_SEVERITY.items()}


def _walk_back(rng: random.Random, today: str, months: list[str]) -> list[str]:
    """Statuses for ``months`` (oldest first), ending with ``today``'s."""
    statuses = [today]
    for _ in months[:-1]:
        level = DELIVERY_SEVERITY[statuses[-1]]
        if rng.random() < CHANGE:
            greener = level > 0 and (level == 4 or rng.random() < GREENER)
            level = level - 1 if greener else level + 1
        statuses.append(BY_SEVERITY[level])
    return list(reversed(statuses))


def build_delivery(result: Any, options: Any, progress: Any) -> None:
    rng = random.Random(options.seed * 1000 + K)
    say = progress or (lambda _msg: None)
    lead = result.users[Role.PMO_LEAD][0]
    today = options.today
    last = portfolio_services.period_of(today)
    earliest = last
    for _ in range(options.months):
        earliest = previous_period(earliest)
    changes = 0
    for project in result.projects:
        first = max(earliest, portfolio_services.period_of(project.start_date or today))
        end = min(last, portfolio_services.period_of(project.end_date or today))
        months = [end]
        while months[-1] > first:
            months.append(previous_period(months[-1]))
        months.reverse()
        statuses = _walk_back(rng, project.delivery_status, months)
        for i, (period, status) in enumerate(zip(months, statuses, strict=True)):
            if i and status == statuses[i - 1]:
                continue
            portfolio_services.set_delivery_status(
                project, status, by=lead, period=period, today=today
            )
            changes += 1 if i else 0
    say(f"Recorded the delivery-status history: {changes} changes over {options.months} months.")
