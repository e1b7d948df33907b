"""The portfolio context of one period: what a project's figures at t borrow from the portfolio.

A full recompute learns it once per period (the case-mix fit on the trailing window, the
early-warning prior from answers up to t) and stores it; the incremental recompute of one project
reloads it instead of refitting the portfolio. New portfolio-level quantities (e.g. mode effects
learnt from earlier periods) are added here as fields with defaults, so older stored contexts
still load.

Pure: no Django. ``as_dict``/``from_dict`` give plain JSON-safe data (floats round-trip exactly).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from rapport.insights.analytics.adjustment import Z_95, ProjectEstimate
from rapport.insights.analytics.signals import Prior


@dataclass(frozen=True)
class PeriodContext:
    """The case-mix fit on the window ending at ``period`` and the prior for series starting then.

    ``names``/``beta``/``xbar``: the covariate columns kept in the fit (``complexity``, ``site``,
    ``role=…``, ``mode=…``, ``language=…``), their coefficients and window means. ``roles``: the
    roles common enough to be their own level (others count as ``other``).
    """

    period: str
    method: str
    names: tuple[str, ...] = ()
    beta: tuple[float, ...] = ()
    xbar: tuple[float, ...] = ()
    mu: float | None = None
    tau2: float | None = None
    sigma2: float | None = None
    n_total: int = 0
    prior: Prior = field(default_factory=Prior)
    roles: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> PeriodContext:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in raw.items() if k in known}
        for name in ("names", "beta", "xbar", "roles"):
            values[name] = tuple(values.get(name) or ())
        values["prior"] = Prior(**(raw.get("prior") or {}))
        return cls(**values)

    @property
    def xbar_fit(self) -> float:
        return sum(b * x for b, x in zip(self.beta, self.xbar, strict=True))


def context_at(contexts: Mapping[str, PeriodContext], period: str) -> PeriodContext | None:
    """The context of ``period``, else the latest one before it (None when there is none)."""
    found = contexts.get(period)
    if found is not None:
        return found
    keys = sorted(contexts)
    i = bisect.bisect_right(keys, period)
    return contexts[keys[i - 1]] if i else None


def estimate(
    context: PeriodContext, n: int, y_sum: float, xb_sum: float, *, project_id: int | str = 0
) -> ProjectEstimate:
    """θ and its interval for one project from its window sums (n, Σy, Σ x·β) and the context.

    adjusted = mean − (Σx·β/n − x̄·β); θ = B·adjusted + (1 − B)·μ with B = τ²/(τ² + σ²/n),
    exactly as ``adjustment.adjust`` computes it from the same fit.
    """
    sigma2 = context.sigma2 if context.sigma2 is not None else 0.0
    mean_j = y_sum / n
    shift = xb_sum / n - context.xbar_fit if context.names else 0.0
    adjusted = mean_j - shift
    mu = context.mu if context.mu is not None else mean_j
    if context.tau2 is None:
        b = 1.0
        var = sigma2 / n
    else:
        tau2 = context.tau2
        b = tau2 / (tau2 + sigma2 / n) if tau2 + sigma2 / n > 0 else 0.0
        var = b * sigma2 / n + (1 - b) ** 2 * sigma2 / max(context.n_total, 1)
    theta = b * adjusted + (1 - b) * mu
    half = Z_95 * math.sqrt(max(var, 0.0))
    return ProjectEstimate(
        project_id=project_id,
        n=n,
        mean=mean_j,
        adjusted=adjusted,
        theta=theta,
        low=theta - half,
        high=theta + half,
        shrinkage=b,
    )
