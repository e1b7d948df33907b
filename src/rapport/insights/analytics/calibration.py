"""Calibrate the early warning's alarm level by simulation (docs/insights.md, "Early warning").

Simulated steady portfolios, drawn over a broad range of team sizes, response rates, rater
spreads, noise, month-to-month shocks and mode mixes, run through the same four steps as real
data with no threshold. Each run of the statistic would raise one alarm; the threshold is set
just above the peak that leaves the target number of false alarms per project-year.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from rapport.insights.analytics.types import month_span, next_period
from rapport.insights.analytics.warning import Answer, WarningSettings, run_portfolio


def _null_portfolio(
    rng: np.random.Generator, projects: int, months: int
) -> dict[int, list[Answer]]:
    """Steady projects over a broad range of teams, response, rater spread, noise and modes."""
    periods = [next_period("2020-01", m) for m in range(months)]
    out: dict[int, list[Answer]] = {}
    email_bias = rng.uniform(-0.8, 0.2)
    for pid in range(projects):
        level = rng.uniform(5.5, 9.0)
        pool = int(rng.integers(2, 9))
        response = rng.uniform(0.45, 0.95)
        rater_sd = rng.uniform(0.2, 1.3)
        noise = rng.uniform(0.5, 1.4)
        shock = rng.uniform(0.0, 0.35)
        email_share = rng.uniform(0.0, 1.0)
        per_cycle = rng.random() < 0.5
        offsets = rng.normal(0, rater_sd, pool)
        start = int(rng.integers(0, months // 3))
        rows: list[Answer] = []
        for t in range(start, months):
            month_shock = rng.normal(0, shock)
            cycle_mode = "email" if rng.random() < email_share else "meeting"
            for i in range(pool):
                if rng.random() >= response:
                    continue
                mode = (
                    cycle_mode
                    if per_cycle
                    else ("email" if rng.random() < email_share else "meeting")
                )
                mu = level + offsets[i] + month_shock + (email_bias if mode == "email" else 0.0)
                score = float(min(10, max(1, round(rng.normal(mu, noise)))))
                rows.append(Answer(periods[t], score, f"{pid}-{i}", mode))
        out[pid] = rows
    return out


def _span(rows: Sequence[Answer]) -> list[str]:
    if not rows:
        return []
    return month_span(min(a.period for a in rows), max(a.period for a in rows))


@lru_cache(maxsize=16)
def calibrate(
    false_alarms_per_year: float = 0.1,
    settings: WarningSettings | None = None,
    *,
    projects: int = 400,
    months: int = 36,
    seed: int = 20261129,
) -> float:
    """The smallest threshold whose simulated false-alarm rate is at most the target.

    Runs simulated steady portfolios through the same four steps with no threshold, records the
    peak of every run of the statistic (one alarm per run), and reads the threshold off them.
    """
    s = settings or WarningSettings()
    rng = np.random.default_rng(seed)
    answers = _null_portfolio(rng, projects, months)
    spans = {pid: _span(rows) for pid, rows in answers.items()}
    runs = run_portfolio(answers, spans, math.inf, settings=s)
    peaks: list[float] = []
    project_months = 0
    for steps in runs.values():
        project_months += len(steps)
        peak = 0.0
        for step in steps:
            if step.statistic > 0:
                peak = max(peak, step.statistic)
            elif peak:
                peaks.append(peak)
                peak = 0.0
        if peak:
            peaks.append(peak)
    years = project_months / 12
    allowed = int(false_alarms_per_year * years)
    peaks.sort(reverse=True)
    if allowed >= len(peaks):
        return 1.0
    # Alarms happen when the statistic exceeds the threshold: sit just above the (allowed+1)th peak.
    return float(peaks[allowed]) + 1e-6
