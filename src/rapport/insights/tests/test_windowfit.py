"""Window fits from sufficient statistics give what ``adjust`` gives on the window's rows."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport.insights.analytics import Observation, adjust
from rapport.insights.analytics.adjustment import DEFAULT_SIGMA
from rapport.insights.analytics.context import PeriodContext, context_at
from rapport.insights.analytics.synthetic import PortfolioSpec, generate
from rapport.insights.analytics.types import months_between
from rapport.insights.analytics.windowfit import (
    AnswerTable,
    _factorize,
    estimates,
    fit_windows,
    window_sums,
)

WINDOW = 12


def _table(observations: list[Observation]) -> AnswerTable:
    return AnswerTable.build(
        project=[int(o.project_id) for o in observations],
        period=[o.period for o in observations],
        score=[o.score for o in observations],
        complexity=[o.complexity for o in observations],
        site=[o.site for o in observations],
        respondent=[o.respondent_id for o in observations],
        role=[o.role for o in observations],
        mode=[o.mode for o in observations],
        language=[o.language for o in observations],
    )


def _numbered(observations):
    ids = {pid: i for i, pid in enumerate(sorted({o.project_id for o in observations}, key=str))}
    return [dataclasses.replace(o, project_id=ids[o.project_id]) for o in observations]


def _compare(observations, periods):
    table = _table(observations)
    contexts = fit_windows(table, periods, window=WINDOW)
    found = estimates(window_sums(table, periods, WINDOW), contexts)
    for period in periods:
        rows = [o for o in observations if 0 <= months_between(o.period, period) < WINDOW]
        expected = adjust(rows, use_mixedlm=False)
        got = contexts[period]
        assert got.method == expected.method
        assert got.names == tuple(expected.coefficients)
        assert got.beta == pytest.approx(tuple(expected.coefficients.values()), abs=1e-8)
        assert got.mu == pytest.approx(expected.mu, abs=1e-12)
        if expected.sigma2 < 1e-9:  # no spread at all; ``adjust`` keeps its rounding error
            assert got.sigma2 == DEFAULT_SIGMA**2
            continue
        assert got.sigma2 == pytest.approx(expected.sigma2, rel=1e-8)
        if expected.tau2 is None:
            assert got.tau2 is None
        else:
            assert got.tau2 == pytest.approx(expected.tau2, rel=1e-7, abs=1e-10)
        assert set(found[period]) == set(expected.projects)
        for pid, want in expected.projects.items():
            have = found[period][pid]
            assert have.n == want.n
            for name in ("mean", "adjusted", "theta", "low", "high", "shrinkage"):
                assert getattr(have, name) == pytest.approx(getattr(want, name), abs=1e-8)


def test_window_fits_match_the_moment_estimate_on_a_synthetic_portfolio():
    pf = generate(PortfolioSpec(projects=25, months=18, seed=3))
    observations = _numbered(pf.observations)
    periods = sorted({o.period for o in observations})
    _compare(observations, periods)


observation = st.builds(
    Observation,
    project_id=st.integers(0, 4),
    period=st.sampled_from(["2025-01", "2025-02", "2025-05", "2026-01", "2026-03"]),
    score=st.integers(1, 10).map(float),
    respondent_id=st.none() | st.integers(0, 3),
    role=st.sampled_from(["other", "sponsor"]),
    mode=st.sampled_from(["meeting", "email"]),
    language=st.sampled_from(["en", "fr"]),
    complexity=st.integers(1, 5),
    site=st.sampled_from(["hq", "site"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(observation, min_size=1, max_size=40))
def test_window_fits_match_on_small_and_degenerate_data(observations):
    # One project per complexity and site, as loading gives them.
    fixed = [
        dataclasses.replace(
            o, complexity=1 + int(o.project_id) % 5, site="site" if o.project_id == 2 else "hq"
        )
        for o in observations
    ]
    _compare(fixed, sorted({o.period for o in fixed}))


def test_a_context_round_trips_and_a_later_period_uses_the_latest_earlier_one():
    pf = generate(PortfolioSpec(projects=12, months=4, seed=1))
    observations = _numbered(pf.observations)
    periods = sorted({o.period for o in observations})
    contexts = fit_windows(_table(observations), periods, window=WINDOW)
    again = {p: PeriodContext.from_dict(c.as_dict()) for p, c in contexts.items()}
    assert again == contexts
    assert context_at(again, "2099-01") == contexts[periods[-1]]
    assert context_at(again, "1999-01") is None


@given(
    st.lists(st.sampled_from(["other", "sponsor", "Zoë", "cto", "", "a\0", "é", "Ω"]), max_size=40)
)
def test_roles_modes_and_languages_are_coded_as_numpy_would(values):
    names, codes = _factorize(values)
    expected_names, expected_codes = np.unique(np.asarray(values, dtype=str), return_inverse=True)
    assert names == [str(n) for n in expected_names]
    assert codes.tolist() == expected_codes.reshape(-1).tolist()
    assert codes.dtype == np.int64
