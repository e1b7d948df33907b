"""Project health = worst of four components (DESIGN.md, "Formulas").

- delivery: the project's delivery status mapped G/AG → G, A → A, AR/R → R.
- satisfaction: R when the whole interval of θ lies below target or a critical signal fired; A when
  θ is below target or a warning signal fired; G otherwise (no scores yet: G, with a reason).
- engagement: R after two expired cycles in a row (silence); A when the response rate is under
  ``min_response_rate``; G otherwise.
- actions: R with ``red_overdue`` or more overdue actions, A with at least one, G otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rapport.insights.analytics.signals import (
    CRITICAL,
    RULE_OVERDUE,
    RULE_SILENCE,
    WARNING,
)
from rapport.insights.analytics.types import Signal

GREEN, AMBER, RED = "G", "A", "R"
_RANK = {GREEN: 0, AMBER: 1, RED: 2}
DELIVERY_MAP = {"G": GREEN, "AG": GREEN, "A": AMBER, "AR": RED, "R": RED}
SATISFACTION_RULES_EXCLUDED = {RULE_SILENCE, RULE_OVERDUE}  # counted in their own components


def worst(*statuses: str) -> str:
    # Membership tests rather than ``max`` with a key: the recompute asks this 120,000 times.
    for status in statuses:
        if status not in _RANK:
            raise KeyError(status)
    return RED if RED in statuses else AMBER if AMBER in statuses else GREEN


class Health(NamedTuple):
    """A project's health in one period (a tuple: the recompute makes one per project and
    month)."""

    status: str
    delivery: str
    satisfaction: str
    engagement: str
    actions: str
    reasons: list[str] = []  # shared default, never mutated: ``health`` passes its own list


def health(
    *,
    delivery_status: str,
    theta: float | None = None,
    theta_high: float | None = None,
    target: float = 7.0,
    signals: Sequence[Signal] = (),
    response_rate: float | None = None,
    expired_in_a_row: int = 0,
    overdue_actions: int = 0,
    min_response_rate: float = 0.5,
    red_overdue: int = 3,
) -> Health:
    reasons: list[str] = []
    if delivery_status not in DELIVERY_MAP:
        raise ValueError(f"Unknown delivery status {delivery_status!r}.")
    delivery = DELIVERY_MAP[delivery_status]
    if delivery != GREEN:
        reasons.append(f"Delivery status is {delivery_status}.")

    satisfaction = GREEN
    if theta is None:
        reasons.append("No scores yet.")
    else:
        upper = theta_high if theta_high is not None else theta
        if upper < target:
            satisfaction = RED
            reasons.append(
                f"Adjusted score {theta:.1f} is below the target {target:g}, "
                f"even at the top of its interval ({upper:.1f})."
            )
        elif theta < target:
            satisfaction = AMBER
            reasons.append(f"Adjusted score {theta:.1f} is below the target {target:g}.")
    for sig in signals:
        if sig.rule in SATISFACTION_RULES_EXCLUDED:
            continue
        level = RED if sig.severity == CRITICAL else AMBER if sig.severity == WARNING else GREEN
        satisfaction = worst(satisfaction, level)
        reasons.append(sig.message if level != GREEN else f"Needs a conversation: {sig.message}")

    engagement = GREEN
    if expired_in_a_row >= 2:
        engagement = RED
        reasons.append(f"No answer for {expired_in_a_row} review cycles in a row.")
    if response_rate is not None and response_rate < min_response_rate:
        engagement = worst(engagement, AMBER)
        reasons.append(f"Response rate {response_rate:.0%} is under {min_response_rate:.0%}.")

    actions = GREEN
    if overdue_actions >= red_overdue:
        actions = RED
    elif overdue_actions > 0:
        actions = AMBER
    if overdue_actions:
        noun = "action" if overdue_actions == 1 else "actions"
        reasons.append(f"{overdue_actions} agreed {noun} overdue.")

    return Health(
        status=worst(delivery, satisfaction, engagement, actions),
        delivery=delivery,
        satisfaction=satisfaction,
        engagement=engagement,
        actions=actions,
        reasons=reasons,
    )
