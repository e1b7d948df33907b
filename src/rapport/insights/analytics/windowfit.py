"""Case-mix fits on trailing windows, for every period at once, from sufficient statistics.

The figures of period t come from the answers of the ``window`` months up to and including t
(recompute.py). Refitting each window from raw rows costs O(answers × window) per period; here
every month is summarised once (counts, Σy, Σy², Σx, Σxy, Σxx' for the portfolio; n, Σy, Σx per
project) and a window is a difference of cumulative sums. The moment estimate (pooled least
squares for β, one-way ANOVA for τ², σ²) needs nothing else, so it gives the same numbers as
``adjustment.adjust(use_mixedlm=False)`` on the window's rows (tests/test_windowfit.py). Windows
small enough for the mixed model are handed to ``adjust`` with their rows.

Pure numpy over an ``AnswerTable`` (column arrays, no per-answer objects). No Django.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from rapport.insights.analytics.adjustment import (
    DEFAULT_SIGMA,
    METHOD_EMPIRICAL_BAYES,
    METHOD_NO_POOLING,
    METHOD_NONE,
    Z_95,
    adjust,
)
from rapport.insights.analytics.context import PeriodContext, context_at
from rapport.insights.analytics.signals import Prior
from rapport.insights.analytics.types import Observation, month_index

ATTRS = ("role", "mode", "language")
RANK_TOL = 1e-10


def period_of(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _factorize(values: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """The sorted distinct values and each value's index among them: ``np.unique(...,
    return_inverse=True)`` over ``str`` values, without sorting a third of a million strings (a
    few roles, modes and languages repeat over every answer)."""
    if any(type(v) is not str or v.endswith("\0") for v in set(values)):
        found, inverse = np.unique(np.asarray(values, dtype=str), return_inverse=True)
        return [str(n) for n in found], inverse.reshape(-1).astype(np.int64)
    names = sorted(set(values))
    index = {name: i for i, name in enumerate(names)}
    return names, np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values))


@dataclass
class AnswerTable:
    """The answers behind the figures as columns, one entry per answer."""

    project: np.ndarray  # project ids (int64)
    month: np.ndarray  # month index of the period the answer counts in (int64)
    score: np.ndarray  # float64
    complexity: np.ndarray  # float64, 1–5
    site: np.ndarray  # float64, 1.0 for "site"
    codes: dict[str, np.ndarray]  # attr → index into levels[attr]
    levels: dict[str, list[str]]  # attr → sorted level names
    respondent: list[Any] = field(
        default_factory=list
    )  # id or None (the mixed model's rater effect)

    def __len__(self) -> int:
        return len(self.score)

    @classmethod
    def build(
        cls,
        *,
        project: Sequence[int],
        period: Sequence[str],
        score: Sequence[float],
        complexity: Sequence[int],
        site: Sequence[str],
        respondent: Sequence[object],
        **attrs: Sequence[str],
    ) -> AnswerTable:
        """From parallel lists; ``attrs`` gives ``role``, ``mode`` and ``language`` per answer."""
        levels: dict[str, list[str]] = {}
        codes: dict[str, np.ndarray] = {}
        for attr in ATTRS:
            levels[attr], codes[attr] = _factorize(attrs[attr])
        months = {p: month_index(p) for p in set(period)}
        return cls(
            project=np.asarray(project, dtype=np.int64),
            month=np.fromiter((months[p] for p in period), dtype=np.int64, count=len(period)),
            score=np.asarray(score, dtype=np.float64),
            complexity=np.asarray(complexity, dtype=np.float64),
            site=np.fromiter((s == "site" for s in site), dtype=np.float64, count=len(site)),
            codes=codes,
            levels=levels,
            respondent=list(respondent),
        )

    @property
    def columns(self) -> list[str]:
        """Every candidate covariate column, in ``adjustment._design``'s order."""
        names = ["complexity", "site"]
        for attr in ATTRS:
            names += [f"{attr}={level}" for level in self.levels[attr]]
        return names

    def design(self, rows: np.ndarray | slice) -> np.ndarray:
        """The candidate columns for ``rows`` (a small block of answers at a time)."""
        parts = [self.complexity[rows][:, None], self.site[rows][:, None]]
        for attr in ATTRS:
            codes = self.codes[attr][rows]
            parts.append((codes[:, None] == np.arange(len(self.levels[attr]))).astype(float))
        return np.hstack(parts)

    def observations(self, rows: np.ndarray) -> list[Observation]:
        """Plain observations of ``rows``, ordered by period then project (as loading sorts)."""
        order = sorted(rows.tolist(), key=lambda i: (self.month[i], str(self.project[i])))
        return [
            Observation(
                project_id=int(self.project[i]),
                period=period_of(int(self.month[i])),
                score=float(self.score[i]),
                respondent_id=self.respondent[i] if self.respondent else None,
                role=self.levels["role"][self.codes["role"][i]],
                mode=self.levels["mode"][self.codes["mode"][i]],
                language=self.levels["language"][self.codes["language"][i]],
                complexity=int(self.complexity[i]),
                site="site" if self.site[i] else "hq",
            )
            for i in order
        ]


@dataclass
class WindowSums:
    """Per project and fit period: n, Σy and Σx (every candidate column) over the window."""

    projects: np.ndarray  # project ids, sorted
    periods: list[str]
    n: np.ndarray  # [project, period]
    y: np.ndarray  # [project, period]
    x: np.ndarray  # [project, period, column]
    columns: list[str]


def _bounds(axis: np.ndarray, targets: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    lo = np.searchsorted(axis, targets - window + 1, side="left")
    hi = np.searchsorted(axis, targets, side="right")
    return lo, hi


def window_sums(table: AnswerTable, periods: Sequence[str], window: int) -> WindowSums:
    """Sums per project over the trailing ``window`` months ending at each of ``periods``."""
    targets = np.array([month_index(p) for p in periods], dtype=np.int64)
    axis = np.unique(table.month)
    projects, p_idx = np.unique(table.project, return_inverse=True)
    p_idx = p_idx.reshape(-1)
    m_idx = np.searchsorted(axis, table.month)
    n_p, n_m = len(projects), len(axis)
    cell = p_idx * n_m + m_idx
    size = n_p * n_m
    columns = table.columns
    per_cell = np.zeros((size, 2 + len(columns)))
    per_cell[:, 0] = np.bincount(cell, minlength=size)
    per_cell[:, 1] = np.bincount(cell, weights=table.score, minlength=size)
    per_cell[:, 2] = np.bincount(cell, weights=table.complexity, minlength=size)
    per_cell[:, 3] = np.bincount(cell, weights=table.site, minlength=size)
    col = 4
    for attr in ATTRS:
        k = len(table.levels[attr])
        counts = np.bincount(cell * k + table.codes[attr], minlength=size * k)
        per_cell[:, col : col + k] = counts.reshape(size, k)
        col += k
    cum = np.zeros((n_p, n_m + 1, per_cell.shape[1]))
    np.cumsum(per_cell.reshape(n_p, n_m, per_cell.shape[1]), axis=1, out=cum[:, 1:, :])
    lo, hi = _bounds(axis, targets, window)
    sums = cum[:, hi, :] - cum[:, lo, :]  # [project, period, stat]
    return WindowSums(
        projects=projects,
        periods=list(periods),
        n=sums[:, :, 0],
        y=sums[:, :, 1],
        x=sums[:, :, 2:],
        columns=columns,
    )


def priors(table: AnswerTable, periods: Sequence[str], min_answers: int) -> dict[str, Prior]:
    """Prior per period p from every answer in periods ≤ p (cumulative, no look-ahead)."""
    out: dict[str, Prior] = {}
    order = np.argsort(table.month, kind="stable")
    months = table.month[order]
    cum_n = np.arange(1, len(months) + 1)
    cum_s = np.cumsum(table.score[order])
    cum_ss = np.cumsum(table.score[order] ** 2)
    for period in periods:
        i = int(np.searchsorted(months, month_index(period), side="right"))
        n = int(cum_n[i - 1]) if i else 0
        if n >= min_answers:
            mean = float(cum_s[i - 1]) / n
            var = (float(cum_ss[i - 1]) - n * mean * mean) / (n - 1)
            out[period] = Prior(mean=mean, sd=float(np.sqrt(max(var, 0.01))))
        else:
            out[period] = Prior()
    return out


def _kept_columns(gram: np.ndarray, n: float, sums: np.ndarray, columns: list[str]) -> list[int]:
    """``_design``'s choice from the window's Gram matrix of [1, x]: non-constant columns that
    add rank, in order, with the first present level of each attribute as the reference."""
    kept: list[int] = []
    basis = [0]
    seen_attr: set[str] = set()
    for c, name in enumerate(columns):
        attr = name.split("=", 1)[0] if "=" in name else None
        if attr is not None:
            if sums[c] == 0:
                continue  # level absent from the window
            if attr not in seen_attr:
                seen_attr.add(attr)
                continue  # the reference level
        g = c + 1
        if n * gram[g, g] - sums[c] ** 2 <= 0:
            continue  # constant column
        b = np.array(basis)
        cross = gram[b, g]
        resid = gram[g, g] - float(cross @ np.linalg.solve(gram[np.ix_(b, b)], cross))
        if resid > RANK_TOL * gram[g, g]:
            basis.append(g)
            kept.append(c)
    return kept


def _moment_context(
    period: str,
    gram: np.ndarray,
    xy: np.ndarray,
    yy: float,
    proj_n: np.ndarray,
    proj_y: np.ndarray,
    proj_x: np.ndarray,
    columns: list[str],
) -> PeriodContext:
    """``adjust(use_mixedlm=False)`` on one window, from its sufficient statistics."""
    n = gram[0, 0]
    sums = gram[0, 1:]
    kept = _kept_columns(gram, n, sums, columns)
    idx = [0] + [c + 1 for c in kept]
    coef = np.linalg.solve(gram[np.ix_(idx, idx)], xy[idx])
    beta = coef[1:]
    k = np.array(kept, dtype=np.int64)
    xtx = gram[np.ix_(k + 1, k + 1)]
    sum_y = xy[0]
    resid_sum = sum_y - float(sums[k] @ beta)
    resid_ss = yy - 2 * float(xy[k + 1] @ beta) + float(beta @ xtx @ beta)
    present = proj_n > 0
    nj = proj_n[present]
    sj = proj_y[present] - (proj_x[present][:, k] @ beta if len(k) else 0.0)
    groups = len(nj)
    within = resid_ss - float(np.sum(sj * sj / nj))
    if within <= RANK_TOL * max(yy, 1.0):
        within = 0.0  # answers that repeat exactly: rounding, not spread
    dof = n - groups
    sigma2 = within / dof if dof > 0 else None
    tau2: float | None = None
    if groups >= 2:
        grand = resid_sum / n
        between = float(np.sum(nj * (sj / nj - grand) ** 2))
        n0 = (n - float(np.sum(nj * nj)) / n) / (groups - 1)
        s2 = sigma2 if sigma2 is not None else 0.0
        tau2 = max(0.0, (between / (groups - 1) - s2) / n0) if n0 > 0 else 0.0
    if sigma2 is None or sigma2 <= 0:
        sigma2 = DEFAULT_SIGMA**2
    return PeriodContext(
        period=period,
        method=METHOD_EMPIRICAL_BAYES if groups >= 2 else METHOD_NO_POOLING,
        names=tuple(columns[c] for c in kept),
        beta=tuple(float(b) for b in beta),
        xbar=tuple(float(s / n) for s in sums[k]),
        mu=float(sum_y / n),
        tau2=tau2,
        sigma2=float(sigma2),
        n_total=int(n),
    )


def fit_windows(
    table: AnswerTable,
    periods: Sequence[str],
    *,
    window: int,
    model_limits: tuple[int, int] = (0, 0),
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, PeriodContext]:
    """One case-mix fit per period, on the answers of the trailing ``window`` months.

    A window with at most ``model_limits`` = (answers, projects) goes to ``adjust`` (the mixed model
    when it can); larger ones use the moment estimate from sufficient statistics.
    """
    columns = table.columns
    order = np.argsort(table.month, kind="stable")
    months = table.month[order]
    axis = np.unique(months)
    n_cols = len(columns) + 1
    gram = np.zeros((len(axis) + 1, n_cols, n_cols))
    xy = np.zeros((len(axis) + 1, n_cols))
    yy = np.zeros(len(axis) + 1)
    starts = np.searchsorted(months, axis, side="left")
    ends = np.searchsorted(months, axis, side="right")
    for i, (a, b) in enumerate(zip(starts, ends, strict=True)):
        rows = order[a:b]
        z = np.hstack([np.ones((len(rows), 1)), table.design(rows)])
        y = table.score[rows]
        gram[i + 1] = gram[i] + z.T @ z
        xy[i + 1] = xy[i] + z.T @ y
        yy[i + 1] = yy[i] + float(y @ y)
    sums = window_sums(table, periods, window)
    targets = np.array([month_index(p) for p in periods], dtype=np.int64)
    lo, hi = _bounds(axis, targets, window)
    max_answers, max_projects = model_limits
    contexts: dict[str, PeriodContext] = {}
    for t, period in enumerate(periods):
        g = gram[hi[t]] - gram[lo[t]]
        n = round(float(g[0, 0]))
        groups = int(np.count_nonzero(sums.n[:, t]))
        if n == 0:
            contexts[period] = PeriodContext(period=period, method=METHOD_NONE)
        elif n <= max_answers and groups <= max_projects:
            rows = order[starts[lo[t]] : ends[hi[t] - 1]]
            contexts[period] = _adjusted_context(period, table, rows)
        else:
            contexts[period] = _moment_context(
                period,
                g,
                xy[hi[t]] - xy[lo[t]],
                float(yy[hi[t]] - yy[lo[t]]),
                sums.n[:, t],
                sums.y[:, t],
                sums.x[:, t, :],
                columns,
            )
        if progress:
            progress(t + 1, len(periods))
    return contexts


def _adjusted_context(period: str, table: AnswerTable, rows: np.ndarray) -> PeriodContext:
    """A small window through ``adjust`` (the mixed model where it fits), kept as a context."""
    result = adjust(table.observations(rows))
    names = tuple(result.coefficients)
    z = table.design(rows)
    index = {name: i for i, name in enumerate(table.columns)}
    xbar = tuple(float(z[:, index[name]].mean()) for name in names)
    return PeriodContext(
        period=period,
        method=result.method,
        names=names,
        beta=tuple(result.coefficients[name] for name in names),
        xbar=xbar,
        mu=result.mu,
        tau2=result.tau2,
        sigma2=result.sigma2,
        n_total=len(rows),
    )


class WindowEstimate(NamedTuple):
    """``adjustment.ProjectEstimate``'s fields; a tuple, as there are 120,000 of them."""

    project_id: int
    n: int
    mean: float
    adjusted: float
    theta: float
    low: float
    high: float
    shrinkage: float


def estimates(
    sums: WindowSums, contexts: dict[str, PeriodContext]
) -> dict[str, dict[int, WindowEstimate]]:
    """θ per period and project from the window sums and that period's context (or the latest
    context before it, as the incremental recompute uses them).

    adjusted = mean − (Σx·β/n − x̄·β); θ = B·adjusted + (1 − B)·μ with B = τ²/(τ² + σ²/n): the
    formulas of ``adjustment.adjust``, over all projects of a period at once.
    """
    index = {name: i for i, name in enumerate(sums.columns)}
    out: dict[str, dict[int, WindowEstimate]] = {}
    for t, period in enumerate(sums.periods):
        context = context_at(contexts, period)
        out[period] = {}
        if context is None or context.method == METHOD_NONE:
            continue
        present = np.flatnonzero(sums.n[:, t])
        n = sums.n[present, t]
        cols = np.array([index.get(name, -1) for name in context.names], dtype=np.int64)
        xs = sums.x[present, t][:, np.maximum(cols, 0)] * (cols >= 0)  # absent level: Σx = 0
        mean = sums.y[present, t] / n
        xb = np.zeros_like(n)
        for c, beta in enumerate(context.beta):  # column by column: the same sums for one project
            xb += xs[:, c] * beta  # as for all of them (a matrix product may round differently)
        shift = xb / n - context.xbar_fit if context.names else 0.0
        adjusted = mean - shift
        sigma2 = context.sigma2 if context.sigma2 is not None else 0.0
        mu = context.mu if context.mu is not None else mean
        if context.tau2 is None:
            b = np.ones_like(n)
            var = sigma2 / n
        else:
            denom = context.tau2 + sigma2 / n
            b = np.where(denom > 0, context.tau2 / np.where(denom > 0, denom, 1.0), 0.0)
            var = b * sigma2 / n + (1 - b) ** 2 * sigma2 / max(context.n_total, 1)
        theta = b * adjusted + (1 - b) * mu
        half = Z_95 * np.sqrt(np.maximum(var, 0.0))
        columns = zip(
            sums.projects[present].tolist(),
            n.tolist(),
            mean.tolist(),
            adjusted.tolist(),
            theta.tolist(),
            (theta - half).tolist(),
            (theta + half).tolist(),
            b.tolist(),
            strict=True,
        )
        out[period] = {
            pid: WindowEstimate(pid, int(nj), m, adj, th, lo, hi, bj)
            for pid, nj, m, adj, th, lo, hi, bj in columns
        }
    return out
