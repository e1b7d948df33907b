"""Run the calibrated early warning (analytics/warning.py) over the loaded portfolio.

Plain Python over ``loading.PortfolioData``; no ORM. Decides, per project:

- its months: from its first answer or review cycle to its last one, and for an active project on
  to the last month the portfolio collected feedback in (so a customer who has stopped answering
  is seen, while the months after the end of an imported history are not counted as silence);
- the months in which silence counts: months that are over, in which the portfolio as a whole was
  collecting feedback, and whose own review cycle is not still waiting for answers.

The threshold is calibrated by simulation to ``settings.RAPPORT_ALERT_FALSE_ALARMS`` false
alarms per project-year (default 0.1). The simulation takes a second or two, so its result is kept
in Django's cache (a file cache in production: worked out once per deployment and settings, not
once per process).
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings as django_settings
from django.core.cache import cache

from rapport.insights.analytics import (
    calibration,
    cross_section,
    portfolio_context,
    residuals,
    types,
    warning,
    warning_types,
)
from rapport.insights.analytics.evidence import message
from rapport.insights.analytics.portfolio_context import Context
from rapport.insights.analytics.signals import CRITICAL, WARNING
from rapport.insights.analytics.types import Signal, month_span
from rapport.insights.analytics.warning import (
    RULE,
    CrossSection,
    WarningSettings,
    evaluate_warning,
)
from rapport.insights.loading import PortfolioData

logger = logging.getLogger(__name__)

# A month counts as collected when at least this share of the projects heard from in the six
# months before it has answers or a review cycle in it.
COLLECTED_SHARE = 0.2


def warning_settings() -> WarningSettings:
    target = float(getattr(django_settings, "RAPPORT_ALERT_FALSE_ALARMS", 0.1))
    return WarningSettings(false_alarms_per_year=target)


@functools.cache
def _code_fingerprint() -> bytes:
    """The code the calibration runs through, and numpy's version: a stored level is used only
    by the code that worked it out (an upgrade that changes the test calibrates again)."""
    h = hashlib.sha256(np.__version__.encode())
    modules = (calibration, warning, warning_types, cross_section, residuals, portfolio_context)
    for module in (*modules, types):
        h.update(Path(module.__file__ or "").read_bytes())
    return h.digest()


def threshold(s: WarningSettings | None = None, projects: int = calibration.SIZES[-1]) -> float:
    """The calibrated alarm level for these settings and a portfolio of ``projects`` projects
    (``calibration.size_class``), from the cache when it is there.

    A cache that cannot be reached costs only time: the level is worked out in this process (and
    kept in it) and the recompute goes on.
    """
    s = s or warning_settings()
    size = calibration.size_class(projects)
    digest = hashlib.sha256(repr(s).encode() + _code_fingerprint()).hexdigest()[:16]
    key = f"rapport:early-warning-level:{calibration.VERSION}:{digest}:{size}"
    try:
        level = cache.get(key)
    except Exception:  # any backend's error: fall back to working it out
        logger.warning("The cache could not be read; calibrating the alarm level here.")
        return calibration.calibrate(s.false_alarms_per_year, s, projects=size)
    if level is None:
        level = calibration.calibrate(s.false_alarms_per_year, s, projects=size)
        try:
            cache.set(key, level, timeout=None)
        except Exception:
            logger.warning("The cache could not store the calibrated alarm level.")
    return float(level)


def collected_months(data: PortfolioData) -> set[str]:
    """Months in which the portfolio was collecting feedback (not the tail of an import)."""
    active: dict[str, set[int]] = defaultdict(set)
    for pid in data.projects:
        for period in data.project_periods(pid):
            active[period].add(pid)
    if not active:
        return set()
    months = month_span(min(active), max(active))
    collected = set()
    for i, month in enumerate(months):
        recent: set[int] = set()
        for earlier in months[max(0, i - 6) : i]:
            recent |= active.get(earlier, set())
        here = active.get(month, set())
        if not recent:
            if here:
                collected.add(month)
        elif len(here & recent) >= COLLECTED_SHARE * len(recent):
            collected.add(month)
    return collected


@dataclass
class WarningRun:
    months: dict[int, list[str]]
    signals: dict[int, dict[str, Signal]]  # project → period → the early-warning signal
    threshold: float
    settings: WarningSettings
    contexts: dict[str, Context]  # per period: keep them to evaluate one project again later
    cross: dict[str, CrossSection]
    collected: set[str]


def stored(contexts: Mapping[str, Any]) -> dict[str, Any]:
    """The early warning's quantities kept in stored period contexts, as ``run``'s arguments
    (empty when they were never kept: then ``run`` learns them from ``data``)."""
    kept = {p: c for p, c in contexts.items() if c.warning is not None and c.cross is not None}
    if not kept:
        return {}
    return {
        "contexts": {
            p: Context(**{**c.warning, "modes": tuple(c.warning.get("modes", ()))})
            for p, c in kept.items()
        },
        "cross": {p: CrossSection(**c.cross) for p, c in kept.items()},
        "collected": {p for p, c in kept.items() if c.collected},
    }


def keep(contexts: Mapping[str, Any], warning: WarningRun) -> dict[str, Any]:
    """The period contexts with the early warning's quantities added, to be stored."""
    out = {}
    for period, context in contexts.items():
        ctx = warning.contexts.get(period)
        cross = warning.cross.get(period)
        out[period] = replace(
            context,
            warning=asdict(ctx) if ctx is not None else None,
            cross=asdict(cross) if cross is not None else None,
            collected=period in warning.collected,
        )
    return out


def portfolio_size(
    months: Mapping[Any, Sequence[str]], cross: Mapping[str, CrossSection] | None = None
) -> int:
    """How many projects the portfolio holds, for the alarm level: the most projects in any of
    its last 12 months. With ``cross`` stored by a full run (which counted every project), from
    there; the months of a run over a few projects only count those."""
    counts: Counter[str] = Counter()
    if cross and any(c.projects for c in cross.values()):
        counts.update({period: c.projects for period, c in cross.items()})
    elif cross:  # stored before the size was kept: the level those runs used
        return calibration.SIZES[-1]
    else:
        for span in months.values():
            counts.update(span)
    recent = sorted(counts)[-12:]
    return max((counts[period] for period in recent), default=0)


def run(
    data: PortfolioData,
    only: set[int] | None = None,
    *,
    contexts: dict[str, Context] | None = None,
    cross: dict[str, CrossSection] | None = None,
    collected: set[str] | None = None,
) -> WarningRun:
    """The early warning over ``data``; with stored ``contexts``, ``cross`` and ``collected``
    (from a full run), ``data`` may hold only the projects to evaluate again."""
    s = warning_settings()
    if collected is None:
        collected = collected_months(data)
    last_collected = max((m for m in collected if m < data.current_period), default=None)
    months: dict[int, list[str]] = {}
    countable: dict[int, set[str]] = {}
    for pid, info in data.projects.items():
        own = data.project_periods(pid)
        if not own:
            continue
        first, last = min(own), max(own)
        if info.state == "active" and last_collected and last_collected > last:
            last = last_collected
        span = month_span(first, last)
        months[pid] = span
        waiting = data.open_cycles.get(pid, set())
        countable[pid] = {
            m for m in span if m < data.current_period and m in collected and m not in waiting
        }
    h = threshold(s, portfolio_size(months, cross))
    state = evaluate_warning(
        data.warning_answers,
        months,
        h,
        countable=countable,
        settings=s,
        contexts=contexts,
        cross=cross,
    )
    signals: dict[int, dict[str, Signal]] = {}
    for pid, project_steps in state.steps.items():
        if only is not None and pid not in only:
            continue
        for step in project_steps:
            if not step.alarm:
                continue
            severity = CRITICAL if step.statistic >= 2 * h else WARNING
            evidence = dict(step.evidence)
            evidence["silent"] = len(evidence.get("silent", ()))
            signals.setdefault(pid, {})[step.period] = Signal(
                RULE, severity, step.period, message(step.evidence, step.period), evidence
            )
    return WarningRun(
        months=months,
        signals=signals,
        threshold=h,
        settings=s,
        contexts=state.contexts,
        cross=state.cross,
        collected=collected,
    )
