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
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

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
    # The early warning's portfolio quantities of the period (``warning.Context`` and
    # ``warning.CrossSection`` as plain dicts) and whether the portfolio collected feedback then.
    warning: dict[str, Any] | None = None
    cross: dict[str, Any] | None = None
    collected: bool = True

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
