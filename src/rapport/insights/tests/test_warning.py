"""The calibrated early warning: residuals by person and mode, silence, one test, no look-ahead."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from rapport.insights.analytics.calibration import _null_portfolio, _span, calibrate
from rapport.insights.analytics.evidence import message
from rapport.insights.analytics.harness import (
    COMBINED,
    LEGACY,
    SCENARIOS,
    answers_of,
    run_scenario,
)
from rapport.insights.analytics.portfolio_context import portfolio_contexts
from rapport.insights.analytics.residuals import residual_series_all
from rapport.insights.analytics.signals import evaluate_series, points_from_scores
from rapport.insights.analytics.synthetic import generate
from rapport.insights.analytics.types import next_period
from rapport.insights.analytics.warning import (
    Answer,
    AnswerColumns,
    evaluate_warning,
    residual_series,
    run_portfolio,
)
from rapport.insights.early_warning import collected_months, run
from rapport.insights.loading import PortfolioData, ProjectInfo

MONTHS = [next_period("2024-01", i) for i in range(24)]
H = 4.8  # a typical calibrated level; these tests are about the mechanics


def _steady_portfolio(extra: dict[int, list[Answer]] | None = None) -> dict[int, list[Answer]]:
    """Twenty steady projects of four people each, to give the portfolio a context."""
    rng = np.random.default_rng(7)
    out: dict[int, list[Answer]] = {}
    for pid in range(100, 120):
        habits = rng.normal(0, 0.8, 4)
        out[pid] = [
            Answer(m, float(np.clip(round(rng.normal(7.5 + h, 0.9)), 1, 10)), f"{pid}-{i}")
            for m in MONTHS
            for i, h in enumerate(habits)
            if rng.random() < 0.85
        ]
    out.update(extra or {})
    return out


def _steps(answers, pid, months=MONTHS, countable=None):
    spans = {p: months for p in answers}
    return run_portfolio(answers, spans, H, countable=countable)[pid]


def test_the_month_the_harsh_rater_answered_alone_is_not_a_decline():
    # Ann usually gives 9, Bob (harsh) usually 5. In the last month only Bob answers: the raw
    # mean falls by 2 points, but each person scored as they always do.
    rows = []
    for m in MONTHS[:-1]:
        rows += [Answer(m, 9.0, "ann"), Answer(m, 5.0, "bob")]
    rows.append(Answer(MONTHS[-1], 5.0, "bob"))
    steps = _steps(_steady_portfolio({1: rows}), 1)
    assert not any(s.alarm for s in steps)
    assert steps[-1].llr_scores < 0  # evidence of no change, not of a decline
    # The month-on-month drop rule, reading raw means, would have fired.
    scores: dict[str, list[float]] = {}
    for a in rows:
        scores.setdefault(a.period, []).append(a.score)
    points, sums = points_from_scores(scores)
    last = evaluate_series(points, sumsq=sums)[-1]
    assert "drop" in {s.rule for s in last.signals}


def test_a_real_decline_by_the_same_people_raises_one_alarm_with_its_evidence():
    rows = []
    for i, m in enumerate(MONTHS):
        late = i >= 18
        rows += [Answer(m, 6.0 if late else 9.0, "ann"), Answer(m, 3.0 if late else 6.0, "bob")]
    steps = _steps(_steady_portfolio({1: rows}), 1)
    alarms = [s for s in steps if s.alarm]
    assert [s.period for s in alarms] == [MONTHS[18]]  # once, in the first month of the decline
    evidence = alarms[0].evidence
    assert evidence["since"] == MONTHS[18] and evidence["residual"] == pytest.approx(-3, abs=0.6)
    assert evidence["usual"] == pytest.approx(7.5, abs=0.5)
    text = message(evidence, MONTHS[18])
    assert f"since {MONTHS[18]}, 2 answers averaged" in text.lower()
    assert "below what the same people usually give" in text
    assert "0.1 false alarms per project-year" in text


def test_mode_effects_are_learnt_within_people():
    # Email answers are one point lower than the same person's meeting answers.
    rng = np.random.default_rng(3)
    answers: dict[int, list[Answer]] = {}
    for pid in range(30):
        rows = []
        for i in range(3):
            habit = rng.normal(0, 1.0)
            for m in MONTHS[:12]:
                mode = "email" if rng.random() < 0.5 else "meeting"
                mu = 7.5 + habit - (1.0 if mode == "email" else 0.0)
                rows.append(Answer(m, float(rng.normal(mu, 0.5)), f"{pid}-{i}", mode))
        answers[pid] = rows
    context = portfolio_contexts(answers, MONTHS[:12])[MONTHS[11]]
    assert context.mode_effect("email") == pytest.approx(-1.0, abs=0.15)
    assert context.mode_effect("meeting") == 0.0
    assert context.noise_sd == pytest.approx(0.5, abs=0.15)
    assert context.rater_sd == pytest.approx(1.0, abs=0.35)


def test_people_falling_silent_raise_the_alarm_on_imported_history():
    rows = [Answer(m, 8.0, f"p{i}") for m in MONTHS[:20] for i in range(5)]
    rows += [Answer(m, 8.0, "p0") for m in MONTHS[20:]]  # four of five stop answering
    steps = _steps(_steady_portfolio({1: rows}), 1)
    alarms = [s for s in steps if s.alarm]
    assert alarms and alarms[0].period in MONTHS[20:22]
    evidence = alarms[0].evidence
    assert evidence["expected"] >= 5 and evidence["answered"] < evidence["expected"] / 2
    assert sorted(evidence["silent"]) == ["p1", "p2", "p3", "p4"]
    assert "expected answers from people who answered before did not come" in message(
        evidence, alarms[0].period
    )


def test_silence_does_not_count_in_months_that_are_not_countable():
    rows = [Answer(m, 8.0, f"p{i}") for m in MONTHS[:20] for i in range(5)]
    answers = _steady_portfolio({1: rows})
    countable = {p: set(MONTHS[:20]) for p in answers}
    steps = _steps(answers, 1, countable=countable)
    assert not any(s.alarm for s in steps)


def test_no_look_ahead_appending_months_never_changes_earlier_steps():
    spec = replace(SCENARIOS["reference"], projects=40, seed=5)
    portfolio = generate(spec)
    answers = answers_of(portfolio.observations)
    full = run_portfolio(answers, {p: portfolio.periods for p in answers}, H)
    for cut in (8, 15):
        kept = portfolio.periods[:cut]
        early = {p: [a for a in rows if a.period in kept] for p, rows in answers.items()}
        part = run_portfolio(early, {p: kept for p in early}, H)
        for pid, steps in part.items():
            assert steps == full[pid][:cut]


def test_the_threshold_is_calibrated_to_the_target_on_fresh_steady_portfolios():
    strict, usual = calibrate(0.05), calibrate(0.1)
    assert strict > usual > 0
    rng = np.random.default_rng(99)  # not the calibration's seed
    answers = _null_portfolio(rng, 300, 36)
    runs = run_portfolio(answers, {p: _span(rows) for p, rows in answers.items()}, usual)
    alarms = sum(s.alarm for steps in runs.values() for s in steps)
    years = sum(len(steps) for steps in runs.values()) / 12
    assert alarms / years <= 0.2  # target 0.1; a fresh sample varies around it


def test_the_combined_test_beats_the_old_rules_on_false_alarms_at_similar_detection():
    result = run_scenario("reference", replace(SCENARIOS["reference"], projects=80), seed=4)
    assert result.false_alarm_rate(COMBINED) <= 0.25
    assert result.false_alarm_rate(LEGACY) > 3 * result.false_alarm_rate(COMBINED)
    assert result.detection(COMBINED) >= result.detection(LEGACY) - 0.15
    assert abs(result.corr_theta_steady) <= 0.15


def test_residuals_use_each_persons_own_usual():
    rows = [Answer(m, 9.0, "ann") for m in MONTHS[:6]] + [Answer(MONTHS[6], 9.0, "ann")]
    contexts = portfolio_contexts(_steady_portfolio(), MONTHS)
    series = residual_series(rows, MONTHS[:7], contexts)
    assert series[-1].residual == pytest.approx(0.0, abs=0.6)  # 9 is Ann's usual
    assert series[-1].usual == pytest.approx(9.0, abs=0.6)
    assert not math.isnan(series[-1].variance)


def _data(rows_by_project, cycles, current):
    projects = {
        pid: ProjectInfo(pid, f"P{pid}", 1, "C", "G", 3, "hq", "active") for pid in rows_by_project
    }
    data = PortfolioData(projects=projects, current_period=current)
    data.warning_answers = rows_by_project
    data.scores = {
        pid: {a.period: [a.score] for a in rows} for pid, rows in rows_by_project.items()
    }
    data.cycle_periods = cycles
    return data


def test_the_tail_after_an_imported_history_is_not_silence():
    # The history ends in 2025-12 for every project; "today" is six months later.
    answers = _steady_portfolio()
    data = _data(answers, {}, current="2026-06")
    assert max(collected_months(data)) == "2025-12"
    result = run(data)
    assert all(months[-1] == "2025-12" for months in result.months.values())
    assert all(period <= "2025-12" for fired in result.signals.values() for period in fired)


def test_a_project_that_stopped_answering_while_the_others_went_on_is_silence():
    rows = [Answer(m, 8.0, f"p{i}") for m in MONTHS[:18] for i in range(4)]
    data = _data(_steady_portfolio({1: rows}), {}, current="2026-01")
    result = run(data)
    assert result.months[1][-1] == "2025-12"  # on to the portfolio's last collected month
    fired = result.signals[1]
    assert min(fired) in MONTHS[18:20]
    signal = fired[min(fired)]
    assert signal.rule == "early_warning" and signal.evidence["silent"] == 4
    assert "did not come" in signal.message


def test_one_project_again_from_stored_context_gives_the_same_steps():
    rows = [
        Answer(m, 8.0 if i < 18 else 5.0, f"p{k}") for i, m in enumerate(MONTHS) for k in (1, 2)
    ]
    answers = _steady_portfolio({1: rows})
    spans = {p: MONTHS for p in answers}
    full = evaluate_warning(answers, spans, H)
    again = evaluate_warning({1: rows}, {1: MONTHS}, H, contexts=full.contexts, cross=full.cross)
    assert again.steps[1] == full.steps[1]
    assert any(s.alarm for s in again.steps[1])
    # A month after the last full run borrows the latest stored quantities.
    later = evaluate_warning(
        {1: rows}, {1: [*MONTHS, "2026-01"]}, H, contexts=full.contexts, cross=full.cross
    )
    assert later.steps[1][:-1] == full.steps[1]


def test_the_portfolio_wide_residuals_are_exactly_each_projects_own():
    # residual_series_all (all projects a month at a time) must give residual_series' numbers
    # to the last bit, silence and its countable months included, and anonymous answers too.
    rng = np.random.default_rng(11)
    answers = _null_portfolio(rng, 60, 30)
    answers[900] = [Answer(m, float(5 + i % 4), None, "email") for i, m in enumerate(MONTHS)]
    spans = {pid: _span(rows) for pid, rows in answers.items()}
    spans[901] = MONTHS[:5]  # a project with months and no answers
    countable = {pid: set(months[::3]) for pid, months in spans.items()}
    periods = sorted({p for months in spans.values() for p in months})
    contexts = portfolio_contexts(answers, periods)
    for silence in (None, countable):
        together = residual_series_all(answers, spans, contexts, countable=silence)
        for pid, months in spans.items():
            alone = residual_series(
                answers.get(pid, ()),
                months,
                contexts,
                countable=None if silence is None else silence.get(pid, set()),
            )
            assert together[pid] == alone


def test_the_portfolio_wide_residuals_of_anonymous_answers_only():
    answers = {
        pid: [Answer(m, float(4 + (i + pid) % 6), None, "email") for i, m in enumerate(MONTHS)]
        for pid in (1, 2)
    }
    spans = {pid: MONTHS for pid in answers}
    contexts = portfolio_contexts(answers, MONTHS)
    together = residual_series_all(answers, spans, contexts)
    assert all(together[pid] == residual_series(answers[pid], MONTHS, contexts) for pid in spans)


def test_answers_held_as_columns_give_the_same_early_warning_as_answer_tuples():
    # The recompute's loading keeps each project's answers as four columns (AnswerColumns);
    # every step must read them exactly as it reads lists of Answer tuples.
    rng = np.random.default_rng(5)
    answers = _null_portfolio(rng, 40, 24)
    answers[900] = [Answer(m, float(5 + i % 4), None, "email") for i, m in enumerate(MONTHS)]
    answers[901] = []
    columns: dict[int, AnswerColumns] = {}
    for pid, rows in answers.items():
        columns[pid] = AnswerColumns()
        for answer in rows:
            columns[pid].append(answer)
        assert list(columns[pid]) == rows and columns[pid] == rows
        assert [columns[pid][i] for i in range(len(rows))] == rows
    assert columns[900][1:3] == answers[900][1:3]
    spans = {pid: _span(rows) or MONTHS[:3] for pid, rows in answers.items()}
    as_tuples = evaluate_warning(answers, spans, H)
    as_columns = evaluate_warning(columns, spans, H)
    assert as_columns.contexts == as_tuples.contexts
    assert as_columns.cross == as_tuples.cross
    assert as_columns.steps == as_tuples.steps


def _holiday(answers: dict[int, list[Answer]], month: str) -> dict[int, list[Answer]]:
    """Every project's answers with only its first person answering in ``month``."""
    return {
        pid: [a for a in rows if a.period != month or str(a.respondent).endswith("-0")]
        for pid, rows in answers.items()
    }


def test_a_month_when_the_whole_portfolio_answers_less_is_not_a_decline_of_each_project():
    answers = _steady_portfolio()
    holiday = MONTHS[20]
    quiet = _holiday(answers, holiday)
    spans = {p: MONTHS for p in answers}
    result = evaluate_warning(quiet, spans, H)
    factor = result.cross[holiday].response_factor
    assert 0.2 <= factor < 0.5  # one of four people answered, where about 85 % usually do
    assert all(result.cross[m].response_factor == 1.0 for m in MONTHS[:20])

    def silence_alarms(steps_by_project) -> int:
        return sum(
            s.alarm and s.llr_silence > 0
            for steps in steps_by_project.values()
            for s in steps
            if s.period == holiday
        )

    assert silence_alarms(result.steps) == 0
    # Without the month's factor the same silence reads as a decline on several projects.
    plain = {p: replace(c, response_factor=1.0) for p, c in result.cross.items()}
    unadjusted = evaluate_warning(quiet, spans, H, contexts=result.contexts, cross=plain)
    assert silence_alarms(unadjusted.steps) >= 3


def test_a_project_that_goes_silent_in_a_holiday_month_and_stays_silent_is_still_flagged():
    holiday = MONTHS[18]
    rows = [Answer(m, 8.0, f"1-{i}") for m in MONTHS[:18] for i in range(5)]
    rows += [Answer(m, 8.0, "1-0") for m in MONTHS[18:]]  # four of five stop answering
    answers = _holiday(_steady_portfolio({1: rows}), holiday)
    steps = _steps(answers, 1)
    alarms = [s for s in steps if s.alarm]
    assert alarms and alarms[0].period in MONTHS[18:21]
    evidence = alarms[0].evidence
    assert sorted(evidence["silent"]) == ["1-1", "1-2", "1-3", "1-4"]
    if alarms[0].period == holiday:
        assert evidence["portfolio_response"] < 0.5
        assert "across the portfolio" in message(evidence, holiday)


def test_a_holiday_month_in_the_history_does_not_lower_the_projects_usual_response():
    # After a holiday month, a project whose people all stop answering is judged against what
    # they gave in ordinary months: its usual response is not pulled down by the holiday.
    holiday = MONTHS[10]
    rows = [Answer(m, 8.0, f"1-{i}") for m in MONTHS[:20] for i in range(4)]
    answers = _holiday(_steady_portfolio({1: rows}), holiday)
    steps = _steps(answers, 1)
    alarm = next(s for s in steps if s.alarm)
    assert alarm.evidence["usual_response"] >= 0.9  # all four answered in every other month
    assert "portfolio_response" not in alarm.evidence


@pytest.mark.parametrize("scenario", ["holiday silence", "turnover"])
def test_no_look_ahead_with_portfolio_months_and_people_who_leave(scenario):
    spec = replace(SCENARIOS[scenario], projects=40, seed=3)
    portfolio = generate(spec)
    answers = answers_of(portfolio.observations)
    full = evaluate_warning(answers, {p: portfolio.periods for p in answers}, H)
    if scenario == "holiday silence":
        assert all(full.cross[p].response_factor < 0.8 for p in portfolio.periods if p[5:] == "12")
    for cut in (8, 12, 20):  # 2025-08 and 2025-12 are holidays
        kept = portfolio.periods[:cut]
        early = {p: [a for a in rows if a.period in kept] for p, rows in answers.items()}
        part = evaluate_warning(early, {p: kept for p in early}, H)
        for pid, steps in part.steps.items():
            # The same steps, to the last bits of a float summed in another order.
            for step, same in zip(steps, full.steps[pid][:cut], strict=True):
                assert step._replace(llr_scores=0.0, statistic=0.0) == same._replace(
                    llr_scores=0.0, statistic=0.0
                )
                assert step.llr_scores == pytest.approx(same.llr_scores, abs=1e-9)
                assert step.statistic == pytest.approx(same.statistic, abs=1e-9)
        for period in kept:
            assert part.cross[period].response_factor == full.cross[period].response_factor
            assert part.cross[period].effect == pytest.approx(full.cross[period].effect, abs=1e-9)


def test_one_project_again_from_stored_context_keeps_the_portfolio_months():
    holiday = MONTHS[10]
    rows = [Answer(m, 8.0, f"1-{i}") for m in MONTHS[:20] for i in range(4)]
    answers = _holiday(_steady_portfolio({1: rows}), holiday)
    spans = {p: MONTHS for p in answers}
    full = evaluate_warning(answers, spans, H)
    assert full.cross[holiday].response_factor < 1.0
    again = evaluate_warning(
        {1: answers[1]}, {1: MONTHS}, H, contexts=full.contexts, cross=full.cross
    )
    assert again.steps[1] == full.steps[1]
    # A month after the last full run: its response is not known, so none is assumed.
    later = evaluate_warning(
        {1: answers[1]}, {1: [*MONTHS, "2026-01"]}, H, contexts=full.contexts, cross=full.cross
    )
    assert later.steps[1][:-1] == full.steps[1]


def _shifted(answers, pids, since, by):
    return {
        pid: [
            a._replace(score=a.score + by) if pid in pids and a.period >= since else a for a in rows
        ]
        for pid, rows in answers.items()
    }


def test_a_shift_of_every_project_is_the_months_and_not_a_decline_of_each():
    answers = _steady_portfolio()
    moved = _shifted(answers, set(answers), MONTHS[18], -1.5)
    spans = {p: MONTHS for p in moved}
    result = evaluate_warning(moved, spans, H)
    assert result.cross[MONTHS[18]].effect < -1.0
    assert result.cross[MONTHS[18]].effect_variance > 0.0

    def alarms(steps_by_project) -> int:
        return sum(s.alarm for steps in steps_by_project.values() for s in steps[18:20])

    # Without the month effect, most of the twenty projects would be flagged.
    plain = {p: replace(c, effect=0.0) for p, c in result.cross.items()}
    unadjusted = evaluate_warning(moved, spans, H, contexts=result.contexts, cross=plain)
    assert alarms(result.steps) <= 2 and alarms(unadjusted.steps) >= 10


def test_a_minority_declining_together_does_not_move_the_month_effect_and_is_flagged():
    answers = _steady_portfolio()
    falling = set(range(100, 106))  # 6 of 20 projects lose 2.5 points in the same month
    moved = _shifted(answers, falling, MONTHS[18], -2.5)
    result = evaluate_warning(moved, {p: MONTHS for p in moved}, H)
    for month in MONTHS[18:21]:
        assert abs(result.cross[month].effect) < 0.4
    flagged = {pid for pid, steps in result.steps.items() if any(s.alarm for s in steps[18:20])}
    assert len(flagged & falling) >= 5 and not flagged - falling
