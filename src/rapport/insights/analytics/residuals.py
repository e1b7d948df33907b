"""Step 2 of the early warning for a whole portfolio at once: ``warning.residual_series`` of
every project, month by month over all projects together (numpy), with the same results.

``residual_series`` walks one project's months in Python; a full recompute calls it for 2,000
projects over 60 months, half a million answers, one at a time. Here each month is one set of
array operations over every project's answers of that month. The arithmetic is the same, term
by term and in the same order, so the results are identical, not merely close:

- every per-answer term is the same IEEE operation on the same operands (numpy's ``+ - * /``
  round exactly as Python's);
- the sums over a month's answers (Σ 1/var, Σ residual/var, Σ score, Σ usual) are
  ``np.bincount`` over the answers in their original order, which adds them one by one from
  0.0, as the loop does;
- the running sums that later months read (a project's and a person's sum of adjusted scores
  over the baseline months) get each answer added, and later taken away, with ``np.add.at`` /
  ``np.subtract.at`` in the order the loop uses: answers in their order within a month, and an
  answer leaves at the first of the project's months more than ``baseline_months`` after its
  own, oldest first.

Counts (answers, people, expected and answered people) are whole numbers. Months must be sorted
and distinct per project (``increasing``; they are month spans), else ``evaluate_warning`` uses
the per-project loop.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from itertools import pairwise, repeat
from typing import TYPE_CHECKING, Any

import numpy as np

from rapport.insights.analytics.portfolio_context import MODES, Context
from rapport.insights.analytics.types import month_index
from rapport.insights.analytics.warning_types import PeriodResidual, WarningSettings, columns_of

if TYPE_CHECKING:
    from rapport.insights.analytics.warning_types import Answer


def residual_series_all(
    answers: Mapping[Any, Sequence[Answer]],
    months: Mapping[Any, Sequence[str]],
    contexts: Mapping[str, Context],
    *,
    countable: Mapping[Any, set[str]] | None = None,
    settings: WarningSettings | None = None,
) -> dict[Any, list[PeriodResidual]]:
    """``{pid: residual_series(answers[pid], months[pid], contexts, countable=…)}`` for every
    project in ``months`` (``countable`` None: silence counts in every month)."""
    settings = settings or WarningSettings()
    pids = list(months)
    if not all(increasing(months[pid]) for pid in pids):
        raise ValueError("Each project's months must be sorted and distinct.")
    periods = sorted({p for pid in pids for p in months[pid]})
    if not periods:
        return {pid: [] for pid in pids}
    g_of = {p: g for g, p in enumerate(periods)}
    number = np.array([month_index(p) for p in periods], dtype=np.int64)
    n_p, n_g = len(pids), len(periods)
    active = np.zeros((n_p, n_g), dtype=bool)
    counts_silence = np.zeros((n_p, n_g), dtype=bool)
    own_months: list[np.ndarray] = []  # each project's months as global indices
    for i, pid in enumerate(pids):
        gs = np.fromiter((g_of[p] for p in months[pid]), dtype=np.int64, count=len(months[pid]))
        own_months.append(gs)
        active[i, gs] = True
        if countable is None:
            counts_silence[i, gs] = True
        else:
            allowed = countable.get(pid, set())
            counts_silence[i, [g_of[p] for p in months[pid] if p in allowed]] = True

    # The answers that the loop reads (those in one of their project's months), in the order it
    # reads them: by month, then project, then as given. People are numbered per project in the
    # order the loop first meets them (ties in ``silent``'s sort by name keep that order).
    mode_code = {m: i for i, m in enumerate(MODES)}  # another mode: len(MODES), effect 0
    other = len(MODES)
    parts: list[tuple[np.ndarray, ...]] = []
    names: list[Any] = []
    person_proj: list[int] = []
    for i, pid in enumerate(pids):
        rows = answers.get(pid, ())
        if not rows:
            continue
        r_period, r_score, r_who, r_mode = columns_of(rows)
        gs = np.fromiter(map(g_of.get, r_period, repeat(-1)), dtype=np.int64, count=len(rows))
        keep = gs >= 0
        keep[keep] = active[i, gs[keep]]
        read = np.flatnonzero(keep)
        if not len(read):
            continue
        gs = gs[read]
        first_met = read[np.argsort(gs, kind="stable")]
        people = list(dict.fromkeys(map(r_who.__getitem__, first_met.tolist())))
        if None in people:
            people.remove(None)
        number_of = dict(zip(people, range(len(names), len(names) + len(people)), strict=True))
        names += people
        person_proj += [i] * len(people)
        n_rows = len(rows)
        codes = np.fromiter(map(mode_code.get, r_mode, repeat(other)), np.int64, n_rows)
        # (an answer not read may name nobody known: -1, like an anonymous one; dropped below)
        numbers = np.fromiter(map(number_of.get, r_who, repeat(-1)), np.int64, n_rows)
        parts.append(
            (
                np.full(len(read), i, dtype=np.int64),
                gs,
                np.asarray(r_score, dtype=float)[read],
                codes[read],
                numbers[read],
            )
        )
    if parts:
        proj, month, score, mode, who = (np.concatenate(c) for c in zip(*parts, strict=True))
    else:
        proj = month = mode = who = np.zeros(0, dtype=np.int64)
        score = np.zeros(0)
    order = np.argsort(month * n_p + proj, kind="stable")
    proj, month, score, mode, who = proj[order], month[order], score[order], mode[order], who[order]
    n_people = len(names)
    owner = np.asarray(person_proj, dtype=np.int64)
    # When each answer leaves the baseline: the first of its project's months more than
    # ``baseline_months`` after its own (never, past the project's last month).
    # (Each project's months in one sorted array, keyed by project then month number.)
    span = int(number[-1] - number[0]) + settings.baseline_months + 2
    own_g = np.concatenate(own_months) if own_months else np.zeros(0, dtype=np.int64)
    own_p = np.repeat(np.arange(n_p), [len(gs) for gs in own_months])
    keys = own_p * span + (number[own_g] - number[0])
    ends = np.cumsum([len(gs) for gs in own_months])
    wanted = proj * span + (number[month] - number[0]) + settings.baseline_months + 1
    at = np.searchsorted(keys, wanted, side="left")
    found = at < ends[proj]
    leaves = np.full(len(order), n_g, dtype=np.int64)
    leaves[found] = own_g[at[found]]
    starts = np.searchsorted(month, np.arange(n_g + 1), side="left")
    leave_order = np.argsort(leaves, kind="stable")  # by month left, then as added
    leave_starts = np.searchsorted(leaves[leave_order], np.arange(n_g + 1), side="left")

    proj_n = np.zeros(n_p, dtype=np.int64)
    proj_sum = np.zeros(n_p)
    person_n = np.zeros(n_people, dtype=np.int64)
    person_sum = np.zeros(n_people)
    last_seen = np.full(n_people, np.iinfo(np.int64).min // 2, dtype=np.int64)
    adjusted = np.zeros(len(order))
    shape = (n_p, n_g)
    out_n = np.zeros(shape, dtype=np.int64)
    out_wsum, out_wres = np.zeros(shape), np.zeros(shape)
    out_raw, out_usual = np.zeros(shape), np.zeros(shape)
    out_people = np.zeros(shape, dtype=np.int64)
    out_expected = np.zeros(shape, dtype=np.int64)
    out_answered = np.zeros(shape, dtype=np.int64)
    out_past_e = np.zeros(shape, dtype=np.int64)
    out_past_a = np.zeros(shape, dtype=np.int64)
    silent: dict[tuple[int, int], tuple[Any, ...]] = {}
    default = Context()
    for g, period in enumerate(periods):
        t = int(number[g])
        ctx = contexts.get(period) or default
        noise2, rater2, spread2, w0, w0_mean, kr, modes = ctx.terms
        # Answers leaving the baseline this month, oldest first.
        gone = leave_order[leave_starts[g] : leave_starts[g + 1]]
        if len(gone):
            np.subtract.at(proj_sum, proj[gone], adjusted[gone])
            np.subtract.at(proj_n, proj[gone], 1)
            left = gone[who[gone] >= 0]
            np.subtract.at(person_sum, who[left], adjusted[left])
            np.subtract.at(person_n, who[left], 1)
        # The expected and answered counts of the baseline months before this one.
        first = int(np.searchsorted(number, t - settings.baseline_months, side="left"))
        out_past_e[:, g] = out_expected[:, first:g].sum(axis=1)
        out_past_a[:, g] = out_answered[:, first:g].sum(axis=1)
        here = slice(starts[g], starts[g + 1])
        p = proj[here]
        w = who[here]
        y = score[here]
        effect = np.array([*(modes.get(m, 0.0) for m in MODES), 0.0])[mode[here]]
        adj = y - effect
        adjusted[here] = adj
        usual_level = (proj_sum + w0_mean) / (proj_n + w0)
        level_var = spread2 / (proj_n + w0)
        ul, lv = usual_level[p], level_var[p]
        k = np.zeros(len(w), dtype=np.int64)  # an anonymous answer has no baseline of its own
        named_now = w >= 0
        k[named_now] = person_n[w[named_now]]
        has = k > 0
        base = ul.copy()
        base_var = rater2 + lv
        if has.any():
            kh = k[has]
            base[has] = (person_sum[w[has]] + kr * ul[has]) / (kh + kr)
            base_var[has] = 1.0 / (kh / noise2 + 1.0 / (rater2 + lv[has]))
        var = noise2 + base_var
        out_n[:, g] = np.bincount(p, minlength=n_p)
        out_wsum[:, g] = np.bincount(p, weights=1.0 / var, minlength=n_p)
        out_wres[:, g] = np.bincount(p, weights=(adj - base) / var, minlength=n_p)
        out_raw[:, g] = np.bincount(p, weights=y, minlength=n_p)
        out_usual[:, g] = np.bincount(p, weights=base + effect, minlength=n_p)
        answered_now = np.zeros(n_people, dtype=bool)
        answered_now[w[w >= 0]] = True
        out_people[:, g] = np.bincount(owner[answered_now], minlength=n_p) if n_people else 0
        # Silence: people of the project who answered within the last ``expected_months``.
        if n_people:
            since = t - last_seen
            expected = (since >= 1) & (since <= settings.expected_months)
            expected &= counts_silence[owner, g]
            out_expected[:, g] = np.bincount(owner[expected], minlength=n_p)
            quiet = np.flatnonzero(expected & ~answered_now)
            out_answered[:, g] = out_expected[:, g] - np.bincount(owner[quiet], minlength=n_p)
            by_project: dict[int, list[Any]] = {}
            for q, i in zip(quiet.tolist(), owner[quiet].tolist(), strict=True):
                by_project.setdefault(i, []).append(names[q])  # in the order first met
            for i, quiet_names in by_project.items():
                silent[(i, g)] = tuple(sorted(quiet_names, key=str))
        # Only now: this month's answers shape later months' baselines.
        np.add.at(proj_sum, p, adj)
        proj_n += out_n[:, g]
        named = w >= 0
        np.add.at(person_sum, w[named], adj[named])
        np.add.at(person_n, w[named], 1)
        last_seen[w[named]] = t

    n = out_n
    empty = n == 0
    with np.errstate(divide="ignore", invalid="ignore"):
        columns = {
            "residual": out_wres / out_wsum,
            "variance": 1.0 / out_wsum,
            "raw_mean": out_raw / n,
            "usual": out_usual / n,
        }
    shown = {}
    for name, values in columns.items():
        boxed = values.astype(object)
        boxed[empty] = None  # no answers: no residual
        shown[name] = boxed
    quiet_people = np.empty(shape, dtype=object)
    quiet_people.fill(())
    for (i, g), who_ in silent.items():
        quiet_people[i, g] = who_
    make = partial(tuple.__new__, PeriodResidual)
    result: dict[Any, list[PeriodResidual]] = {}
    for i, pid in enumerate(pids):
        gs = own_months[i]
        result[pid] = list(
            map(
                make,
                zip(
                    [periods[g] for g in gs.tolist()],
                    n[i, gs].tolist(),
                    shown["residual"][i, gs].tolist(),
                    shown["variance"][i, gs].tolist(),
                    shown["raw_mean"][i, gs].tolist(),
                    shown["usual"][i, gs].tolist(),
                    out_people[i, gs].tolist(),
                    out_expected[i, gs].tolist(),
                    out_answered[i, gs].tolist(),
                    quiet_people[i, gs].tolist(),
                    out_past_e[i, gs].tolist(),
                    out_past_a[i, gs].tolist(),
                    counts_silence[i, gs].tolist(),
                    strict=True,
                ),
            )
        )
    return result


def increasing(values: Sequence[str]) -> bool:
    """Whether ``values`` are sorted and distinct."""
    return all(a < b for a, b in pairwise(values))
