"""Context adjustment (case-mix) and shrinkage of project scores (DESIGN.md, "Formulas").

    adjusted_j = mean_j − Σ_k β_k (x̄_jk − x̄_k)       the score with an average context mix
    θ_j = B_j·adjusted_j + (1 − B_j)·μ,  B_j = τ²/(τ² + σ²/n_j)

β, τ² (between-project variance) and σ² (within-project variance) come from a linear mixed model
with random intercepts for project (and for rater, nested in project, when raters answer more than
once) fitted by REML (``analytics/reml.py``, which gives statsmodels MixedLM's estimates from
sufficient statistics in milliseconds). When there is too little data for that model, or it fails
to converge, the same quantities are estimated by pooled least squares and the one-way ANOVA
method of moments (empirical Bayes). With one project, or no within-project replication, the
estimate degrades further and says so in ``method``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from rapport.insights.analytics.reml import fit_nested
from rapport.insights.analytics.types import Observation

METHOD_MIXEDLM = "mixedlm"
METHOD_EMPIRICAL_BAYES = "empirical_bayes"
METHOD_NO_POOLING = "no_pooling"  # one project: nothing to shrink towards
METHOD_NONE = "none"  # no observations

DEFAULT_SIGMA = 1.5  # within-project SD on the 1–10 scale when the data cannot tell
Z_95 = 1.959963984540054


@dataclass(frozen=True)
class ProjectEstimate:
    project_id: int | str
    n: int
    mean: float
    adjusted: float
    theta: float
    low: float  # 95% interval of θ
    high: float
    shrinkage: float  # B_j


@dataclass(frozen=True)
class AdjustmentResult:
    method: str
    projects: dict[int | str, ProjectEstimate]
    coefficients: dict[str, float]  # β per covariate column
    mu: float | None
    tau2: float | None
    sigma2: float | None
    notes: list[str] = field(default_factory=list)


def _design(observations: Sequence[Observation]) -> tuple[np.ndarray, list[str]]:
    """Covariate columns: complexity, site, and dummies for role, mode and language.

    Constant columns are left out, then any column that adds no rank (a singular design).
    """
    n = len(observations)
    columns: dict[str, np.ndarray] = {
        "complexity": np.array([float(o.complexity) for o in observations]),
        "site": np.array([1.0 if o.site == "site" else 0.0 for o in observations]),
    }
    for attr in ("role", "mode", "language"):
        levels = sorted({str(getattr(o, attr)) for o in observations})
        for level in levels[1:]:  # first level is the reference
            columns[f"{attr}={level}"] = np.array(
                [1.0 if str(getattr(o, attr)) == level else 0.0 for o in observations]
            )
    names: list[str] = []
    kept: list[np.ndarray] = []
    basis = np.ones((n, 1))
    for name, col in columns.items():
        if np.ptp(col) == 0:
            continue
        trial = np.column_stack([basis, col])
        if np.linalg.matrix_rank(trial) > basis.shape[1]:
            basis = trial
            names.append(name)
            kept.append(col)
    x = np.column_stack(kept) if kept else np.zeros((n, 0))
    return x, names


def _moments(
    resid: np.ndarray, groups: np.ndarray, n_groups: int
) -> tuple[float | None, float | None]:
    """One-way ANOVA method of moments for (τ², σ²) from residuals grouped by project."""
    total = len(resid)
    sums: dict[int, list[float]] = defaultdict(list)
    for r, g in zip(resid, groups, strict=True):
        sums[int(g)].append(float(r))
    within = sum(sum((v - sum(vs) / len(vs)) ** 2 for v in vs) for vs in sums.values())
    dof_within = total - n_groups
    sigma2 = within / dof_within if dof_within > 0 else None
    if n_groups < 2:
        return None, sigma2
    grand = float(np.mean(resid))
    between = sum(len(vs) * (sum(vs) / len(vs) - grand) ** 2 for vs in sums.values())
    n0 = (total - sum(len(vs) ** 2 for vs in sums.values()) / total) / (n_groups - 1)
    s2 = sigma2 if sigma2 is not None else 0.0
    tau2 = max(0.0, (between / (n_groups - 1) - s2) / n0) if n0 > 0 else 0.0
    return tau2, sigma2


def _fit_mixedlm(
    y: np.ndarray, x: np.ndarray, groups: np.ndarray, raters: list[str] | None
) -> tuple[np.ndarray, float, float] | None:
    """β, τ², σ² of the mixed model (REML, ``analytics/reml.py``), or None when it cannot be fit
    cleanly. σ² includes the rater variance: it is within-project variance."""
    codes = None
    if raters is not None:
        _, codes = np.unique(np.asarray(raters), return_inverse=True)
    try:
        fit = fit_nested(y, x, groups, codes)
    except (np.linalg.LinAlgError, ValueError, FloatingPointError):
        return None
    if fit is None or not fit.converged:
        return None
    sigma2 = fit.sigma2 + fit.omega2
    if not all(math.isfinite(v) for v in [*fit.beta, fit.tau2, sigma2]):
        return None
    return fit.beta[1:], fit.tau2, sigma2


def adjust(
    observations: Sequence[Observation],
    *,
    use_mixedlm: bool | None = None,
    min_projects_for_model: int = 5,
    min_observations_for_model: int = 30,
    default_sigma: float = DEFAULT_SIGMA,
) -> AdjustmentResult:
    """Context-adjusted and shrunken score per project, with a 95% interval for θ.

    ``use_mixedlm``: None decides from the amount of data; False forces the moment estimate.
    Never raises on small or degenerate data; ``method`` and ``notes`` say what was done.
    """
    obs = list(observations)
    if not obs:
        return AdjustmentResult(METHOD_NONE, {}, {}, None, None, None, ["No observations."])
    notes: list[str] = []
    project_ids = sorted({o.project_id for o in obs}, key=str)
    index = {pid: i for i, pid in enumerate(project_ids)}
    groups = np.array([index[o.project_id] for o in obs])
    y = np.array([float(o.score) for o in obs])
    x, names = _design(obs)
    n_total, n_groups = len(obs), len(project_ids)

    raters: list[str] | None = None
    ids = [o.respondent_id for o in obs]
    if all(i is not None for i in ids):
        keys = [f"{o.project_id}:{o.respondent_id}" for o in obs]
        if len(set(keys)) < len(keys):
            raters = keys

    fitted = None
    want_model = use_mixedlm
    if want_model is None:
        want_model = (
            n_groups >= min_projects_for_model
            and n_total >= min_observations_for_model
            and n_total > n_groups + x.shape[1] + 2
        )
    if want_model and n_groups >= 2:
        fitted = _fit_mixedlm(y, x, groups, raters)
        if fitted is None:
            notes.append("The mixed model could not be fitted; used the moment estimate.")

    if fitted is not None:
        beta, tau2, sigma2 = fitted
        method = METHOD_MIXEDLM
    else:
        design = np.column_stack([np.ones(n_total), x])
        # Pooled least squares; lstsq copes with any remaining rank deficiency.
        coef, *_ = np.linalg.lstsq(design, y, rcond=None)
        beta = coef[1:]
        resid = y - x @ beta if x.shape[1] else y.copy()
        tau2_m, sigma2_m = _moments(resid, groups, n_groups)
        if sigma2_m is None or sigma2_m <= 1e-9:  # float noise of identical scores is zero
            sigma2_m = default_sigma**2
            notes.append(
                f"Too few repeated answers to estimate the spread; assumed σ = {default_sigma}."
            )
        sigma2 = sigma2_m
        if n_groups < 2:
            tau2 = None
            method = METHOD_NO_POOLING
            notes.append("One project: nothing to compare with, so no shrinkage.")
        else:
            tau2 = tau2_m if tau2_m is not None else 0.0
            method = METHOD_EMPIRICAL_BAYES

    xbar = x.mean(axis=0) if x.shape[1] else np.zeros(0)
    mu = float(y.mean())
    estimates: dict[int | str, ProjectEstimate] = {}
    # Per-project sums in one pass (a mask per project is quadratic on a large portfolio).
    counts = np.bincount(groups, minlength=n_groups)
    y_sums = np.bincount(groups, weights=y, minlength=n_groups)
    fitted_x = x @ beta if x.shape[1] else np.zeros(n_total)
    x_sums = np.bincount(groups, weights=fitted_x, minlength=n_groups)
    xbar_fit = float(xbar @ beta) if x.shape[1] else 0.0
    for pid in project_ids:
        g = index[pid]
        n_j = int(counts[g])
        mean_j = float(y_sums[g] / n_j)
        shift = float(x_sums[g] / n_j - xbar_fit) if x.shape[1] else 0.0
        adjusted = mean_j - shift
        if tau2 is None:
            b = 1.0
            var = sigma2 / n_j
        else:
            b = tau2 / (tau2 + sigma2 / n_j) if tau2 + sigma2 / n_j > 0 else 0.0
            # Posterior variance of θ_j plus the (small) uncertainty of μ itself.
            var = b * sigma2 / n_j + (1 - b) ** 2 * sigma2 / n_total
        theta = b * adjusted + (1 - b) * mu
        half = Z_95 * math.sqrt(max(var, 0.0))
        estimates[pid] = ProjectEstimate(
            project_id=pid,
            n=n_j,
            mean=mean_j,
            adjusted=adjusted,
            theta=theta,
            low=theta - half,
            high=theta + half,
            shrinkage=b,
        )
    coefficients = {name: float(b) for name, b in zip(names, beta, strict=True)}
    return AdjustmentResult(method, estimates, coefficients, mu, tau2, sigma2, notes)
