"""Early warning: formulas, short-series rules, no look-ahead, planted deterioration."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.insights.analytics import PeriodPoint, Prior, evaluate_series, points_from_scores
from rapport.insights.analytics.evaluation import SCORE_RULES
from rapport.insights.analytics.signals import (
    RULE_CUSUM,
    RULE_DROP,
    RULE_EWMA,
    RULE_LOW_SCORE,
    RULE_NEGATIVE_COMMENTS,
    RULE_OVERDUE,
    RULE_SILENCE,
)
from rapport.insights.analytics.types import months_between, next_period


def _periods(n, start="2025-01"):
    return [next_period(start, i) for i in range(n)]


def _rules(result):
    return {s.rule for s in result.signals}


def test_drop_rule_fires_with_words_and_numbers():
    points, sums = points_from_scores({"2026-04": [8, 8, 8.6], "2026-05": [6, 6, 5.7]})
    results = evaluate_series(points, sumsq=sums)
    drop = next(s for s in results[1].signals if s.rule == RULE_DROP)
    assert drop.period == "2026-05"
    assert drop.message == "Mean fell from 8.2 to 5.9 (−2.3) between 2026-04 and 2026-05, n=3."
    assert drop.evidence["change"] == pytest.approx(-2.3, abs=1e-9)
    assert RULE_DROP not in _rules(results[0])


def test_low_score_silence_overdue_and_negative_comments():
    points = [
        PeriodPoint("2026-01", n=2, mean=8, min_score=7, sentiment=0.5),
        PeriodPoint("2026-02", n=2, mean=6.5, min_score=4, sentiment=-0.4, overdue_actions=2),
        PeriodPoint("2026-03", expired=True),
        PeriodPoint("2026-04", expired=True),
    ]
    results = evaluate_series(points)
    assert RULE_LOW_SCORE in _rules(results[1])
    assert RULE_OVERDUE in _rules(results[1])
    negative = next(s for s in results[1].signals if s.rule == RULE_NEGATIVE_COMMENTS)
    assert "+0.50" in negative.message and "−0.40" in negative.message.replace("-", "−")
    assert RULE_SILENCE not in _rules(results[2])  # one expired cycle is not yet silence
    silence = next(s for s in results[3].signals if s.rule == RULE_SILENCE)
    assert silence.severity == "critical" and silence.evidence["expired_in_a_row"] == 2


def test_ewma_and_cusum_follow_their_formulas():
    prior = Prior(mean=8.0, sd=1.0, weight=1e9)  # a fixed baseline: z_t = (x_t − 8)/(1/√n)
    means = [8.0, 7.5, 7.0, 7.0, 6.5]
    points = [
        PeriodPoint(p, n=4, mean=m, min_score=6) for p, m in zip(_periods(5), means, strict=True)
    ]
    results = evaluate_series(points, prior=prior)
    ewma = cusum = 0.0
    for t, (r, m) in enumerate(zip(results, means, strict=True), start=1):
        z = (m - 8.0) / (1.0 / math.sqrt(4))
        ewma = 0.2 * z + 0.8 * ewma
        cusum = max(0.0, cusum - z - 0.5)
        limit = 3 * math.sqrt(0.2 / 1.8 * (1 - 0.8 ** (2 * t)))
        assert r.z == pytest.approx(z)
        assert r.ewma == pytest.approx(ewma)
        assert r.cusum == pytest.approx(cusum)
        assert r.ewma_limit == pytest.approx(limit)
        assert (RULE_EWMA in _rules(r)) == (ewma < -limit)
        assert (RULE_CUSUM in _rules(r)) == (cusum > 5)
    assert RULE_CUSUM in _rules(results[-1])


def test_baseline_uses_only_earlier_periods():
    points, sums = points_from_scores({"2026-01": [9, 9], "2026-02": [3, 3]})
    results = evaluate_series(points, prior=Prior(mean=7, sd=1, weight=2), sumsq=sums)
    assert results[0].baseline_mean == pytest.approx(7.0)  # only the prior before the 1st period
    assert results[1].baseline_mean == pytest.approx((2 * 7 + 18) / 4)


period_point = st.builds(
    PeriodPoint,
    period=st.just("2000-01"),
    n=st.integers(0, 6),
    mean=st.floats(1, 10),
    min_score=st.floats(1, 10),
    expired=st.booleans(),
    overdue_actions=st.integers(0, 3),
    sentiment=st.one_of(st.none(), st.floats(-1, 1)),
)


def _series(points):
    out = []
    for p, period in zip(points, _periods(len(points), "2024-01"), strict=True):
        empty = p.n == 0
        out.append(
            PeriodPoint(
                period,
                p.n,
                None if empty else p.mean,
                None if empty else min(p.min_score, p.mean),
                p.expired,
                p.overdue_actions,
                p.sentiment,
            )
        )
    return out


@settings(max_examples=150, deadline=None)
@given(st.lists(period_point, min_size=1, max_size=20), st.lists(period_point, max_size=10))
def test_appending_future_data_never_changes_an_earlier_result(past, future):
    series = _series(past + future)
    before = evaluate_series(series[: len(past)])
    after = evaluate_series(series)
    assert after[: len(past)] == before


@settings(max_examples=50, deadline=None)
@given(st.lists(period_point, min_size=2, max_size=15), st.randoms())
def test_result_does_not_depend_on_input_order(points, rnd):
    series = _series(points)
    shuffled = list(series)
    rnd.shuffle(shuffled)
    assert evaluate_series(shuffled) == evaluate_series(series)


def test_a_planted_deterioration_is_flagged_within_two_periods():
    rng = random.Random(5)
    periods = _periods(18)
    onset = periods[12]
    caught = 0
    for _ in range(20):
        scores = {}
        for p in periods:
            level = 8.0 - (2.0 if p >= onset else 0.0)
            scores[p] = [min(10, max(1, round(rng.gauss(level, 1.0)))) for _ in range(3)]
        points, sums = points_from_scores(scores)
        results = evaluate_series(points, prior=Prior(mean=8, sd=1.2), sumsq=sums)
        fired = [
            months_between(onset, r.period)
            for r in results
            if r.period >= onset and any(s.rule in SCORE_RULES for s in r.signals)
        ]
        caught += bool(fired) and min(fired) <= 1
    assert caught >= 18  # at least 90% flagged in the onset period or the next one


def test_every_signal_names_its_period_and_rule():
    points, sums = points_from_scores({"2026-01": [9, 9, 9], "2026-02": [2, 3, 3]})
    for result in evaluate_series(points, sumsq=sums):
        for signal in result.signals:
            assert signal.period == result.period
            assert signal.as_dict()["rule"] == signal.rule
            assert any(ch.isdigit() for ch in signal.message)
