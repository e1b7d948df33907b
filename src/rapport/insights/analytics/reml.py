"""REML fit of the case-mix model with nested random intercepts, from sufficient statistics.

    score = Xβ + u_project + v_rater + e,   u ~ N(0, τ²), v ~ N(0, ω²), e ~ N(0, σ²)

with raters nested in projects (docs/insights.md, "Context adjustment and shrinkage"). This is
the model ``adjustment.adjust`` fitted with statsmodels' MixedLM (``score ~ covariates``, random
intercept per project, a variance component per rater). MixedLM evaluates its likelihood one
project at a time in Python, about a second per fit at 120 projects with their raters, and a
full recompute fits every month's window: 24 months of a 120-project history cost 26 s. Here
the same restricted likelihood is written in closed form over per-rater sums, so one evaluation
is a few numpy operations over the raters, and a fit takes milliseconds; the tests compare its
estimates with MixedLM's on the same data.

Within project j, with raters k answering n_k times, the covariance of its answers is
V_j = σ²I + ω²·blockdiag(1_k 1_kᵀ) + τ²·1 1ᵀ. Woodbury's identity, twice, gives for any columns
p, q of the project's answers, with d_k = 1/(σ² + n_k ω²), c_k = ω² d_k, S_j = Σ_k n_k d_k and
g_j = τ²/(1 + τ² S_j):

    pᵀV_j⁻¹q = (pᵀq − Σ_k c_k P_k Q_k)/σ² − g_j (Σ_k d_k P_k)(Σ_k d_k Q_k)
    log det V_j = Σ_k [(n_k − 1) log σ² + log(σ² + n_k ω²)] + log(1 + τ² S_j)

where P_k, Q_k are the sums of p and q over rater k's answers. −2 × the restricted log-likelihood
is then log det V + log det(XᵀV⁻¹X) + (y − Xβ̂)ᵀV⁻¹(y − Xβ̂), up to a constant, minimised over the
logarithms of the three variances.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

LOG_FLOOR = -18.0  # a variance below e^-18 is zero
LOG_CEILING = 6.0  # and none is above e^6 ≈ 400 on a 1–10 scale


@dataclass(frozen=True)
class RemlFit:
    beta: np.ndarray  # the fixed effects, intercept first
    tau2: float  # between projects
    omega2: float  # between raters within a project (0 when there are no raters)
    sigma2: float  # one answer's own noise
    converged: bool


def fit_nested(
    y: np.ndarray, x: np.ndarray, projects: np.ndarray, raters: np.ndarray | None
) -> RemlFit | None:
    """REML estimates of β (intercept first, then ``x``'s columns), τ², ω² and σ².

    ``projects``: each answer's project as an integer code; ``raters``: each answer's rater as an
    integer code, each rater in one project only (None: no rater component, ω² = 0). Returns None
    when the design leaves nothing to estimate the variances from.
    """
    n = len(y)
    design = np.column_stack([np.ones(n), x]) if x.size else np.ones((n, 1))
    p = design.shape[1]
    if n <= p + 1:
        return None
    if raters is None:
        unit = np.arange(n)  # each answer its own "rater", with ω² held at 0
    else:
        _, unit = np.unique(raters, return_inverse=True)
    units = int(unit.max()) + 1
    _, project_of_answer = np.unique(projects, return_inverse=True)
    project_of_unit = np.zeros(units, dtype=np.int64)
    project_of_unit[unit] = project_of_answer

    n_k = np.bincount(unit, minlength=units).astype(float)
    sx = np.zeros((units, p))
    np.add.at(sx, unit, design)
    sy = np.bincount(unit, weights=y, minlength=units)
    # Units in project order, so sums per project are np.add.reduceat over contiguous runs.
    order = np.argsort(project_of_unit, kind="stable")
    n_k, sx, sy = n_k[order], sx[order], sy[order]
    first = np.flatnonzero(np.r_[True, np.diff(project_of_unit[order]) != 0])
    xtx = design.T @ design
    xty = design.T @ y
    yty = float(y @ y)
    with_raters = raters is not None
    dof = n - p

    def parts(phi: np.ndarray) -> tuple[float, np.ndarray, np.ndarray, float]:
        """With σ² = 1 and the other variances as ratios to it (τ²/σ², ω²/σ²): log det H,
        XᵀH⁻¹X, XᵀH⁻¹y and yᵀH⁻¹y, where V = σ²H."""
        ratio_tau = math.exp(phi[0])
        ratio_omega = math.exp(phi[1]) if with_raters else 0.0
        denom = 1.0 + n_k * ratio_omega
        d = 1.0 / denom
        c = ratio_omega * d
        s = np.add.reduceat(n_k * d, first)
        g = ratio_tau / (1.0 + ratio_tau * s)
        dsx = sx * d[:, None]
        px = np.add.reduceat(dsx, first, axis=0)
        py = np.add.reduceat(sy * d, first)
        csx = sx * c[:, None]
        gpx = px * g[:, None]
        a = xtx - csx.T @ sx - gpx.T @ px
        b = xty - csx.T @ sy - gpx.T @ py
        q = yty - float(c @ (sy * sy)) - float(g @ (py * py))
        logdet_h = float(np.log(denom).sum()) + float(np.log1p(ratio_tau * s).sum())
        return logdet_h, a, b, q

    def profiled(phi: np.ndarray) -> tuple[float, np.ndarray, float]:
        """−2 × the restricted log-likelihood with σ² profiled out (up to a constant), β̂, σ̂²."""
        logdet_h, a, b, q = parts(phi)
        sign, logdet_a = np.linalg.slogdet(a)
        if sign <= 0:
            return math.inf, b, math.nan
        beta = np.linalg.solve(a, b)
        sigma2 = (q - float(b @ beta)) / dof
        if not sigma2 > 0:
            return math.inf, beta, math.nan
        return dof * math.log(sigma2) + logdet_h + logdet_a, beta, sigma2

    def objective(phi: np.ndarray) -> float:
        value = profiled(phi)[0]
        return value if math.isfinite(value) else 1e300

    # Start from even shares of the pooled residual variance.
    starts = [[math.log(0.5), math.log(0.5)], [LOG_FLOOR + 2.0, math.log(0.5)]]
    if not with_raters:
        starts = [[math.log(0.5)], [LOG_FLOOR + 2.0]]
    bounds = [(LOG_FLOOR, LOG_CEILING)] * len(starts[0])
    best = None
    # Two starts, the second near τ² = 0: the likelihood can have its optimum on that edge.
    for first_guess in starts:
        result = minimize(
            objective,
            np.array(first_guess),
            method="Nelder-Mead",  # two parameters, no gradient to code: a few dozen steps
            bounds=bounds,
            options={"xatol": 1e-5, "fatol": 1e-8, "maxiter": 2000},
        )
        if best is None or result.fun < best.fun:
            best = result
    assert best is not None
    value, beta, sigma2 = profiled(best.x)
    if not math.isfinite(value):
        return None
    phi = best.x

    def variance(log_ratio: float) -> float:
        return 0.0 if log_ratio <= LOG_FLOOR + 1e-6 else math.exp(log_ratio) * sigma2

    return RemlFit(
        beta=beta,
        tau2=variance(phi[0]),
        omega2=variance(phi[1]) if with_raters else 0.0,
        sigma2=sigma2,
        converged=bool(best.success),
    )
