"""The synthetic evaluation end to end: planted drops are caught, planted context is removed."""

from __future__ import annotations

import pytest

from rapport.insights.analytics.evaluation import evaluate
from rapport.insights.analytics.synthetic import PortfolioSpec, generate


def test_generator_is_deterministic_and_plants_what_it_says():
    spec = PortfolioSpec(projects=30, months=12, seed=4)
    first, second = generate(spec), generate(spec)
    assert first.observations == second.observations
    assert any(p.onset for p in first.projects) and any(p.onset is None for p in first.projects)
    assert generate(PortfolioSpec(projects=30, months=12, seed=5)).observations != (
        first.observations
    )


def test_evaluation_on_a_small_portfolio():
    ev = evaluate(PortfolioSpec(projects=80, months=18, seed=11, onset_range=(6, 14)))
    assert ev.deteriorating > 5
    assert ev.detected_within[1] >= 0.8  # flagged in the onset month or the next one
    assert ev.detected_trend >= 0.6
    assert ev.false_alarms_trend < 0.6  # EWMA, CUSUM and drop on stable projects
    assert ev.corr_raw < -0.5
    assert abs(ev.corr_adjusted) < 0.1
    assert ev.level_corr_adjusted > ev.level_corr_raw
    assert ev.coefficients["complexity"] == pytest.approx(-0.4, abs=0.15)
