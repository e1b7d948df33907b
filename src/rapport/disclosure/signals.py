"""Early warning on projects with confidential or anonymous answers: direction and rule, no numbers.

The early-warning rules read every answer as it arrives, so the PMO hears early. But a rule's
own words cite figures from one month's answers ("mean fell from 7.0 to 5.0, n=1"), which may
rest on fewer than k people. On such projects an alert says what happened and which rule
fired, and why the numbers are withheld; it never says more than a figure of k people would.
"""

from __future__ import annotations

from typing import Any

# Rules whose words come from answers (silence and overdue actions are counts, not answers).
ANSWER_RULES = frozenset(
    {"early_warning", "ewma", "cusum", "drop", "low_score", "negative_comments"}
)

WHAT_HAPPENED = {
    "early_warning": (
        "Scores or answers on this project have fallen below its usual, up to {period}."
    ),
    "ewma": "Scores are drifting down in {period}.",
    "cusum": "Scores have stayed below this project's usual level up to {period}.",
    "drop": "Satisfaction fell sharply in {period}, compared with the review before.",
    "low_score": "Someone gave a very low score in {period}.",
    "negative_comments": "Comments turned negative in {period}.",
}


def withheld_note(k: int) -> str:
    return (
        f"The numbers are withheld: they come from answers given in confidence, and may rest on "
        f"fewer than {k} people."
    )


def needs_withholding(rule: str, periods_with_protected: set[str], period: str) -> bool:
    """Withhold a rule's numbers when it read protected answers up to ``period``.

    The rules' baselines look back 12 months, so any protected answer in that span counts.
    """
    if rule not in ANSWER_RULES:
        return False
    year, month = int(period[:4]), int(period[5:7])
    here = year * 12 + month
    return any(0 <= here - (int(p[:4]) * 12 + int(p[5:7])) <= 12 for p in periods_with_protected)


def withheld_signal(rule: str, period: str, k: int) -> tuple[str, dict[str, Any]]:
    """The message and evidence of a rule that fired on protected answers."""
    what = WHAT_HAPPENED.get(rule, "An early-warning rule fired in {period}.").format(period=period)
    return f"{what} {withheld_note(k)}", {"withheld": True, "k": k, "direction": "down"}
