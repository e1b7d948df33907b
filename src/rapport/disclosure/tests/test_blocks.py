"""Release blocks (pure): disjoint, at least k people each, stable as time passes, and no
combination of figures over whole blocks isolates anyone."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.disclosure.blocks import (
    Answer,
    Level,
    Round,
    distinct_lower_bound,
    partition,
    quarter_of,
)
from rapport.disclosure.tests.attacker import Release, attack, rolling_means

K = 5
PERIODS = [f"2026-{m:02d}" for m in range(1, 10)]


@st.composite
def portfolios(draw):
    """Customers with projects, each with a few feedback-givers, answering month by month."""
    rounds, answers, persons, scores = [], [], {}, {}
    person_ids = iter(range(1, 10_000))
    round_ids = iter(range(1, 10_000))
    for customer in range(draw(st.integers(1, 3))):
        for project in range(draw(st.integers(1, 3))):
            project_id = customer * 10 + project
            people = [next(person_ids) for _ in range(draw(st.integers(1, 7)))]
            culture = draw(st.sampled_from(["confidential", "anonymous"]))
            months = draw(st.integers(1, len(PERIODS)))
            for period in PERIODS[:months]:
                round_id = next(round_ids)
                final = draw(st.booleans()) if period == PERIODS[months - 1] else True
                known = culture == "confidential" or draw(st.booleans())
                rounds.append(
                    Round(
                        round_id,
                        project_id,
                        customer,
                        period,
                        final,
                        frozenset(people) if known and culture == "anonymous" else None,
                    )
                )
                for person in people:
                    if draw(st.integers(0, 3)) == 0:
                        continue  # did not answer this month
                    answer_id = f"r{round_id}p{person}"
                    answers.append(
                        Answer(answer_id, round_id, person if culture == "confidential" else None)
                    )
                    persons[answer_id] = person
                    scores[answer_id] = draw(st.integers(1, 10))
    return rounds, answers, persons, scores


def _releases_over_blocks(cut, rounds):
    """Every way Rapport shows protected figures: each block alone; per project, rolling
    12-month windows over its released project-level blocks (health); per customer and month,
    everything released that month (charter); the portfolio per month."""
    releases = []
    for block in cut.released():
        releases.append(Release(block.key, block.answer_ids, block.size, None))
    by_project = defaultdict(list)
    by_customer_month = defaultdict(set)
    by_month = defaultdict(set)
    for block in cut.released():
        if block.level != Level.CUSTOMER:
            by_project[block.project_id].append(block)
        by_customer_month[(block.customer_id, block.release_period)] |= block.answer_ids
        by_month[block.release_period] |= block.answer_ids
    for project_id, blocks in by_project.items():
        for period in PERIODS:
            window = [
                b
                for b in blocks
                if b.release_period <= period
                and PERIODS.index(b.release_period) > PERIODS.index(period) - 12
            ]
            ids = frozenset().union(*(b.answer_ids for b in window)) if window else frozenset()
            releases.append(Release(f"window {project_id} {period}", ids, len(ids), None))
    for key, ids in [*by_customer_month.items(), *by_month.items()]:
        releases.append(Release(f"total {key}", frozenset(ids), len(ids), None))
    return releases


@settings(max_examples=150, deadline=None)
@given(portfolios(), st.sampled_from(["2026-06", "2026-09", "2026-12"]))
def test_blocks_are_disjoint_large_enough_and_unbreakable(portfolio, today):
    rounds, answers, persons, _ = portfolio
    cut = partition(answers, rounds, today=today, k=K)
    seen: set = set()
    for block in cut.blocks.values():
        assert seen.isdisjoint(block.answer_ids)
        seen |= block.answer_ids
        real_people = len({persons[a] for a in block.answer_ids})
        # The lower bound never over-counts: anonymous answers are counted cautiously.
        assert block.respondents <= real_people
        if block.released:
            assert block.respondents >= K
    result = attack(_releases_over_blocks(cut, rounds), [a.id for a in answers], persons)
    assert result.isolated == []
    assert result.smallest_atom is None or result.smallest_atom >= K


@settings(max_examples=100, deadline=None)
@given(portfolios())
def test_a_released_block_never_changes_later(portfolio):
    """What a reader saw stays a sum over whole blocks: later months only add blocks."""
    rounds, answers, _, _ = portfolio
    early = partition(answers, rounds, today="2026-06", k=K)
    late = partition(answers, rounds, today="2026-12", k=K)
    for key, block in early.blocks.items():
        if block.released:
            assert late.blocks[key] == block


def test_a_small_project_is_pooled_over_the_quarter_then_over_the_customer():
    rounds = [
        Round(1, 10, 1, "2026-01", True),
        Round(2, 10, 1, "2026-02", True),
        Round(3, 11, 1, "2026-01", True),
        Round(4, 11, 1, "2026-04", False),
    ]
    answers = [Answer(f"a{p}", 1, p) for p in (1, 2, 3)] + [Answer(f"b{p}", 2, p) for p in (1, 2)]
    answers += [Answer(f"c{p}", 3, p) for p in (7, 8)]
    cut = partition(answers, rounds, today="2026-05", k=K)
    # Project 10 has 3 people over the quarter: too few; with project 11's two, five.
    block = cut.block_of("a1")
    assert block is not None and block.level == Level.CUSTOMER and block.released
    assert block.answer_ids == {"a1", "a2", "a3", "b1", "b2", "c7", "c8"}
    assert block.respondents == 5 and block.release_period == "2026-03"
    # The open April round holds nothing back from Q1, and is not released itself.
    assert quarter_of("2026-04") == "2026-Q2" and cut.block_of("d1") is None


def test_a_round_of_k_people_is_released_when_it_closes_not_before():
    rounds = [Round(1, 10, 1, "2026-05", False)]
    answers = [Answer(f"a{p}", 1, p) for p in range(5)]
    assert partition(answers, rounds, today="2026-05", k=K).block_of("a1") is None
    rounds = [Round(1, 10, 1, "2026-05", True)]
    block = partition(answers, rounds, today="2026-05", k=K).block_of("a1")
    assert block is not None and block.level == Level.ROUND and block.released


def test_anonymous_people_are_counted_cautiously():
    # Two rounds of 3 answers from the same 3 invited people are 3 people, not 6.
    assert distinct_lower_bound([(3, frozenset({1, 2, 3})), (3, frozenset({1, 2, 3}))]) == 3
    # Rounds whose invited people differ cannot share respondents.
    assert distinct_lower_bound([(3, frozenset({1, 2, 3})), (2, frozenset({4, 5}))]) == 5
    # Unknown invitees: only the largest round counts.
    assert distinct_lower_bound([(3, None), (4, None)]) == 4


def test_a_rolling_mean_over_raw_answers_is_broken_by_the_attacker():
    """The leak of the issue: n=1, mean 8 then n=2, mean 7.5 gives away the second answer."""
    answers = [("x", "project", "2026-01", 8.0), ("y", "project", "2026-02", 7.0)]
    result = attack(rolling_means(answers), ["x", "y"], {"x": 1, "y": 2})
    assert set(result.isolated) == {"x", "y"}


@settings(max_examples=60, deadline=None)
@given(portfolios())
def test_the_attacker_breaks_rolling_means_whenever_a_month_has_few_answers(portfolio):
    """The attacker has teeth: over the same portfolios, a naive monthly rolling mean leaks."""
    rounds, answers, persons, scores = portfolio
    project_of = {r.id: r.project_id for r in rounds}
    period_of = {r.id: r.period for r in rounds}
    raw = [
        (a.id, str(project_of[a.round_id]), period_of[a.round_id], scores[a.id]) for a in answers
    ]
    result = attack(rolling_means(raw), [a.id for a in answers], persons)
    # The first month with answers in any project is a window on its own: if it holds fewer
    # than k people, the attacker reaches a group smaller than k.
    first = defaultdict(set)
    for answer_id, project, period, _ in raw:
        first[(project, period)].add(persons[answer_id])
    firsts = {}
    for (project, _period), people in sorted(first.items()):
        firsts.setdefault(project, people)
    if any(len(people) < K for people in firsts.values()):
        assert result.smallest_atom is not None and result.smallest_atom < K


def test_too_few_people_in_a_finished_quarter_is_final_not_waiting():
    rounds = [Round(1, 10, 1, "2026-01", True), Round(2, 10, 1, "2026-04", True)]
    answers = [Answer("a1", 1, 1), Answer("a2", 1, 2), Answer("b1", 2, 1)]
    cut = partition(answers, rounds, today="2026-05", k=K)
    finished = cut.block_of("a1")
    assert finished is not None and not finished.released and finished.complete
    # The second quarter is still under way: nothing is cut for it yet.
    assert cut.block_of("b1") is None
