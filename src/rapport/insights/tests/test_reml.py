"""The case-mix model's REML fit (analytics/reml.py) against statsmodels' MixedLM, and the truth."""

from __future__ import annotations

import warnings
from dataclasses import replace

import numpy as np
import pytest

from rapport.insights.analytics.adjustment import _design
from rapport.insights.analytics.harness import SCENARIOS
from rapport.insights.analytics.reml import fit_nested
from rapport.insights.analytics.synthetic import generate


def _window(seed: int, first: int, months: int = 12, **spec):
    portfolio = generate(replace(SCENARIOS["reference"], seed=seed, **spec))
    kept = set(portfolio.periods[first : first + months])
    obs = [o for o in portfolio.observations if o.period in kept]
    x, _ = _design(obs)
    y = np.array([o.score for o in obs], dtype=float)
    projects = np.array([int(o.project_id) for o in obs])
    keys = [f"{o.project_id}:{o.respondent_id}" for o in obs]
    _, raters = np.unique(keys, return_inverse=True)
    return y, x, projects, raters, keys


def _statsmodels(y, x, projects, keys):
    import pandas as pd
    import statsmodels.formula.api as smf

    data = pd.DataFrame({"y": y, "g": projects})
    cols = [f"x{i}" for i in range(x.shape[1])]
    for i, col in enumerate(cols):
        data[col] = x[:, i]
    vc = None
    if keys is not None:
        data["rater"] = keys
        vc = {"rater": "0 + C(rater)"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = smf.mixedlm(
            "y ~ " + " + ".join(cols), data, groups=data["g"], re_formula="1", vc_formula=vc
        )
        fit = model.fit(reml=True, method=["powell", "lbfgs"])
    beta = np.array([fit.fe_params["Intercept"], *(fit.fe_params[c] for c in cols)])
    omega2 = float(fit.vcomp[0]) if keys is not None else 0.0
    return beta, float(np.asarray(fit.cov_re)[0, 0]), omega2, float(fit.scale)


@pytest.mark.parametrize(("seed", "first"), [(1, 0), (1, 10), (2, 6)])
def test_the_fit_gives_mixedlms_estimates_with_raters(seed, first):
    y, x, projects, raters, keys = _window(seed, first)
    ours = fit_nested(y, x, projects, raters)
    assert ours is not None and ours.converged
    beta, tau2, omega2, sigma2 = _statsmodels(y, x, projects, keys)
    assert np.abs(ours.beta - beta).max() < 2e-3
    assert ours.tau2 == pytest.approx(tau2, rel=0.03, abs=0.005)
    assert ours.omega2 == pytest.approx(omega2, rel=0.03, abs=0.005)
    assert ours.sigma2 == pytest.approx(sigma2, rel=0.01)


def test_the_fit_gives_mixedlms_estimates_without_raters():
    y, x, projects, _, _ = _window(3, 4, projects=40)
    ours = fit_nested(y, x, projects, None)
    assert ours is not None and ours.omega2 == 0.0
    beta, tau2, _, sigma2 = _statsmodels(y, x, projects, None)
    assert np.abs(ours.beta - beta).max() < 2e-3
    assert ours.tau2 == pytest.approx(tau2, rel=0.03, abs=0.005)
    assert ours.sigma2 == pytest.approx(sigma2, rel=0.01)


def test_the_fit_recovers_planted_variances_and_effects():
    rng = np.random.default_rng(7)
    projects, raters, rows = [], [], []
    for j in range(300):
        u = rng.normal(0, 0.6)  # τ = 0.6
        complexity = rng.integers(1, 6)
        for k in range(4):
            v = rng.normal(0, 0.8)  # ω = 0.8
            for _ in range(10):
                projects.append(j)
                raters.append(j * 4 + k)
                rows.append((complexity, 7.0 - 0.4 * complexity + u + v + rng.normal(0, 1.0)))
    x = np.array([[c] for c, _ in rows], dtype=float)
    y = np.array([s for _, s in rows])
    fit = fit_nested(y, x, np.array(projects), np.array(raters))
    assert fit is not None
    assert fit.beta[1] == pytest.approx(-0.4, abs=0.06)
    assert fit.tau2 == pytest.approx(0.36, abs=0.1)
    assert fit.omega2 == pytest.approx(0.64, abs=0.1)
    assert fit.sigma2 == pytest.approx(1.0, abs=0.05)


def test_the_order_of_the_answers_does_not_matter():
    y, x, projects, raters, _ = _window(4, 3, projects=30)
    shuffled = np.random.default_rng(1).permutation(len(y))
    a = fit_nested(y, x, projects, raters)
    b = fit_nested(y[shuffled], x[shuffled], projects[shuffled], raters[shuffled])
    assert a is not None and b is not None
    assert np.allclose(a.beta, b.beta, atol=1e-6)
    assert (a.tau2, a.omega2, a.sigma2) == pytest.approx((b.tau2, b.omega2, b.sigma2), abs=1e-6)


def test_too_few_answers_to_fit_give_none():
    y = np.array([7.0, 8.0])
    x = np.array([[1.0], [2.0]])
    assert fit_nested(y, x, np.array([1, 2]), None) is None
