"""Evaluate the early-warning rules and the context adjustment on a synthetic portfolio.

Used by ``scripts/evaluate_insights.py`` and the tests. Everything runs without look-ahead: the
portfolio prior comes from the first ``warmup`` months, which are then left out of the counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from rapport.insights.analytics.adjustment import adjust
from rapport.insights.analytics.signals import (
    RULE_CUSUM,
    RULE_DROP,
    RULE_EWMA,
    RULE_LOW_SCORE,
    Prior,
    Settings,
    evaluate_series,
    points_from_scores,
)
from rapport.insights.analytics.synthetic import PortfolioSpec, generate
from rapport.insights.analytics.types import months_between

SCORE_RULES = (RULE_EWMA, RULE_CUSUM, RULE_DROP, RULE_LOW_SCORE)
TREND_RULES = (RULE_EWMA, RULE_CUSUM, RULE_DROP)  # everything but "any score ≤ 4"


@dataclass
class Evaluation:
    projects: int
    months: int
    deteriorating: int
    detected_within: dict[int, float]  # lag → share flagged with first signal lag ≤ that
    detected_by_rule: dict[str, float]  # share flagged within 2 periods by each rule alone
    false_alarms_per_project_year: float  # any score rule, on stable projects
    false_alarms_by_rule: dict[str, float]
    detected_trend: float  # EWMA, CUSUM or drop within 2 periods
    false_alarms_trend: float
    corr_raw: float
    corr_adjusted: float
    corr_theta: float
    level_corr_raw: float  # correlation with the planted project level (the truth)
    level_corr_adjusted: float
    level_corr_theta: float
    method: str
    coefficients: dict[str, float] = field(default_factory=dict)
    prior: Prior | None = None


def _corr(a: list[float], b: list[float]) -> float:
    if len(a) < 3 or np.std(a) == 0 or np.std(b) == 0:
        return float("nan")
    return float(np.corrcoef(a, b)[0, 1])


def evaluate(
    spec: PortfolioSpec, *, settings: Settings | None = None, warmup: int = 3
) -> Evaluation:
    portfolio = generate(spec)
    settings = settings or Settings()
    warm = set(portfolio.periods[:warmup])
    warm_scores = [o.score for o in portfolio.observations if o.period in warm]
    prior = Prior(
        mean=float(np.mean(warm_scores)), sd=float(np.std(warm_scores, ddof=1)), weight=5.0
    )
    scores: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for o in portfolio.observations:
        scores[int(o.project_id)][o.period].append(o.score)

    lags: list[int | None] = []
    by_rule_hits: dict[str, int] = dict.fromkeys(SCORE_RULES, 0)
    trend_hits = 0
    false_periods = 0
    false_trend = 0
    false_by_rule: dict[str, int] = dict.fromkeys(SCORE_RULES, 0)
    stable_months = 0
    for proj in portfolio.projects:
        points, sums = points_from_scores(scores[proj.project_id])
        results = evaluate_series(points, prior=prior, settings=settings, sumsq=sums)
        counted = [r for r in results if r.period not in warm]
        if proj.onset is None:
            stable_months += len(counted)
            for r in counted:
                rules = {s.rule for s in r.signals if s.rule in SCORE_RULES}
                false_periods += bool(rules)
                false_trend += bool(rules & set(TREND_RULES))
                for rule in rules:
                    false_by_rule[rule] += 1
            continue
        first: int | None = None
        first_by_rule: dict[str, int] = {}
        for r in results:
            lag = months_between(proj.onset, r.period)
            if lag < 0:
                continue
            for s in r.signals:
                if s.rule in SCORE_RULES:
                    first = lag if first is None else min(first, lag)
                    first_by_rule.setdefault(s.rule, lag)
        lags.append(first)
        for rule, lag in first_by_rule.items():
            by_rule_hits[rule] += lag <= 1
        trend_hits += any(first_by_rule.get(r, 99) <= 1 for r in TREND_RULES)
    deteriorating = len(lags)
    share: Callable[[int], float] = lambda k: (  # noqa: E731
        sum(1 for lag in lags if lag is not None and lag <= k) / deteriorating
        if deteriorating
        else float("nan")
    )
    years = stable_months / 12 if stable_months else float("nan")

    adjustment = adjust(portfolio.observations)
    cx = {p.project_id: p.complexity for p in portfolio.projects}
    ids = list(adjustment.projects)
    comp = [float(cx[int(i)]) for i in ids]
    # The planted level of a project, net of deterioration: what a fair comparison should find.
    truth = {p.project_id: p.level for p in portfolio.projects}
    level = [truth[int(i)] for i in ids]
    return Evaluation(
        projects=spec.projects,
        months=spec.months,
        deteriorating=deteriorating,
        detected_within={k: share(k) for k in (0, 1, 2)},
        detected_by_rule={
            r: (by_rule_hits[r] / deteriorating if deteriorating else float("nan"))
            for r in SCORE_RULES
        },
        false_alarms_per_project_year=false_periods / years if stable_months else float("nan"),
        false_alarms_by_rule={
            r: (false_by_rule[r] / years if stable_months else float("nan")) for r in SCORE_RULES
        },
        detected_trend=trend_hits / deteriorating if deteriorating else float("nan"),
        false_alarms_trend=false_trend / years if stable_months else float("nan"),
        level_corr_raw=_corr(level, [adjustment.projects[i].mean for i in ids]),
        level_corr_adjusted=_corr(level, [adjustment.projects[i].adjusted for i in ids]),
        level_corr_theta=_corr(level, [adjustment.projects[i].theta for i in ids]),
        corr_raw=_corr(comp, [adjustment.projects[i].mean for i in ids]),
        corr_adjusted=_corr(comp, [adjustment.projects[i].adjusted for i in ids]),
        corr_theta=_corr(comp, [adjustment.projects[i].theta for i in ids]),
        method=adjustment.method,
        coefficients=adjustment.coefficients,
        prior=prior,
    )
