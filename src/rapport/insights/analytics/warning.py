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
3. ``cross_section`` and ``portfolio_months`` (analytics/cross_section.py): per period, from
   all projects' residuals — a portfolio-wide month effect
   (the typical project's residual, so a season or a survey change that moves everyone is not a
   decline of one project), the dispersion of standardised residuals (earlier periods only) and
   the portfolio's response rate (earlier periods only); then, from the projects in control (a
   first pass of step 4 tells which projects' statistic stood at zero the month before), the
   month effect again (their biweight mean, with its variance) and the month's response against
   each project's usual (``portfolio_months``).
4. ``detect``: CUSUMs of log-likelihood ratios, S_t = max(0, S_{t−1} + ℓ_t), over the scores
   alone and over scores and silence together; the larger alarms once per run above
   ``threshold``. The threshold comes from ``calibrate`` (analytics/calibration.py): simulated
   steady portfolios, drawn over a broad range of team sizes, response rates, rater spreads,
   noise and mode mixes, run through these same four steps, and the smallest threshold whose
   false-alarm rate per project-year is at most the target.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from rapport.insights.analytics.cross_section import CrossSection as CrossSection
from rapport.insights.analytics.cross_section import (
    PortfolioMonths,
    cross_section,
    portfolio_months,
    usual_response,
)
from rapport.insights.analytics.evidence import evidence_of
from rapport.insights.analytics.portfolio_context import (
    Context,
    portfolio_contexts,
)
from rapport.insights.analytics.residuals import increasing, residual_series_all
from rapport.insights.analytics.types import month_index
from rapport.insights.analytics.warning_types import Answer as Answer
from rapport.insights.analytics.warning_types import AnswerColumns as AnswerColumns
from rapport.insights.analytics.warning_types import PeriodResidual as PeriodResidual
from rapport.insights.analytics.warning_types import Step as Step
from rapport.insights.analytics.warning_types import WarningSettings as WarningSettings

RULE = "early_warning"


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

    This runs once per project and month of the whole portfolio, so months are whole numbers
    here and each context's constants are worked out once (``Context.terms``); the arithmetic is
    the formulas' own, in the same order, so the results do not depend on these shortcuts.
    """
    s = settings or WarningSettings()
    by_period: dict[str, list[Answer]] = defaultdict(list)
    for a in answers:
        by_period[a.period].append(a)
    baseline_months, expected_months = s.baseline_months, s.expected_months
    # (month, respondent, mode-adjusted score), oldest first
    history: deque[tuple[int, Any, float]] = deque()
    person_n: dict[Any, int] = defaultdict(int)
    person_sum: dict[Any, float] = defaultdict(float)
    last_seen: dict[Any, int] = {}  # respondent → the month they last answered
    proj_n = 0
    proj_sum = 0.0
    counts: deque[tuple[int, int, int]] = deque()  # (month, expected, answered)
    past_e = past_a = 0  # the sums of ``counts``' expected and answered
    default = Context()
    out: list[PeriodResidual] = []
    for period in months:
        t = month_index(period)
        ctx = contexts.get(period) or default
        noise2, rater2, spread2, w0, w0_mean, kr, modes = ctx.terms
        while history and t - history[0][0] > baseline_months:
            _, who, adj = history.popleft()
            proj_n -= 1
            proj_sum -= adj
            if who is not None:
                person_n[who] -= 1
                person_sum[who] -= adj
        while counts and t - counts[0][0] > baseline_months:
            _, e, n_a = counts.popleft()
            past_e -= e
            past_a -= n_a
        # The project's usual level, shrunk towards the portfolio's (weight: noise over spread).
        usual_level = (proj_sum + w0_mean) / (proj_n + w0)
        level_var = spread2 / (proj_n + w0)
        rows = by_period.get(period, ())
        wsum = wres = raw = usual_sum = 0.0
        people: set[Any] = set()
        adjusted: list[float] = []
        for a in rows:
            mode = modes.get(a.mode, 0.0)
            score = a.score
            adj = score - mode
            adjusted.append(adj)
            who = a.respondent
            k = person_n.get(who, 0) if who is not None else 0
            if k:
                base = (person_sum[who] + kr * usual_level) / (k + kr)
                base_var = 1.0 / (k / noise2 + 1.0 / (rater2 + level_var))
            else:
                base = usual_level
                base_var = rater2 + level_var
            var = noise2 + base_var
            wsum += 1.0 / var
            wres += (adj - base) / var
            raw += score
            usual_sum += base + mode
            if who is not None:
                people.add(who)
        is_countable = countable is None or period in countable
        n_exp = n_ans = 0
        silent: tuple[Any, ...] = ()
        if is_countable and last_seen:
            expected = [who for who, last in last_seen.items() if 1 <= t - last <= expected_months]
            if expected:
                n_exp = len(expected)
                silent = tuple(sorted((w for w in expected if w not in people), key=str))
                n_ans = n_exp - len(silent)
        n = len(rows)
        out.append(
            PeriodResidual(
                period,
                n,
                wres / wsum if n else None,
                1.0 / wsum if n else None,
                raw / n if n else None,
                usual_sum / n if n else None,
                len(people),
                n_exp,
                n_ans,
                silent,
                past_e,
                past_a,
                is_countable,
            )
        )
        if n_exp:
            counts.append((t, n_exp, n_ans))
            past_e += n_exp
            past_a += n_ans
        # Only now: this month's answers shape later months' baselines.
        for a, adj in zip(rows, adjusted, strict=True):
            who = a.respondent
            history.append((t, who, adj))
            proj_n += 1
            proj_sum += adj
            if who is not None:
                person_n[who] += 1
                person_sum[who] += adj
                last_seen[who] = t
    return out


# --- 4. The sequential test ----------------------------------------------------------------------


def detect(
    series: Sequence[PeriodResidual],
    cross: Mapping[str, CrossSection],
    threshold: float,
    settings: WarningSettings | None = None,
) -> list[Step]:
    """One alarm per run of the statistic above ``threshold``.

    The statistic is the larger of two CUSUMs of log-likelihood ratios: one over the scores alone
    (ℓ_scores), one over scores and silence together (ℓ_scores + ℓ_silence). The first keeps a
    customer who still answers, but lower, from being masked by a normal response; the second
    sees people falling silent, with or without lower scores (a month nobody answers has no
    ℓ_scores at all). A third CUSUM over silence alone was tried and dropped: it raised the
    calibrated level more than it added (docs/insights.md).
    """
    s = settings or WarningSettings()
    delta = s.shift
    m = s.own_dispersion_weight
    ratio = s.silence_ratio
    default = CrossSection()
    score_sum = scores_and_silence = 0.0  # the two CUSUMs
    # The project's own dispersion, from its better-than-usual months only (a decline does not
    # make the project look noisier), shrunk towards the portfolio's.
    own_sum = 0.0
    own_count = 0
    run_start: str | None = None
    alarmed = False
    run: list[tuple[PeriodResidual, float]] = []
    steps: list[Step] = []
    history = PortfolioMonths(s.baseline_months)
    for r in series:
        period = r.period
        cs = cross.get(period) or default
        factor = cs.response_factor
        usual = None
        llr_s = 0.0
        resid = None
        residual, variance = r.residual, r.variance
        if r.n and residual is not None and variance is not None:
            resid = residual - cs.effect
            dispersion = (own_sum + m * cs.dispersion) / (own_count + m)
            var = variance * dispersion + cs.effect_variance
            llr_s = -delta * (resid + delta / 2) / var
            if resid > 0:
                own_sum += resid * resid / variance
                own_count += 1
        llr_r = 0.0
        expected = r.expected
        if expected and r.countable:
            t = month_index(period)
            usual = usual_response(r, cs, history.adjustment(t))
            q0 = min(max(usual * factor, 0.05), 0.97)
            if factor != 1.0:
                history.add(t, r, factor)
            q1 = q0 * ratio
            answered = r.answered
            llr_r = answered * math.log(q1 / q0) + (expected - answered) * math.log(
                (1 - q1) / (1 - q0)
            )
        score_sum = score_sum + llr_s
        if not score_sum > 0.0:
            score_sum = 0.0
        scores_and_silence = scores_and_silence + llr_s + llr_r
        if not scores_and_silence > 0.0:
            scores_and_silence = 0.0
        stat = scores_and_silence if scores_and_silence > score_sum else score_sum
        if stat <= 0:
            run_start, alarmed, run = None, False, []
        else:
            if run_start is None:
                run_start = period
            run.append((r, resid if resid is not None else math.nan))
        alarm = stat > threshold and not alarmed
        evidence: dict[str, Any] = {}
        if alarm:
            alarmed = True
            if usual is None:  # no silence counted this month: the usual as it stands
                usual = usual_response(r, cs, history.adjustment(month_index(period)))
            evidence = evidence_of(run, r, stat, threshold, s, usual, factor)
        steps.append(Step(period, llr_s, llr_r, stat, run_start, alarm, evidence))
    return steps


# --- The four steps over a portfolio --------------------------------------------------------------


@dataclass
class PortfolioWarning:
    """Everything one run learnt: the per-period portfolio quantities and each project's steps.

    ``contexts`` and ``cross`` are all a later run needs to evaluate one project again without the
    rest of the portfolio (``run_portfolio(..., contexts=..., cross=...)``).
    """

    contexts: dict[str, Context]
    cross: dict[str, CrossSection]
    steps: dict[Any, list[Step]]


def run_portfolio(
    answers: Mapping[Any, Sequence[Answer]],
    months: Mapping[Any, Sequence[str]],
    threshold: float,
    *,
    countable: Mapping[Any, set[str]] | None = None,
    settings: WarningSettings | None = None,
    contexts: Mapping[str, Context] | None = None,
    cross: Mapping[str, CrossSection] | None = None,
) -> dict[Any, list[Step]]:
    """The four steps over a whole portfolio (the harness and the calibration use this)."""
    return evaluate_warning(
        answers,
        months,
        threshold,
        countable=countable,
        settings=settings,
        contexts=contexts,
        cross=cross,
    ).steps


def evaluate_warning(
    answers: Mapping[Any, Sequence[Answer]],
    months: Mapping[Any, Sequence[str]],
    threshold: float,
    *,
    countable: Mapping[Any, set[str]] | None = None,
    settings: WarningSettings | None = None,
    contexts: Mapping[str, Context] | None = None,
    cross: Mapping[str, CrossSection] | None = None,
) -> PortfolioWarning:
    """The four steps; stored ``contexts`` and ``cross`` skip steps 1 and 3 (one project again).

    A period missing from stored quantities uses the latest earlier one (a new month since the
    last full run), or the defaults.
    """
    s = settings or WarningSettings()
    periods = sorted({p for ms in months.values() for p in ms})
    if contexts is None:
        contexts = portfolio_contexts(answers, periods, s)
    else:
        contexts = _carry_forward(contexts, periods, Context())
    if all(increasing(ms) for ms in months.values()):
        # residual_series of every project, all projects a month at a time (the same numbers).
        series = residual_series_all(answers, months, contexts, countable=countable, settings=s)
    else:
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
    if cross is None:
        cross = cross_section(series)
        first = {pid: detect(rows, cross, threshold, s) for pid, rows in series.items()}
        cross = portfolio_months(series, cross, first, s)
    else:
        # A month since the last full run: its response is not known yet, so none is assumed.
        cross = {
            p: c if p in cross else replace(c, response_factor=1.0)
            for p, c in _carry_forward(cross, periods, CrossSection()).items()
        }
    steps = {pid: detect(rows, cross, threshold, s) for pid, rows in series.items()}
    return PortfolioWarning(dict(contexts), dict(cross), steps)


def _carry_forward(
    stored: Mapping[str, Any], periods: Sequence[str], default: Any
) -> dict[str, Any]:
    out = dict(stored)
    known = sorted(stored)
    for period in periods:
        if period in out:
            continue
        earlier = [p for p in known if p < period]
        out[period] = stored[earlier[-1]] if earlier else default
    return out
