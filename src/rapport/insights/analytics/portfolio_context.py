"""Step 1 of the early warning: what the portfolio has learnt before each period.

Per period, from every answer in EARLIER periods: the modes' effects (a within-person
fixed-effects estimate, so a harsh rater who answers by email does not make email look harsh), the
spread between people on a project, the noise of one person's answers from month to month, the
spread between projects and the portfolio's mean. Sufficient statistics per person and period are
summed cumulatively with numpy, so this stays one pass however long the history.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import repeat
from typing import TYPE_CHECKING, Any

import numpy as np

from rapport.insights.analytics.warning_types import columns_of

if TYPE_CHECKING:
    from rapport.insights.analytics.warning import Answer, WarningSettings

MODES = ("meeting", "call", "email")
MIN_CONTEXT_ANSWERS = 60  # below this, the defaults stand


@dataclass(frozen=True)
class Context:
    """Portfolio quantities learnt from periods before the one they are used in."""

    mean: float = 7.5  # mean mode-adjusted score
    level_sd: float = 0.8  # between projects
    rater_sd: float = 0.8  # between people on one project
    noise_sd: float = 1.0  # one person's answers from month to month
    modes: tuple[float, ...] = (0.0, 0.0, 0.0)  # effect of each of MODES, meeting = 0
    answers: int = 0  # how many answers these were learnt from

    def mode_effect(self, mode: str) -> float:
        try:
            return self.modes[MODES.index(mode)]
        except ValueError:
            return 0.0

    @cached_property
    def terms(self) -> tuple[float, float, float, float, float, float, dict[str, float]]:
        """What every answer's residual reads from the context, worked out once per context:
        noise², rater², their sum, the weight w₀ of the portfolio's mean in a project's usual
        level, w₀ × that mean, noise²/rater², and each mode's effect."""
        noise2 = self.noise_sd**2
        rater2 = self.rater_sd**2
        level_prior = self.level_sd**2 + rater2 / 3
        w0 = (noise2 + rater2) / level_prior
        modes = {mode: self.mode_effect(mode) for mode in MODES}
        return noise2, rater2, noise2 + rater2, w0, w0 * self.mean, noise2 / rater2, modes


# --- 1. Portfolio context ------------------------------------------------------------------------


def portfolio_contexts(
    answers: Mapping[Any, Sequence[Answer]],
    periods: Iterable[str],
    settings: WarningSettings | None = None,
) -> dict[str, Context]:
    """Context for each period from every answer in EARLIER periods (numpy, one pass)."""
    min_answers = settings.min_context_answers if settings else MIN_CONTEXT_ANSWERS
    all_periods = sorted(set(periods).union(*(columns_of(rows)[0] for rows in answers.values())))
    if not all_periods:
        return {}
    t_index = {p: i for i, p in enumerate(all_periods)}
    T, M = len(all_periods), len(MODES)
    mode_index = {mode: i for i, mode in enumerate(MODES)}  # another mode counts as a meeting
    proj_of_rater: list[int] = []
    named: list[tuple[np.ndarray, ...]] = []  # per project: rater, month, mode, score
    anonymous: list[tuple[np.ndarray, ...]] = []  # per project: month, mode, score
    for p_i, rows in enumerate(answers.values()):
        if not rows:
            continue
        # Column by column (half a million answers): each project's people numbered
        # portfolio-wide in the order they first answer, anonymous answers apart.
        periods_, scores, people, modes_ = columns_of(rows)
        size = len(rows)
        known = dict.fromkeys(people)
        known.pop(None, None)
        first = len(proj_of_rater)
        number = dict(zip(known, range(first, first + len(known)), strict=True))
        proj_of_rater += [p_i] * len(known)
        r = np.fromiter(map(number.get, people, repeat(-1)), np.int64, size)
        when = np.fromiter(map(t_index.__getitem__, periods_), np.int64, size)
        m = np.fromiter(map(mode_index.get, modes_, repeat(0)), np.int64, size)
        y = np.asarray(scores, dtype=float)
        mine = r >= 0
        if mine.all():
            named.append((r, when, m, y))
        else:
            named.append((r[mine], when[mine], m[mine], y[mine]))
            anonymous.append((when[~mine], m[~mine], y[~mine]))
    R = len(proj_of_rater)
    empty = np.zeros(0, dtype=np.int64)
    r_arr, t_arr, m_arr, y_arr = (
        (np.concatenate(c) for c in zip(*named, strict=True)) if named else (empty,) * 4
    )
    y_arr = y_arr.astype(float)
    anon_t, anon_m, anon_y = (
        (np.concatenate(c) for c in zip(*anonymous, strict=True)) if anonymous else (empty,) * 3
    )
    cells = R * M * T
    flat = (r_arr * M + m_arr) * T + t_arr
    count = np.bincount(flat, minlength=cells).reshape(R, M, T).cumsum(axis=2)
    total = np.bincount(flat, weights=y_arr, minlength=cells).reshape(R, M, T).cumsum(axis=2)
    sq = np.bincount(r_arr * T + t_arr, weights=y_arr**2, minlength=R * T).reshape(R, T)
    sq = sq.cumsum(axis=1)
    # Anonymous answers count towards the portfolio mean only.
    a_flat = anon_m * T + anon_t
    a_count = np.bincount(a_flat, minlength=M * T).reshape(M, T).cumsum(axis=1)
    a_total = (
        np.bincount(a_flat, weights=anon_y.astype(float), minlength=M * T)
        .reshape(M, T)
        .cumsum(axis=1)
    )
    projects = np.asarray(proj_of_rater, dtype=np.int64)
    n_projects = len(answers)

    contexts: dict[str, Context] = {}
    default = Context()
    for t, period in enumerate(all_periods):
        if t == 0:
            contexts[period] = default
            continue
        c = count[:, :, t - 1]
        tot = total[:, :, t - 1]
        q = sq[:, t - 1]
        n = c.sum(axis=1)
        n_all = int(n.sum() + a_count[:, t - 1].sum())
        if n_all < min_answers:
            contexts[period] = default
            continue
        modes = _mode_effects(c, tot, n)
        beta = np.asarray(modes)
        adj_sum = tot.sum(axis=1) - c @ beta
        adj_sq = q - 2 * (tot @ beta) + c @ (beta**2)
        rep = n >= 2
        dof = float((n[rep] - 1).sum())
        within = float((adj_sq[rep] - adj_sum[rep] ** 2 / n[rep]).sum())
        prior_dof = 20.0
        noise2 = (within + prior_dof * default.noise_sd**2) / (dof + prior_dof)
        seen = n >= 1
        rater_mean = np.where(seen, adj_sum / np.maximum(n, 1), 0.0)
        p_n = np.bincount(projects[seen], weights=n[seen], minlength=n_projects)
        p_sum = np.bincount(projects[seen], weights=adj_sum[seen], minlength=n_projects)
        p_raters = np.bincount(projects[seen], minlength=n_projects)
        p_mean = np.where(p_n > 0, p_sum / np.maximum(p_n, 1), 0.0)
        # Spread between people on a project: E[(mean_r − mean_p)²] ≈ σ_r²·(1 − 1/k) + noise/n_r.
        multi = seen & (p_raters[projects] >= 2) & (n >= 2)
        if multi.sum() >= 10:
            d2 = (rater_mean[multi] - p_mean[projects[multi]]) ** 2 - noise2 / n[multi]
            k = p_raters[projects[multi]]
            rater2 = float(np.mean(d2 / (1 - 1 / k)))
        else:
            rater2 = default.rater_sd**2
        rater2 = min(max(rater2, 0.05), 6.0)
        has = p_n > 0
        if has.sum() >= 5:
            level2 = float(np.var(p_mean[has], ddof=1)) - float(
                np.mean(noise2 / p_n[has] + rater2 / np.maximum(p_raters[has], 1))
            )
        else:
            level2 = default.level_sd**2
        level2 = min(max(level2, 0.05), 6.0)
        anon_adj = float(a_total[:, t - 1].sum() - a_count[:, t - 1] @ beta)
        mean = (float(adj_sum.sum()) + anon_adj) / n_all
        contexts[period] = Context(
            mean=mean,
            level_sd=math.sqrt(level2),
            rater_sd=math.sqrt(rater2),
            noise_sd=math.sqrt(max(noise2, 0.04)),
            modes=tuple(float(b) for b in modes),
            answers=n_all,
        )
    return contexts


def _mode_effects(c: np.ndarray, tot: np.ndarray, n: np.ndarray) -> tuple[float, ...]:
    """Within-person fixed-effects estimate of the modes' effects (meeting = 0)."""
    keep = n >= 2
    if keep.sum() == 0:
        return (0.0,) * len(MODES)
    c, tot, n = c[keep], tot[keep], n[keep].astype(float)
    x = c[:, 1:].astype(float)  # counts of the non-reference modes
    ys = tot.sum(axis=1)
    a = np.diag(x.sum(axis=0)) - np.einsum("ri,rj->ij", x / n[:, None], x)
    b = tot[:, 1:].sum(axis=0) - (x * (ys / n)[:, None]).sum(axis=0)
    effects = [0.0] * (len(MODES) - 1)
    usable = [i for i in range(len(MODES) - 1) if a[i, i] >= 10]
    if usable:
        sub = np.ix_(usable, usable)
        try:
            solved = np.linalg.solve(a[sub], b[usable])
        except np.linalg.LinAlgError:
            solved = np.zeros(len(usable))
        for i, v in zip(usable, solved, strict=True):
            effects[i] = float(np.clip(v, -3.0, 3.0))
    return (0.0, *effects)
