"""Funnel-plot control limits: target ± z·σ/√n (z = 1.96 warning, 3.09 alarm).

A funnel plot compares projects without ranking them: each project is a point (n_j, θ_j), and
only points outside the funnel stand out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Z_WARNING = 1.96
Z_ALARM = 3.09


@dataclass(frozen=True)
class Limits:
    n: float
    warning_low: float
    warning_high: float
    alarm_low: float
    alarm_high: float


def limits(target: float, sigma: float, n: float) -> Limits:
    if n <= 0:
        raise ValueError("n must be positive.")
    if sigma < 0:
        raise ValueError("sigma cannot be negative.")
    se = sigma / math.sqrt(n)
    return Limits(
        n=n,
        warning_low=target - Z_WARNING * se,
        warning_high=target + Z_WARNING * se,
        alarm_low=target - Z_ALARM * se,
        alarm_high=target + Z_ALARM * se,
    )


def classify(theta: float, target: float, sigma: float, n: float) -> str:
    """'alarm_low', 'warning_low', 'inside', 'warning_high' or 'alarm_high'."""
    lim = limits(target, sigma, n)
    if theta < lim.alarm_low:
        return "alarm_low"
    if theta < lim.warning_low:
        return "warning_low"
    if theta > lim.alarm_high:
        return "alarm_high"
    if theta > lim.warning_high:
        return "warning_high"
    return "inside"


def funnel_curve(target: float, sigma: float, n_max: float, steps: int = 40) -> list[Limits]:
    """Limits along n = 1 … n_max, for drawing the funnel."""
    n_max = max(n_max, 2.0)
    ns = sorted({1 + (n_max - 1) * i / (steps - 1) for i in range(steps)})
    return [limits(target, sigma, n) for n in ns]


def classify_all(points: Sequence[tuple[float, float]], target: float, sigma: float) -> list[str]:
    """Classify (n, θ) points."""
    return [classify(theta, target, sigma, n) for n, theta in points]
