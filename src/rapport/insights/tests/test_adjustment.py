"""Context adjustment and shrinkage: planted effects are removed, small data never crashes."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport.insights.analytics import Observation, adjust
from rapport.insights.analytics.adjustment import (
    METHOD_EMPIRICAL_BAYES,
    METHOD_MIXEDLM,
    METHOD_NO_POOLING,
    METHOD_NONE,
)
from rapport.insights.analytics.synthetic import PortfolioSpec, generate


def _corr(a, b):
    return float(np.corrcoef(a, b)[0, 1])


@pytest.mark.parametrize("use_mixedlm", [None, False])
def test_adjustment_removes_a_planted_complexity_and_site_effect(use_mixedlm):
    spec = PortfolioSpec(
        projects=60,
        months=6,
        seed=7,
        deteriorating_share=0.0,
        complexity_penalty=0.6,
        site_penalty=0.8,
    )
    pf = generate(spec)
    result = adjust(pf.observations, use_mixedlm=use_mixedlm)
    assert result.method == (METHOD_MIXEDLM if use_mixedlm is None else METHOD_EMPIRICAL_BAYES)
    ids = list(result.projects)
    complexity = [next(p.complexity for p in pf.projects if p.project_id == i) for i in ids]
    site = [
        1.0 if next(p.site for p in pf.projects if p.project_id == i) == "site" else 0.0
        for i in ids
    ]
    raw = [result.projects[i].mean for i in ids]
    adjusted = [result.projects[i].adjusted for i in ids]
    assert _corr(complexity, raw) < -0.6
    assert abs(_corr(complexity, adjusted)) < 0.1
    assert abs(_corr(site, adjusted)) < 0.15
    assert result.coefficients["complexity"] == pytest.approx(-0.6, abs=0.15)
    assert result.coefficients["site"] == pytest.approx(-0.8, abs=0.25)


def test_no_observations():
    result = adjust([])
    assert result.method == METHOD_NONE and result.projects == {}


def test_one_observation():
    result = adjust([Observation(1, "2026-01", 6)])
    est = result.projects[1]
    assert result.method == METHOD_NO_POOLING
    assert est.theta == est.adjusted == est.mean == 6
    assert est.low < 6 < est.high
    assert result.notes


def test_constant_covariates_and_one_answer_per_project():
    obs = [Observation(i, "2026-01", s) for i, s in enumerate([7, 8, 5, 9, 6], start=1)]
    result = adjust(obs)
    assert result.method == METHOD_EMPIRICAL_BAYES
    assert result.coefficients == {}
    for est in result.projects.values():
        assert math.isfinite(est.theta) and est.low <= est.theta <= est.high


def test_singular_design_keeps_one_of_two_identical_covariates():
    # Every "site" project is an "email" project: the two columns are the same.
    obs = []
    for pid in range(1, 9):
        site = "site" if pid % 2 else "hq"
        mode = "email" if site == "site" else "meeting"
        for r in range(4):
            obs.append(
                Observation(
                    pid, "2026-01", 5 + (pid + r) % 5, respondent_id=r, site=site, mode=mode
                )
            )
    result = adjust(obs)
    assert "site" in result.coefficients
    assert "mode=meeting" not in result.coefficients
    assert all(math.isfinite(e.theta) for e in result.projects.values())


observation_lists = st.lists(
    st.builds(
        Observation,
        project_id=st.integers(1, 6),
        period=st.just("2026-01"),
        score=st.integers(1, 10),
        respondent_id=st.one_of(st.none(), st.integers(1, 4)),
        role=st.sampled_from(["sponsor", "user"]),
        mode=st.sampled_from(["meeting", "email"]),
        language=st.sampled_from(["en", "fr"]),
        complexity=st.integers(1, 5),
        site=st.sampled_from(["hq", "site"]),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(observation_lists)
def test_adjust_never_crashes_and_theta_lies_between_adjusted_and_mu(obs):
    result = adjust(obs, use_mixedlm=False)
    assert result.method in {METHOD_EMPIRICAL_BAYES, METHOD_NO_POOLING}
    for est in result.projects.values():
        assert 0 <= est.shrinkage <= 1
        lo, hi = sorted([est.adjusted, result.mu])
        assert lo - 1e-9 <= est.theta <= hi + 1e-9
        assert est.low <= est.theta <= est.high


def test_small_projects_move_further_towards_the_mean():
    obs = []
    for pid, (n, level) in enumerate([(2, 4), (30, 4), (10, 8), (10, 7), (10, 7.5)], start=1):
        obs += [Observation(pid, "2026-01", level + (i % 3 - 1)) for i in range(n)]
    result = adjust(obs)
    small, large = result.projects[1], result.projects[2]
    assert small.shrinkage < large.shrinkage
    assert abs(small.theta - small.adjusted) > abs(large.theta - large.adjusted)
    assert (small.high - small.low) > (large.high - large.low)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(observation_lists, st.floats(-0.5, 0.5))
def test_shifting_every_score_shifts_every_estimate_by_the_same_amount(obs, shift):
    moved = [dataclasses.replace(o, score=min(10.0, max(1.0, o.score + shift))) for o in obs]
    if any(m.score != o.score + shift for m, o in zip(moved, obs, strict=True)):
        return  # clipped at the ends of the scale: not a pure shift
    before = adjust(obs, use_mixedlm=False)
    after = adjust(moved, use_mixedlm=False)
    for pid, est in before.projects.items():
        assert after.projects[pid].adjusted == pytest.approx(est.adjusted + shift, abs=1e-6)
        assert after.projects[pid].theta == pytest.approx(est.theta + shift, abs=1e-6)


def test_a_better_score_never_lowers_the_project_adjusted_score():
    base = []
    for pid in range(1, 7):
        base += [
            Observation(pid, "2026-01", 5 + (pid + r) % 4, respondent_id=r, complexity=1 + pid % 5)
            for r in range(4)
        ]
    before = adjust(base, use_mixedlm=False).projects[3].adjusted
    improved = [
        dataclasses.replace(o, score=10) if o.project_id == 3 and o.respondent_id == 0 else o
        for o in base
    ]
    assert adjust(improved, use_mixedlm=False).projects[3].adjusted > before
