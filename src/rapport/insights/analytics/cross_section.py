"""Step 3 of the early warning (analytics/warning.py): what moves every project in a month.

Per period, from all projects' residuals (``cross_section``): a first month effect (the mean of
the shortest half), the dispersion of standardised residuals and the portfolio's response rate
(earlier periods only). Then, from the projects in control — those whose statistic stood at zero
the month before in a first pass of the test — the month effect again (a biweight mean, with its
variance) and the month's response against each project's usual (``portfolio_months``), so a
season, a survey change or a holiday that moves everyone is not a decline of each project.
Nothing later than the month itself is read (no look-ahead).
"""

from __future__ import annotations

import statistics
from collections import defaultdict, deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from rapport.insights.analytics.types import month_index
from rapport.insights.analytics.warning_types import PeriodResidual, Step, WarningSettings


@dataclass(frozen=True)
class CrossSection:
    """Per period: the portfolio-wide month effect, dispersion and response rate.

    ``effect`` and ``effect_variance``: the typical project's residual this month, read from the
    projects in control, and how uncertain it is (added to each project's residual variance).
    ``response_factor``: how this month's response compares with each project's usual, across
    the projects in control (a holiday month when everyone answers less is not a decline of one
    project); 1 when unknown. ``projects``: how many projects the month holds (the portfolio's
    size, which the alarm level is calibrated for).
    """

    effect: float = 0.0
    dispersion: float = 1.0
    response: float = 0.7
    response_factor: float = 1.0
    effect_variance: float = 0.0
    projects: int = 0


def _shorth_mean(values: Sequence[float]) -> float:
    """Mean of the shortest interval holding half the values: the typical project's residual.

    Unlike the mean or even the median, it stays with the steady majority when a sizeable
    minority of projects declines at the same time; but it is noisy (it converges at the cube
    root of the number of projects), so it only serves the first pass, which tells the projects
    in control from the others (``portfolio_months``).
    """
    x = np.sort(np.asarray(values, dtype=float))
    h = len(x) // 2 + 1
    if len(x) < 4:
        return float(np.median(x))
    widths = x[h - 1 :] - x[: len(x) - h + 1]
    i = int(np.argmin(widths))
    return float(x[i : i + h].mean())


def _biweight_mean(values: Sequence[float], c: float = 4.685) -> tuple[float, float]:
    """Tukey's biweight location of ``values`` and its variance (about 1.1 × scale² / n).

    The scale is the median absolute deviation from the median; values further than ``c`` of
    it from the location weigh nothing, the rest weigh almost as in a mean, so it is nearly as
    steady as one. Plain Python below 64 values (numpy's overhead dominates there).
    """
    n = len(values)
    if n < 4:
        return (statistics.median(values) if n else 0.0), 0.0
    if n < 64:
        m = statistics.median(values)
        scale = statistics.median([abs(x - m) for x in values]) / 0.6745
        if scale <= 0.0:
            return m, 0.0
        width = c * scale
        for _ in range(20):
            num = den = 0.0
            for x in values:
                u = (x - m) / width
                if -1.0 < u < 1.0:
                    w = (1.0 - u * u) ** 2
                    num += w * x
                    den += w
            new = num / den if den > 0.0 else m
            if abs(new - m) < 1e-9:
                m = new
                break
            m = new
        return m, 1.1 * scale * scale / n
    arr = np.asarray(values, dtype=float)
    m = float(np.median(arr))
    scale = float(np.median(np.abs(arr - m))) / 0.6745
    if scale <= 0.0:
        return m, 0.0
    width = c * scale
    for _ in range(20):
        z = (arr - m) / width
        weights = np.where(np.abs(z) < 1.0, (1.0 - z * z) ** 2, 0.0)
        total = float(weights.sum())
        new = float((weights * arr).sum()) / total if total > 0.0 else m
        if abs(new - m) < 1e-9:
            m = new
            break
        m = new
    return m, 1.1 * scale * scale / n


def cross_section(
    series: Mapping[Any, Sequence[PeriodResidual]], *, prior_weight: float = 3.0
) -> dict[str, CrossSection]:
    """Month effect (same month, all projects), dispersion and response rate (earlier months).

    The dispersion is read from the projects that did better than usual only: declining projects
    sit on the other side, so they do not make the steady ones look noisier.
    """
    by_period: dict[str, list[PeriodResidual]] = defaultdict(list)
    for rows in series.values():
        for r in rows:
            by_period[r.period].append(r)
    out: dict[str, CrossSection] = {}
    z2_upper: list[float] = []
    exp_total = ans_total = 0
    for period in sorted(by_period):
        rows = by_period[period]
        scored = [r for r in rows if r.n and r.residual is not None]
        if scored:
            typical = _shorth_mean([r.residual for r in scored if r.residual is not None])
            effect = typical * len(scored) / (len(scored) + prior_weight)
        else:
            effect = 0.0
        if len(z2_upper) >= 20:
            # The median of z² for a standard normal z is 0.4549, on either half.
            dispersion = min(max(float(np.median(z2_upper)) / 0.4549, 0.5), 4.0)
        else:
            dispersion = 1.0
        response = (ans_total + 7.0) / (exp_total + 10.0)
        out[period] = CrossSection(
            effect=effect, dispersion=dispersion, response=response, projects=len(rows)
        )
        for r in scored:
            diff = r.residual - effect  # type: ignore[operator]  # scored: residual set
            if diff > 0:
                z2_upper.append(diff * diff / r.variance)  # type: ignore[operator]
        for r in rows:
            exp_total += r.expected
            ans_total += r.answered
    return out


def usual_response(r: PeriodResidual, cs: CrossSection, portfolio_months: float = 0.0) -> float:
    """The project's usual response, shrunk towards the portfolio's (ten expected answers).

    ``portfolio_months``: how the portfolio's months moved the expected answers of the baseline
    (Σ expected × (factor − 1)), so a holiday month in the history does not lower "usual".
    """
    return (r.past_answered + 10.0 * cs.response) / (r.past_expected + portfolio_months + 10.0)


class PortfolioMonths:
    """One project's baseline months whose response factor was not 1, to adjust its usual."""

    __slots__ = ("months", "window")

    def __init__(self, window: int) -> None:
        self.window = window
        self.months: deque[tuple[int, float]] = deque()

    def adjustment(self, t: int) -> float:
        """Σ expected × (factor − 1) over the baseline months before ``t``."""
        months = self.months
        while months and months[0][0] < t - self.window:
            months.popleft()
        return sum(a for _, a in months) if months else 0.0

    def add(self, t: int, r: PeriodResidual, factor: float) -> None:
        if factor != 1.0 and r.expected:
            self.months.append((t, r.expected * (factor - 1.0)))


def portfolio_months(
    series: Mapping[Any, Sequence[PeriodResidual]],
    cross: Mapping[str, CrossSection],
    first: Mapping[Any, Sequence[Step]],
    settings: WarningSettings | None = None,
    *,
    prior_weight: float = 3.0,
    prior_expected: float = 20.0,
    deadband: float = 0.15,
) -> dict[str, CrossSection]:
    """``cross`` with each month's effect and response factor read from the projects in control:
    those whose statistic stood at zero the month before in the first pass ``first``.

    - **Month effect**: the biweight mean of their residuals (shrunk towards 0 by
      ``prior_weight`` projects), with its variance. A project on its way to an alarm is out of
      the pool, so a declining minority does not move it, and the biweight leaves out the rest.
    - **Response factor**: the answers that came against those expected from each project's
      usual, pooled over them, shrunk towards 1 by ``prior_expected`` answers; a factor within
      ``deadband`` of 1 is 1 (a few hundred answers move that much by chance). A month when the
      whole portfolio answers clearly less (holidays, a survey outage) lowers what is expected of
      every project that month, and enters its usual at its own level.

    Only the month itself and earlier ones are read (no look-ahead); silence only where it counts.
    """
    s = settings or WarningSettings()
    default = CrossSection()
    by_period: dict[str, list[tuple[Any, PeriodResidual, bool]]] = defaultdict(list)
    for pid, rows in series.items():
        before = 0.0
        for r, step in zip(rows, first.get(pid, ()), strict=False):
            by_period[r.period].append((pid, r, not before > 0.0))
            before = step.statistic
    history = {pid: PortfolioMonths(s.baseline_months) for pid in series}
    out = dict(cross)
    for period in sorted(by_period):
        t = month_index(period)
        cs = cross.get(period) or default
        residuals = [
            r.residual
            for _, r, in_control in by_period[period]
            if in_control and r.n and r.residual is not None
        ]
        if residuals:
            typical, variance = _biweight_mean(residuals)
            shrink = len(residuals) / (len(residuals) + prior_weight)
            cs = replace(cs, effect=typical * shrink, effect_variance=variance * shrink * shrink)
        answered = expected = 0.0
        for pid, r, in_control in by_period[period]:
            if in_control and r.expected and r.countable:
                q0 = usual_response(r, cs, history[pid].adjustment(t))
                answered += r.answered
                expected += r.expected * min(max(q0, 0.05), 0.97)
        factor = (answered + prior_expected) / (expected + prior_expected)
        factor = 1.0 if abs(factor - 1.0) < deadband else round(min(max(factor, 0.2), 1.5), 4)
        if factor != 1.0:
            cs = replace(cs, response_factor=factor)
            for pid, r, _ in by_period[period]:
                if r.countable:
                    history[pid].add(t, r, factor)
        out[period] = cs
    return out
