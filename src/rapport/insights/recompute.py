"""Evaluate every project in every period as it would have been seen then (no look-ahead).

``evaluate_portfolio`` is plain Python over ``loading.PortfolioData`` (no ORM):

- Case-mix adjustment and shrinkage: fitted ONCE PER PERIOD t on the portfolio's answers of the
  trailing ``WINDOW`` periods up to and including t (never later ones). A project's θ, interval,
  n and mean at t are over the same window. MixedLM is used while the window holds at most
  ``MIXEDLM_MAX_ANSWERS`` answers; above that the empirical-Bayes moment estimate (same formulas,
  pooled least squares for β) keeps the reference portfolio to minutes. The same holds above
  ``MIXEDLM_MAX_PROJECTS`` projects in the window.
- Early warning: one pass per project with ``evaluate_series``, which computes each period from
  that period and earlier ones only. Its portfolio prior comes from all answers in periods up to
  the project's first period, so it is fixed before the series starts.
- Health per period from θ at t, the period's signals, expired cycles in a row up to t, overdue
  actions at the end of t, the response rate of t and the delivery status recorded for t.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rapport.disclosure.rules import figure_threshold
from rapport.disclosure.signals import needs_withholding, withheld_signal
from rapport.insights import early_warning
from rapport.insights.analytics.adjustment import adjust
from rapport.insights.analytics.health import health
from rapport.insights.analytics.signals import (
    RULE_CUSUM,
    RULE_DROP,
    RULE_EWMA,
    RULE_LOW_SCORE,
    RULE_NEGATIVE_COMMENTS,
    Prior,
    evaluate_series,
    points_from_scores,
)
from rapport.insights.analytics.types import Signal, months_between
from rapport.insights.loading import PortfolioData
from rapport.portfolio.history import status_at

WINDOW = 12
MIXEDLM_MAX_ANSWERS = 20_000
# statsmodels' MixedLM loops over groups in Python: ~100 s per fit at 2,000 projects (measured).
MIXEDLM_MAX_PROJECTS = 300
MIN_PRIOR_ANSWERS = 30
TARGET = 7.0

Progress = Callable[[str, int, int], None]


@dataclass
class SnapshotRow:
    project_id: int
    period: str
    n: int
    mean: float | None
    adjusted: float | None
    theta: float | None
    low: float | None
    high: float | None
    method: str
    status: str
    delivery: str
    satisfaction: str
    engagement: str
    actions: str
    reasons: list[str]
    signals: list[dict[str, Any]]


@dataclass
class PortfolioResult:
    snapshots: list[SnapshotRow] = field(default_factory=list)
    signals: dict[int, list[Signal]] = field(default_factory=dict)  # per project, period order
    methods: dict[str, str] = field(default_factory=dict)  # period → how θ was estimated
    latest: dict[int, str] = field(default_factory=dict)  # project → its latest period
    sigma: float | None = None  # spread of single answers in the latest fit (funnel limits)
    warning_threshold: float | None = None  # the early warning's calibrated alarm level


def _priors(data: PortfolioData) -> dict[str, Prior]:
    """Prior per period p from every answer in periods ≤ p (cumulative, no look-ahead)."""
    totals: dict[str, list[float]] = {}
    for obs in data.observations:
        t = totals.setdefault(obs.period, [0.0, 0.0, 0.0])
        t[0] += 1
        t[1] += obs.score
        t[2] += obs.score * obs.score
    priors: dict[str, Prior] = {}
    n = s = ss = 0.0
    for period in sorted(set(totals) | set(data.periods)):
        c = totals.get(period)
        if c:
            n, s, ss = n + c[0], s + c[1], ss + c[2]
        if n >= MIN_PRIOR_ANSWERS:
            mean = s / n
            sd = math.sqrt(max((ss - n * mean * mean) / (n - 1), 0.01))
            priors[period] = Prior(mean=mean, sd=sd)
        else:
            priors[period] = Prior()
    return priors


def _fits(data: PortfolioData, periods: list[str], progress: Progress | None):
    """One adjustment per period, on the answers of the trailing window up to that period."""
    obs = data.observations  # sorted by period
    fits = {}
    start = 0
    end = 0
    for i, period in enumerate(periods):
        while end < len(obs) and obs[end].period <= period:
            end += 1
        while start < end and months_between(obs[start].period, period) >= WINDOW:
            start += 1
        window = obs[start:end]
        small = (
            len(window) <= MIXEDLM_MAX_ANSWERS
            and len({o.project_id for o in window}) <= MIXEDLM_MAX_PROJECTS
        )
        use_model = None if small else False
        fits[period] = adjust(window, use_mixedlm=use_model)
        if progress:
            progress("adjusting periods", i + 1, len(periods))
    return fits


# The short-series rules that could not earn their false alarms (docs/insights.md): the combined
# early warning replaces the first three; the last two become notes ("needs a conversation").
REPLACED_RULES = frozenset({RULE_EWMA, RULE_CUSUM, RULE_DROP})
NOTE_RULES = frozenset({RULE_LOW_SCORE, RULE_NEGATIVE_COMMENTS})
NOTE = "note"


def _signals_for(step_signals: tuple[Signal, ...], warning: Signal | None) -> tuple[Signal, ...]:
    kept: list[Signal] = []
    if warning is not None:
        kept.append(warning)
    for sig in step_signals:
        if sig.rule in REPLACED_RULES:
            continue
        if sig.rule in NOTE_RULES:
            sig = Signal(sig.rule, NOTE, sig.period, sig.message, sig.evidence)
        kept.append(sig)
    return tuple(kept)


def _withhold(signal: Signal, protected: set[str], k: int) -> Signal:
    """A rule that read confidential or anonymous answers says what and which rule, no numbers."""
    if not needs_withholding(signal.rule, protected, signal.period):
        return signal
    message, evidence = withheld_signal(signal.rule, signal.period, k)
    return Signal(signal.rule, signal.severity, signal.period, message, evidence)


def evaluate_portfolio(
    data: PortfolioData,
    *,
    only: set[int] | None = None,
    target: float = TARGET,
    progress: Progress | None = None,
) -> PortfolioResult:
    """Snapshots and signals for every project (or those in ``only``) and every period."""
    periods = data.periods
    fits = _fits(data, periods, progress)
    priors = _priors(data)
    result = PortfolioResult(methods={p: f.method for p, f in fits.items()})
    if periods and fits[periods[-1]].sigma2:
        result.sigma = math.sqrt(fits[periods[-1]].sigma2)
    chosen = [pid for pid in sorted(data.projects) if only is None or pid in only]
    k = figure_threshold()
    warnings = early_warning.run(data, only=set(chosen))
    result.warning_threshold = warnings.threshold
    for i, pid in enumerate(chosen):
        info = data.projects[pid]
        own = data.project_periods(pid)
        if not own:
            continue
        fired_warnings = warnings.signals.get(pid, {})
        own = own | set(fired_warnings)  # a silent month whose silence raised the alarm
        scores = data.scores.get(pid, {})
        expired = data.expired.get(pid, set()) - set(scores)  # a late meeting counts as an answer
        points, sumsq = points_from_scores(
            {p: scores.get(p, []) for p in own},
            expired=expired,
            overdue=data.overdue.get(pid),
            sentiment=data.sentiment.get(pid),
        )
        series = evaluate_series(points, prior=priors[min(own)], sumsq=sumsq)
        fired: list[Signal] = []
        run = 0
        protected = data.protected.get(pid, set())
        for point, step in zip(points, series, strict=True):
            period = point.period
            signals = _signals_for(step.signals, fired_warnings.get(period))
            if protected:
                signals = tuple(_withhold(s, protected, k) for s in signals)
            run = run + 1 if point.period in expired else 0
            fit = fits.get(period)
            estimate = fit.projects.get(pid) if fit else None
            verdict = health(
                delivery_status=status_at(data.delivery.get(pid, ()), period, info.delivery_status),
                theta=estimate.theta if estimate else None,
                theta_high=estimate.high if estimate else None,
                target=target,
                signals=signals,
                response_rate=data.response_rate.get(pid, {}).get(period),
                expired_in_a_row=run,
                overdue_actions=point.overdue_actions,
            )
            result.snapshots.append(
                SnapshotRow(
                    project_id=pid,
                    period=period,
                    n=estimate.n if estimate else 0,
                    mean=estimate.mean if estimate else None,
                    adjusted=estimate.adjusted if estimate else None,
                    theta=estimate.theta if estimate else None,
                    low=estimate.low if estimate else None,
                    high=estimate.high if estimate else None,
                    method=fit.method if estimate and fit else "",
                    status=verdict.status,
                    delivery=verdict.delivery,
                    satisfaction=verdict.satisfaction,
                    engagement=verdict.engagement,
                    actions=verdict.actions,
                    reasons=list(verdict.reasons),
                    signals=[s.as_dict() for s in signals],
                )
            )
            fired.extend(signals)
        result.signals[pid] = fired
        result.latest[pid] = points[-1].period
        if (progress and (i + 1) % 50 == 0) or (progress and i + 1 == len(chosen)):
            progress("evaluating projects", i + 1, len(chosen))
    return result
