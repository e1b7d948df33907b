"""Early warning: one calibrated sequential test over score residuals and silence.

The model of a steady project (docs/insights.md, "Early warning"): person r on project p answers
in month t, by mode m (meeting, call or email),

    score = level_p + offset_r + mode_m + noise,

and each person who answered in the last ``expected_months`` months answers again with the
project's usual probability q₀. A deterioration lowers the scores by about ``shift`` points, or
the response probability by the factor ``silence_ratio``, or both.

Four steps, each using only data from earlier periods (no look-ahead):

1. ``portfolio_contexts``: per period, portfolio quantities learnt from all earlier answers —
   mode effects (a within-person fixed-effects estimate, so a harsh rater who answers by email
   does not make email look harsh), the spread between people, the noise of one person's answers
   from month to month, and the portfolio's mean.
2. ``residual_series``: per project and month, each answer minus what that person usually gives
   (their own past answers on the project, shrunk towards the project's usual level, adjusted for
   the mode), pooled with weights into one residual with its variance; and the silence count —
   how many of the people who answered recently answered now.
3. ``cross_section``: per period, from all projects' residuals — a portfolio-wide month effect
   (the median project's residual, so a season or a survey change that moves everyone is not a
   decline of one project), the dispersion of standardised residuals (earlier periods only) and
   the portfolio's response rate (earlier periods only).
4. ``detect``: a CUSUM of log-likelihood ratios, S_t = max(0, S_{t−1} + ℓ_scores + ℓ_silence),
   that alarms once per run when S_t exceeds ``threshold``. The threshold comes from
   ``calibrate``: simulated steady portfolios, drawn over a broad range of team sizes, response
   rates, rater spreads, noise and mode mixes, run through these same four steps, and the
   smallest threshold whose false-alarm rate per project-year is at most the target.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from rapport.insights.analytics.types import months_between

MODES = ("meeting", "call", "email")
RULE = "early_warning"


@dataclass(frozen=True)
class Answer:
    period: str
    score: float
    respondent: int | str | None = None  # None: anonymous, no personal baseline
    mode: str = "meeting"


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


@dataclass(frozen=True)
class WarningSettings:
    shift: float = 1.5  # the decline (points) the score part is tuned to detect
    silence_ratio: float = 0.5  # the response probability under a decline, relative to usual
    baseline_months: int = 12  # how far back "usual" looks
    expected_months: int = 6  # who answered within this many months is expected to answer
    false_alarms_per_year: float = 0.1  # target; the threshold is calibrated to it
    min_context_answers: int = 60  # below this, portfolio quantities keep their defaults


@dataclass(frozen=True)
class PeriodResidual:
    period: str
    n: int = 0  # answers
    residual: float | None = None  # weighted mean of (answer − what that person usually gives)
    variance: float | None = None  # its variance under "no change", before dispersion
    raw_mean: float | None = None
    usual: float | None = None  # what the same people usually give, in the same modes
    people: int = 0
    expected: int = 0  # people expected to answer (answered in the recent months)
    answered: int = 0  # of those, how many did
    silent: tuple[Any, ...] = ()  # who was expected and did not answer
    past_expected: int = 0  # the project's own history of the same counts (baseline months)
    past_answered: int = 0
    countable: bool = True  # whether silence counts this month (the month is over)


@dataclass(frozen=True)
class CrossSection:
    """Per period: the portfolio-wide month effect, dispersion and response rate."""

    effect: float = 0.0
    dispersion: float = 1.0
    response: float = 0.7


@dataclass(frozen=True)
class Step:
    period: str
    llr_scores: float
    llr_silence: float
    statistic: float
    run_start: str | None
    alarm: bool
    evidence: dict[str, Any] = field(default_factory=dict)


# --- 1. Portfolio context ------------------------------------------------------------------------


def portfolio_contexts(
    answers: Mapping[Any, Sequence[Answer]],
    periods: Iterable[str],
    settings: WarningSettings | None = None,
) -> dict[str, Context]:
    """Context for each period from every answer in EARLIER periods (numpy, one pass)."""
    s = settings or WarningSettings()
    all_periods = sorted(set(periods) | {a.period for rows in answers.values() for a in rows})
    if not all_periods:
        return {}
    t_index = {p: i for i, p in enumerate(all_periods)}
    T, M = len(all_periods), len(MODES)
    rater_index: dict[tuple[Any, Any], int] = {}
    proj_of_rater: list[int] = []
    r_col, t_col, m_col, y_col, p_col = [], [], [], [], []
    anon_t, anon_m, anon_y = [], [], []
    for p_i, (pid, rows) in enumerate(answers.items()):
        for a in rows:
            m = MODES.index(a.mode) if a.mode in MODES else 0
            if a.respondent is None:
                anon_t.append(t_index[a.period])
                anon_m.append(m)
                anon_y.append(a.score)
                continue
            key = (pid, a.respondent)
            r = rater_index.get(key)
            if r is None:
                r = rater_index[key] = len(proj_of_rater)
                proj_of_rater.append(p_i)
            r_col.append(r)
            t_col.append(t_index[a.period])
            m_col.append(m)
            y_col.append(a.score)
            p_col.append(p_i)
    R = len(proj_of_rater)
    r_arr = np.asarray(r_col, dtype=np.int64)
    t_arr = np.asarray(t_col, dtype=np.int64)
    m_arr = np.asarray(m_col, dtype=np.int64)
    y_arr = np.asarray(y_col, dtype=float)
    cells = R * M * T
    flat = (r_arr * M + m_arr) * T + t_arr
    count = np.bincount(flat, minlength=cells).reshape(R, M, T).cumsum(axis=2)
    total = np.bincount(flat, weights=y_arr, minlength=cells).reshape(R, M, T).cumsum(axis=2)
    sq = np.bincount(r_arr * T + t_arr, weights=y_arr**2, minlength=R * T).reshape(R, T)
    sq = sq.cumsum(axis=1)
    # Anonymous answers count towards the portfolio mean only.
    a_flat = np.asarray(anon_m, dtype=np.int64) * T + np.asarray(anon_t, dtype=np.int64)
    a_count = np.bincount(a_flat, minlength=M * T).reshape(M, T).cumsum(axis=1)
    a_total = (
        np.bincount(a_flat, weights=np.asarray(anon_y, dtype=float), minlength=M * T)
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
        if n_all < s.min_context_answers:
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


# --- 2. Residuals per project --------------------------------------------------------------------


def residual_series(
    answers: Sequence[Answer],
    months: Sequence[str],
    contexts: Mapping[str, Context],
    *,
    countable: set[str] | None = None,
    settings: WarningSettings | None = None,
) -> list[PeriodResidual]:
    """One residual per month in ``months`` (sorted), each from earlier months' baselines only.

    ``countable``: the months in which silence counts (None: all). A month with nobody
    expected and nobody answering still gets an entry (n = 0).
    """
    s = settings or WarningSettings()
    by_period: dict[str, list[Answer]] = defaultdict(list)
    for a in answers:
        by_period[a.period].append(a)
    history: deque[tuple[str, Any, float]] = deque()  # (period, respondent, mode-adjusted score)
    person_n: dict[Any, int] = defaultdict(int)
    person_sum: dict[Any, float] = defaultdict(float)
    last_seen: dict[Any, str] = {}
    proj_n = 0
    proj_sum = 0.0
    counts: deque[tuple[str, int, int]] = deque()  # (period, expected, answered)
    out: list[PeriodResidual] = []
    for period in months:
        ctx = contexts.get(period) or Context()
        while history and months_between(history[0][0], period) > s.baseline_months:
            _, who, adj = history.popleft()
            proj_n -= 1
            proj_sum -= adj
            if who is not None:
                person_n[who] -= 1
                person_sum[who] -= adj
        while counts and months_between(counts[0][0], period) > s.baseline_months:
            counts.popleft()
        noise2 = ctx.noise_sd**2
        rater2 = ctx.rater_sd**2
        # The project's usual level, shrunk towards the portfolio's (weight: noise over spread).
        level_prior = ctx.level_sd**2 + rater2 / 3
        w0 = (noise2 + rater2) / level_prior
        usual_level = (proj_sum + w0 * ctx.mean) / (proj_n + w0)
        level_var = (noise2 + rater2) / (proj_n + w0)
        rows = by_period.get(period, [])
        wsum = wres = raw = usual_sum = 0.0
        people: set[Any] = set()
        for a in rows:
            mode = ctx.mode_effect(a.mode)
            adj = a.score - mode
            who = a.respondent
            k = person_n.get(who, 0) if who is not None else 0
            if k:
                kr = noise2 / rater2
                base = (person_sum[who] + kr * usual_level) / (k + kr)
                base_var = 1.0 / (k / noise2 + 1.0 / (rater2 + level_var))
            else:
                base = usual_level
                base_var = rater2 + level_var
            var = noise2 + base_var
            wsum += 1.0 / var
            wres += (adj - base) / var
            raw += a.score
            usual_sum += base + mode
            if who is not None:
                people.add(who)
        expected = [
            who
            for who, last in last_seen.items()
            if 1 <= months_between(last, period) <= s.expected_months
        ]
        answered_now = {a.respondent for a in rows if a.respondent is not None}
        is_countable = countable is None or period in countable
        n_exp = len(expected) if is_countable else 0
        n_ans = sum(1 for who in expected if who in answered_now) if is_countable else 0
        past_e = sum(c[1] for c in counts)
        past_a = sum(c[2] for c in counts)
        silent = tuple(sorted((w for w in expected if w not in answered_now), key=str))
        n = len(rows)
        out.append(
            PeriodResidual(
                period=period,
                n=n,
                residual=wres / wsum if n else None,
                variance=1.0 / wsum if n else None,
                raw_mean=raw / n if n else None,
                usual=usual_sum / n if n else None,
                people=len(people),
                expected=n_exp,
                answered=n_ans,
                silent=silent if is_countable else (),
                past_expected=past_e,
                past_answered=past_a,
                countable=is_countable,
            )
        )
        if is_countable and n_exp:
            counts.append((period, n_exp, n_ans))
        for a in rows:  # only now: this month's answers shape later months' baselines
            adj = a.score - ctx.mode_effect(a.mode)
            history.append((period, a.respondent, adj))
            proj_n += 1
            proj_sum += adj
            if a.respondent is not None:
                person_n[a.respondent] += 1
                person_sum[a.respondent] += adj
                last_seen[a.respondent] = period
    return out


# --- 3. Cross-section ----------------------------------------------------------------------------


def _shorth_mean(values: Sequence[float]) -> float:
    """Mean of the shortest interval holding half the values: the typical project's residual.

    Unlike the mean or even the median, it stays with the steady majority when a sizeable
    minority of projects declines at the same time.
    """
    x = np.sort(np.asarray(values, dtype=float))
    h = len(x) // 2 + 1
    if len(x) < 4:
        return float(np.median(x))
    widths = x[h - 1 :] - x[: len(x) - h + 1]
    i = int(np.argmin(widths))
    return float(x[i : i + h].mean())


def cross_section(
    series: Mapping[Any, Sequence[PeriodResidual]], *, prior_weight: float = 3.0
) -> dict[str, CrossSection]:
    """Month effect (same month, all projects), dispersion and response rate (earlier months).

    The dispersion is read from the projects that did better than usual only: declining projects
    sit on the other side, so they do not make the steady ones look noisier.
    """
    by_period: dict[str, list[PeriodResidual]] = defaultdict(list)
    for rows in series.values():
        for r in rows:
            by_period[r.period].append(r)
    out: dict[str, CrossSection] = {}
    z2_upper: list[float] = []
    exp_total = ans_total = 0
    for period in sorted(by_period):
        rows = by_period[period]
        scored = [r for r in rows if r.n and r.residual is not None]
        if scored:
            typical = _shorth_mean([r.residual for r in scored])
            effect = typical * len(scored) / (len(scored) + prior_weight)
        else:
            effect = 0.0
        if len(z2_upper) >= 20:
            # The median of z² for a standard normal z is 0.4549, on either half.
            dispersion = min(max(float(np.median(z2_upper)) / 0.4549, 0.5), 4.0)
        else:
            dispersion = 1.0
        response = (ans_total + 7.0) / (exp_total + 10.0)
        out[period] = CrossSection(effect=effect, dispersion=dispersion, response=response)
        for r in scored:
            diff = r.residual - effect
            if diff > 0:
                z2_upper.append(diff * diff / r.variance)
        for r in rows:
            exp_total += r.expected
            ans_total += r.answered
    return out


# --- 4. The sequential test ----------------------------------------------------------------------


def detect(
    series: Sequence[PeriodResidual],
    cross: Mapping[str, CrossSection],
    threshold: float,
    settings: WarningSettings | None = None,
) -> list[Step]:
    """One alarm per run of the statistic above ``threshold``.

    The statistic is the largest of three CUSUMs of log-likelihood ratios, one per way a
    relationship goes wrong: scores fall (ℓ_scores), people fall silent (ℓ_silence), or both
    (ℓ_scores + ℓ_silence). Each alone would be blind to the others: a customer who still
    answers but scores lower makes the silence term negative, and the other way round.
    """
    s = settings or WarningSettings()
    delta = s.shift
    cusums = [0.0, 0.0, 0.0]  # scores, silence, both
    run_start: str | None = None
    alarmed = False
    run: list[tuple[PeriodResidual, float]] = []
    steps: list[Step] = []
    for r in series:
        cs = cross.get(r.period) or CrossSection()
        llr_s = 0.0
        resid = None
        if r.n and r.residual is not None and r.variance is not None:
            resid = r.residual - cs.effect
            var = r.variance * cs.dispersion
            llr_s = -delta * (resid + delta / 2) / var
        llr_r = 0.0
        if r.countable and r.expected:
            q0 = (r.past_answered + 10.0 * cs.response) / (r.past_expected + 10.0)
            q0 = min(max(q0, 0.05), 0.97)
            q1 = q0 * s.silence_ratio
            llr_r = r.answered * math.log(q1 / q0) + (r.expected - r.answered) * math.log(
                (1 - q1) / (1 - q0)
            )
        cusums = [
            max(0.0, cusums[0] + llr_s),
            max(0.0, cusums[1] + llr_r),
            max(0.0, cusums[2] + llr_s + llr_r),
        ]
        stat = max(cusums)
        if stat <= 0:
            run_start, alarmed, run = None, False, []
        else:
            if run_start is None:
                run_start = r.period
            run.append((r, resid if resid is not None else float("nan")))
        alarm = stat > threshold and not alarmed
        evidence: dict[str, Any] = {}
        if alarm:
            alarmed = True
            evidence = _evidence(run, r, stat, threshold, s, cross)
        steps.append(
            Step(
                period=r.period,
                llr_scores=llr_s,
                llr_silence=llr_r,
                statistic=stat,
                run_start=run_start,
                alarm=alarm,
                evidence=evidence,
            )
        )
    return steps


def _evidence(
    run: list[tuple[PeriodResidual, float]],
    last: PeriodResidual,
    stat: float,
    threshold: float,
    s: WarningSettings,
    cross: Mapping[str, CrossSection],
) -> dict[str, Any]:
    answers = sum(r.n for r, _ in run)
    scored = [(r, e) for r, e in run if r.n and not math.isnan(e)]
    evidence: dict[str, Any] = {
        "since": run[0][0].period if run else last.period,
        "statistic": round(stat, 2),
        "threshold": round(threshold, 2),
        "false_alarms_per_year": s.false_alarms_per_year,
        "answers": answers,
    }
    if scored:
        n = sum(r.n for r, _ in scored)
        evidence["residual"] = round(sum(e * r.n for r, e in scored) / n, 2)
        evidence["mean"] = round(sum((r.raw_mean or 0) * r.n for r, _ in scored) / n, 2)
        evidence["usual"] = round(sum((r.usual or 0) * r.n for r, _ in scored) / n, 2)
    expected = sum(r.expected for r, _ in run)
    if expected:
        answered = sum(r.answered for r, _ in run)
        evidence["expected"] = expected
        evidence["answered"] = answered
        past_e, past_a = last.past_expected, last.past_answered
        response = (cross.get(last.period) or CrossSection()).response
        evidence["usual_response"] = round((past_a + 10 * response) / (past_e + 10), 2)
        evidence["silent"] = sorted({w for r, _ in run for w in r.silent}, key=str)
    return evidence


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def message(evidence: Mapping[str, Any], period: str) -> str:
    """The alarm in words: which answers, which silence, how far from usual, since when."""
    since = evidence.get("since", period)
    parts = []
    if "residual" in evidence and evidence["residual"] < 0:
        parts.append(
            f"since {since}, {_count(evidence['answers'], 'answer')} averaged "
            f"{abs(evidence['residual']):.1f} points below what the same people usually give "
            f"({evidence['mean']:.1f} against their usual {evidence['usual']:.1f}, allowing for "
            f"meeting or email)"
        )
    if evidence.get("expected"):
        e, a = evidence["expected"], evidence["answered"]
        if a < e * evidence.get("usual_response", 1.0):
            parts.append(
                f"{e - a} of {e} expected answers from people who answered before did not come "
                f"(usually {evidence['usual_response']:.0%} answer)"
            )
    if not parts:
        parts.append(f"since {since}, answers and response have been below this project's usual")
    text = "; ".join(parts)
    return (
        f"Early warning in {period}: {text[0].upper()}{text[1:]}. Evidence "
        f"{evidence['statistic']:.1f} against an alarm level of {evidence['threshold']:.1f}, set "
        f"for about {evidence['false_alarms_per_year']:g} false alarms per project-year."
    )


# --- Calibration by simulation -------------------------------------------------------------------


def _null_portfolio(
    rng: np.random.Generator, projects: int, months: int
) -> dict[int, list[Answer]]:
    """Steady projects over a broad range of teams, response, rater spread, noise and modes."""
    from rapport.insights.analytics.types import next_period

    periods = [next_period("2020-01", m) for m in range(months)]
    out: dict[int, list[Answer]] = {}
    email_bias = rng.uniform(-0.8, 0.2)
    for pid in range(projects):
        level = rng.uniform(5.5, 9.0)
        pool = int(rng.integers(2, 9))
        response = rng.uniform(0.45, 0.95)
        rater_sd = rng.uniform(0.2, 1.3)
        noise = rng.uniform(0.5, 1.4)
        shock = rng.uniform(0.0, 0.35)
        email_share = rng.uniform(0.0, 1.0)
        per_cycle = rng.random() < 0.5
        offsets = rng.normal(0, rater_sd, pool)
        start = int(rng.integers(0, months // 3))
        rows: list[Answer] = []
        for t in range(start, months):
            month_shock = rng.normal(0, shock)
            cycle_mode = "email" if rng.random() < email_share else "meeting"
            for i in range(pool):
                if rng.random() >= response:
                    continue
                mode = (
                    cycle_mode
                    if per_cycle
                    else ("email" if rng.random() < email_share else "meeting")
                )
                mu = level + offsets[i] + month_shock + (email_bias if mode == "email" else 0.0)
                score = float(min(10, max(1, round(rng.normal(mu, noise)))))
                rows.append(Answer(periods[t], score, f"{pid}-{i}", mode))
        out[pid] = rows
    return out


def run_portfolio(
    answers: Mapping[Any, Sequence[Answer]],
    months: Mapping[Any, Sequence[str]],
    threshold: float,
    *,
    countable: Mapping[Any, set[str]] | None = None,
    settings: WarningSettings | None = None,
) -> dict[Any, list[Step]]:
    """The four steps over a whole portfolio (the harness and the calibration use this)."""
    s = settings or WarningSettings()
    periods = sorted({p for ms in months.values() for p in ms})
    contexts = portfolio_contexts(answers, periods, s)
    series = {
        pid: residual_series(
            answers.get(pid, ()),
            months[pid],
            contexts,
            countable=None if countable is None else countable.get(pid, set()),
            settings=s,
        )
        for pid in months
    }
    cross = cross_section(series)
    return {pid: detect(rows, cross, threshold, s) for pid, rows in series.items()}


def _span(rows: Sequence[Answer]) -> list[str]:
    from rapport.insights.analytics.types import next_period

    if not rows:
        return []
    first = min(a.period for a in rows)
    last = max(a.period for a in rows)
    return [next_period(first, i) for i in range(months_between(first, last) + 1)]


@lru_cache(maxsize=16)
def calibrate(
    false_alarms_per_year: float = 0.1,
    settings: WarningSettings | None = None,
    *,
    projects: int = 400,
    months: int = 36,
    seed: int = 20261129,
) -> float:
    """The smallest threshold whose simulated false-alarm rate is at most the target.

    Runs simulated steady portfolios through the same four steps with no threshold, records the
    peak of every run of the statistic (one alarm per run), and reads the threshold off them.
    """
    s = settings or WarningSettings()
    rng = np.random.default_rng(seed)
    answers = _null_portfolio(rng, projects, months)
    spans = {pid: _span(rows) for pid, rows in answers.items()}
    runs = run_portfolio(answers, spans, math.inf, settings=s)
    peaks: list[float] = []
    project_months = 0
    for steps in runs.values():
        project_months += len(steps)
        peak = 0.0
        for step in steps:
            if step.statistic > 0:
                peak = max(peak, step.statistic)
            elif peak:
                peaks.append(peak)
                peak = 0.0
        if peak:
            peaks.append(peak)
    years = project_months / 12
    allowed = int(false_alarms_per_year * years)
    peaks.sort(reverse=True)
    if allowed >= len(peaks):
        return 1.0
    # Alarms happen when the statistic exceeds the threshold: sit just above the (allowed+1)th peak.
    return float(peaks[allowed]) + 1e-6
