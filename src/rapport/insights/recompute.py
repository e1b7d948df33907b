"""Evaluate every project in every period as it would have been seen then (no look-ahead).

``evaluate_portfolio`` is plain Python over ``loading.PortfolioData`` (no ORM):

- Case-mix adjustment and shrinkage: fitted ONCE PER PERIOD t on the portfolio's answers of the
  trailing ``WINDOW`` periods up to and including t (never later ones). A project's θ, interval,
  n and mean at t are over the same window. The mixed model (REML, ``analytics/reml.py``) is used
  while the window holds at most ``MIXEDLM_MAX_ANSWERS`` answers; above that the empirical-Bayes
  moment estimate (same formulas, pooled least squares for β, computed from per-month sufficient
  statistics in ``analytics/windowfit.py``) keeps the reference portfolio to seconds. The same
  holds above ``MIXEDLM_MAX_PROJECTS`` projects in the window.
- The portfolio-level quantities of each period (the fit: β, τ², σ², μ, x̄; the early-warning
  prior) form its ``PeriodContext``; the full recompute stores them, and the incremental
  recompute of one project reuses them instead of refitting the portfolio.
- Early warning: the calibrated test of ``early_warning.run`` (scores by person and mode, silence)
  over every project, whose per-period portfolio quantities are kept in the ``PeriodContext`` so
  that one project can be evaluated again alone; beside it the short-series rules of
  ``evaluate_series`` (silence of expired cycles, overdue actions, and the notes), each period
  from that period and earlier ones only.
- Health per period from θ at t, the period's signals, expired cycles in a row up to t, overdue
  actions at the end of t, the response rate of t and the delivery status recorded for t.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from rapport.disclosure.rules import figure_threshold
from rapport.disclosure.signals import needs_withholding, withheld_signal
from rapport.insights import early_warning
from rapport.insights.analytics.adjustment import METHOD_NONE
from rapport.insights.analytics.context import PeriodContext, context_at
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
from rapport.insights.analytics.types import Signal
from rapport.insights.analytics.windowfit import (
    WindowEstimate,
    estimates,
    fit_windows,
    priors,
    window_sums,
)
from rapport.insights.loading import PortfolioData
from rapport.portfolio.history import statuses_at

WINDOW = 12
MIXEDLM_MAX_ANSWERS = 20_000
# The mixed model's REML fit takes about 0.4 s at 2,000 projects (66,000 answers in a window):
# sixty of them would not fit the full recompute's 10 s. (statsmodels' MixedLM took ~100 s.)
MIXEDLM_MAX_PROJECTS = 300
MIN_PRIOR_ANSWERS = 30
TARGET = 7.0
_NO_ESTIMATES: dict[int, WindowEstimate] = {}  # a month nobody has figures for (never written)

Progress = Callable[[str, int, int], None]


class SnapshotRow(NamedTuple):
    """One project's health in one period, its fields in ``storage.SNAPSHOT_FIELDS``' order
    after the project and the period (a tuple: a full recompute makes one per project and
    month)."""

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
    contexts: dict[str, PeriodContext] = field(default_factory=dict)  # portfolio context per period
    warning_threshold: float | None = None  # the early warning's calibrated alarm level


def portfolio_context(
    data: PortfolioData, periods: list[str], progress: Progress | None = None
) -> dict[str, PeriodContext]:
    """The portfolio context of every period: the case-mix fit on the trailing window (once per
    period, never later answers) and the early-warning prior from every answer up to then."""
    table = data.answers
    if table is None or not periods:
        return {}

    def report(done: int, total: int) -> None:
        if progress:
            progress("adjusting periods", done, total)

    fits = fit_windows(
        table,
        periods,
        window=WINDOW,
        model_limits=(MIXEDLM_MAX_ANSWERS, MIXEDLM_MAX_PROJECTS),
        progress=report,
    )
    prior = priors(table, periods, MIN_PRIOR_ANSWERS)
    roles = tuple(sorted(data.roles))
    return {p: replace(fits[p], prior=prior[p], roles=roles) for p in periods}


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
    contexts: dict[str, PeriodContext] | None = None,
) -> PortfolioResult:
    """Snapshots and signals for every project (or those in ``only``) and every period.

    Without ``contexts`` the portfolio context of every period is learnt here (full recompute;
    ``result.contexts`` keeps it). With stored ``contexts`` nothing is refitted: each project's
    figures at t use the context of t, or the latest one before t (incremental recompute).
    """
    periods = data.periods
    if contexts is None:
        contexts = portfolio_context(data, periods, progress)
    result = PortfolioResult(contexts=contexts)
    chosen = [pid for pid in sorted(data.projects) if only is None or pid in only]
    wanted = sorted(set().union(*(data.project_periods(pid) for pid in chosen)))
    table = data.answers
    found = estimates(window_sums(table, wanted, WINDOW), contexts) if table is not None else {}
    for period in wanted:
        context = context_at(contexts, period)
        result.methods[period] = context.method if context else METHOD_NONE
    latest = context_at(contexts, periods[-1]) if periods else None
    if latest is not None and latest.sigma2:
        result.sigma = math.sqrt(latest.sigma2)
    k = figure_threshold()
    warnings = early_warning.run(data, only=set(chosen), **early_warning.stored(contexts))
    result.warning_threshold = warnings.threshold
    result.contexts = early_warning.keep(contexts, warnings)
    for i, pid in enumerate(chosen):
        own = data.project_periods(pid)
        if own:
            evaluate_project(
                data,
                pid,
                own,
                contexts,
                found,
                result,
                k=k,
                target=target,
                warnings=warnings.signals.get(pid, {}),
            )
        if (progress and (i + 1) % 50 == 0) or (progress and i + 1 == len(chosen)):
            progress("evaluating projects", i + 1, len(chosen))
    return result


def evaluate_project(
    data: PortfolioData,
    pid: int,
    own: set[str],
    contexts: dict[str, PeriodContext],
    found: dict[str, dict[int, WindowEstimate]],
    result: PortfolioResult,
    *,
    k: int,
    target: float,
    warnings: dict[str, Signal] | None = None,
) -> None:
    """One project's short-series rules (one call over its series and the portfolio context of
    its first period) beside its early-warning alarms (``warnings``, by period), then its health
    per period; appends to ``result``."""
    info = data.projects[pid]
    warnings = warnings or {}
    own = own | set(warnings)  # a silent month whose silence raised the alarm
    scores = data.scores.get(pid, {})
    expired = data.expired.get(pid, set()) - set(scores)  # a late meeting counts as an answer
    points, sumsq = points_from_scores(
        {p: scores.get(p, []) for p in own},
        expired=expired,
        overdue=data.overdue.get(pid),
        sentiment=data.sentiment.get(pid),
    )
    start = context_at(contexts, min(own))
    series = evaluate_series(points, prior=start.prior if start else Prior(), sumsq=sumsq)
    fired: list[Signal] = []
    run = 0
    protected = data.protected.get(pid, set())
    delivery = data.delivery.get(pid, ())
    rates = data.response_rate.get(pid, {})
    methods = result.methods
    snapshots = result.snapshots
    statuses = statuses_at(delivery, [point.period for point in points], info.delivery_status)
    for point, step, status in zip(points, series, statuses, strict=True):
        period = point.period
        warning = warnings.get(period)
        signals = _signals_for(step.signals, warning) if step.signals or warning else ()
        if protected and signals:
            signals = tuple(_withhold(s, protected, k) for s in signals)
        run = run + 1 if period in expired else 0
        estimate = found.get(period, _NO_ESTIMATES).get(pid)
        verdict = health(
            delivery_status=status,
            theta=estimate.theta if estimate else None,
            theta_high=estimate.high if estimate else None,
            target=target,
            signals=signals,
            response_rate=rates.get(period),
            expired_in_a_row=run,
            overdue_actions=point.overdue_actions,
        )
        if estimate:
            n, mean, adjusted = estimate.n, estimate.mean, estimate.adjusted
            theta, low, high = estimate.theta, estimate.low, estimate.high
            method = methods.get(period, "")
        else:
            n, mean, adjusted, theta, low, high, method = 0, None, None, None, None, None, ""
        snapshots.append(
            SnapshotRow(
                pid,
                period,
                n,
                mean,
                adjusted,
                theta,
                low,
                high,
                method,
                verdict.status,
                verdict.delivery,
                verdict.satisfaction,
                verdict.engagement,
                verdict.actions,
                verdict.reasons,  # a fresh list per verdict
                [s.as_dict() for s in signals],
            )
        )
        fired.extend(signals)
    result.signals[pid] = fired
    result.latest[pid] = points[-1].period
