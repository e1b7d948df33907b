"""Calibrate the early warning's alarm level by simulation (docs/insights.md, "Early warning").

Simulated steady portfolios, drawn over a broad range of team sizes, response rates, rater
spreads, noise, month-to-month shocks and mode mixes, run through the same four steps as real
data with no threshold. Each run of the statistic would raise one alarm; the threshold is set
just above the peak that leaves the target number of false alarms per project-year.

Portfolios of the size at hand are simulated (``size_class``: from 5 to 400 projects, over 36
months), as many as make 115,200 project-months (eight of 400 projects, 640 of 5), and their peaks
pooled, each with its own email effect, spread evenly over the range. One portfolio's level moved
by about 0.2 from one seed to the next (a few dozen false alarms decide it); eight pooled move by
about 0.05 (docs/insights.md, "Calibration"). The size matters: the portfolio-wide quantities of
each month are read from fewer projects in a small portfolio, so they are noisier, and the same
level raised half as many false alarms again in a portfolio of 10 projects as in one of 120.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from rapport.insights.analytics.types import month_span, next_period
from rapport.insights.analytics.warning import (
    Answer,
    AnswerColumns,
    WarningSettings,
    run_portfolio,
)
from rapport.insights.analytics.warning_types import columns_of

# Bump when the simulation or the test changes, so that stored levels are worked out again.
VERSION = 3

# The portfolio sizes simulated: a portfolio is calibrated as the largest of these at or below its
# own size (so its level errs towards fewer false alarms), at most 400.
SIZES = (5, 10, 15, 20, 30, 40, 60, 80, 100, 150, 200, 300, 400)
PROJECT_MONTHS = 8 * 400 * 36  # simulated per calibration, whatever the size


def size_class(projects: int) -> int:
    """The simulated size a portfolio of ``projects`` projects is calibrated as."""
    return max((size for size in SIZES if size <= projects), default=SIZES[0])


def _null_portfolio(
    rng: np.random.Generator, projects: int, months: int, email_bias: float | None = None
) -> dict[int, AnswerColumns]:
    """Steady projects over a broad range of teams, response, rater spread, noise and modes.

    ``email_bias``: the portfolio's email effect (None: drawn from its range).
    """
    periods = [next_period("2020-01", m) for m in range(months)]
    out: dict[int, AnswerColumns] = {}
    if email_bias is None:
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
        span = months - start
        month_shock = rng.normal(0, shock, span)
        if per_cycle:  # one mode per month (a meeting or a survey)
            email = np.repeat((rng.random(span) < email_share)[:, None], pool, axis=1)
        else:  # each person their own
            email = rng.random((span, pool)) < email_share
        answered = rng.random((span, pool)) < response
        mean = level + offsets[None, :] + month_shock[:, None] + np.where(email, email_bias, 0.0)
        scores = np.clip(np.round(rng.normal(mean, noise)), 1, 10)
        t, i = np.nonzero(answered)  # by month, then person
        rows = AnswerColumns()
        rows.periods = [periods[start + m] for m in t.tolist()]
        rows.scores = scores[t, i].tolist()
        rows.respondents = list((pid * 16 + i).tolist())  # unique in the portfolio (≤ 8 people)
        rows.modes = np.where(email[t, i], "email", "meeting").tolist()
        out[pid] = rows
    return out


def _span(rows: Sequence[Answer]) -> list[str]:
    periods = columns_of(rows)[0]
    if not periods:
        return []
    return month_span(min(periods), max(periods))


@lru_cache(maxsize=16)
def calibrate(
    false_alarms_per_year: float = 0.1,
    settings: WarningSettings | None = None,
    *,
    projects: int = 400,
    portfolios: int | None = None,
    months: int = 36,
    seed: int = 20261129,
) -> float:
    """The smallest threshold whose simulated false-alarm rate is at most the target, for a
    portfolio of ``projects`` projects (``size_class``).

    Runs ``portfolios`` simulated steady portfolios (by default as many as make
    ``PROJECT_MONTHS``) through the same four steps with no threshold, records the peak of every
    run of the statistic (one alarm per run), and reads the threshold off them all.
    """
    s = settings or WarningSettings()
    projects = size_class(projects)
    if portfolios is None:
        portfolios = max(8, round(PROJECT_MONTHS / (projects * months)))
    peaks: list[float] = []
    project_months = 0
    for k in range(portfolios):
        answers = _null_portfolio(
            np.random.default_rng([seed, k]), projects, months, -0.8 + (k + 0.5) / portfolios
        )
        spans = {pid: _span(rows) for pid, rows in answers.items()}
        for steps in run_portfolio(answers, spans, math.inf, settings=s).values():
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
    allowed = int(false_alarms_per_year * project_months / 12)
    peaks.sort(reverse=True)
    if allowed >= len(peaks):
        return 1.0
    # Alarms happen when the statistic exceeds the threshold: sit just above the (allowed+1)th peak.
    return float(peaks[allowed]) + 1e-6
