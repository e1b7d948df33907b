"""The early warning's evidence, as numbers and in words: which answers, which silence, how far
from the project's usual, since when (docs/insights.md, "Early warning")."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rapport.insights.analytics.warning import PeriodResidual, WarningSettings


def evidence_of(
    run: list[tuple[PeriodResidual, float]],
    last: PeriodResidual,
    stat: float,
    threshold: float,
    s: WarningSettings,
    usual_response: float,
    portfolio_response: float = 1.0,
) -> dict[str, Any]:
    """The numbers behind an alarm: the run's answers against the same people's usual, and its
    silence against the project's usual response (``usual_response``, as the test reads it) and,
    in a month when the whole portfolio answered more or less than usual, that month's share of
    the usual answers (``portfolio_response``)."""
    answers = sum(r.n for r, _ in run)
    scored = [(r, e) for r, e in run if r.n and not math.isnan(e)]
    evidence: dict[str, Any] = {
        "since": run[0][0].period if run else last.period,
        "statistic": round(stat, 2),
        "threshold": round(threshold, 2),
        "false_alarms_per_year": s.false_alarms_per_year,
        "answers": answers,
    }
    if scored:
        n = sum(r.n for r, _ in scored)
        evidence["residual"] = round(sum(e * r.n for r, e in scored) / n, 2)
        evidence["mean"] = round(sum((r.raw_mean or 0) * r.n for r, _ in scored) / n, 2)
        evidence["usual"] = round(sum((r.usual or 0) * r.n for r, _ in scored) / n, 2)
    expected = sum(r.expected for r, _ in run)
    if expected:
        answered = sum(r.answered for r, _ in run)
        evidence["expected"] = expected
        evidence["answered"] = answered
        evidence["usual_response"] = round(usual_response, 2)
        if portfolio_response != 1.0:
            evidence["portfolio_response"] = round(portfolio_response, 2)
        evidence["silent"] = sorted({w for r, _ in run for w in r.silent}, key=str)
    return evidence


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def message(evidence: Mapping[str, Any], period: str) -> str:
    """The alarm in words: which answers, which silence, how far from usual, since when."""
    since = evidence.get("since", period)
    parts = []
    if "residual" in evidence and evidence["residual"] < 0:
        parts.append(
            f"since {since}, {_count(evidence['answers'], 'answer')} averaged "
            f"{abs(evidence['residual']):.1f} points below what the same people usually give "
            f"({evidence['mean']:.1f} against their usual {evidence['usual']:.1f}, allowing for "
            f"meeting or email)"
        )
    if evidence.get("expected"):
        e, a = evidence["expected"], evidence["answered"]
        if a < e * evidence.get("usual_response", 1.0):
            parts.append(
                f"{e - a} of {e} expected answers from people who answered before did not come "
                f"(usually {evidence['usual_response']:.0%} answer)"
            )
    if evidence.get("expected") and "portfolio_response" in evidence:
        parts.append(
            f"across the portfolio, {evidence['portfolio_response']:.0%} of the usual answers "
            f"came in {period}, and this project's silence is read against that"
        )
    if not parts:
        parts.append(f"since {since}, answers and response have been below this project's usual")
    text = "; ".join(parts)
    return (
        f"Early warning in {period}: {text[0].upper()}{text[1:]}. Evidence "
        f"{evidence['statistic']:.1f} against an alarm level of {evidence['threshold']:.1f}, set "
        f"for about {evidence['false_alarms_per_year']:g} false alarms per project-year."
    )
