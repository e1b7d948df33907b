"""Roadmap rules: RICE, quick wins, ordering and capability waves (with hypothesis properties)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapport.roadmap.planning import (
    Candidate,
    Capability,
    assign_waves,
    is_quick_win,
    may_start_next_wave,
    order_candidates,
    plan_waves,
    rice,
)


def test_rice_is_reach_times_relief_times_confidence_over_effort():
    assert rice(200, 4, 0.5, 2) == pytest.approx(200.0)
    assert rice(0, 3, 1, 1) == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((-1, 3, 0.5, 1), "Reach"),
        ((10, 0, 0.5, 1), "Pain relief"),
        ((10, 6, 0.5, 1), "Pain relief"),
        ((10, 3, 1.5, 1), "Confidence"),
        ((10, 3, 0.5, 0), "Effort must be above 0"),
        ((10, 3, 0.5, -2), "Effort"),
    ],
)
def test_rice_refuses_values_out_of_range(args, message):
    with pytest.raises(ValueError, match=message):
        rice(*args)


@pytest.mark.parametrize(
    ("relief", "effort", "quick"),
    [(4, 1, True), (5, 0.5, True), (3.9, 0.5, False), (4, 1.01, False), (5, 3, False)],
)
def test_quick_win_needs_high_relief_and_at_most_one_person_month(relief, effort, quick):
    assert is_quick_win(relief, effort) is quick


def test_ordering_example():
    big = Candidate("big", reach=500, pain_relief=3, confidence=0.8, effort=6)  # 200
    quick = Candidate("quick", reach=10, pain_relief=5, confidence=0.5, effort=1)  # 25
    mid = Candidate("mid", reach=100, pain_relief=2, confidence=1, effort=2)  # 100
    tie = Candidate("a-tie", reach=100, pain_relief=2, confidence=1, effort=2)  # 100
    assert [c.key for c in order_candidates([big, mid, quick, tie])] == [
        "quick",
        "big",
        "a-tie",
        "mid",
    ]


candidates = st.lists(
    st.builds(
        Candidate,
        key=st.text(alphabet="abcdefgh", min_size=1, max_size=4),
        reach=st.integers(0, 1000),
        pain_relief=st.integers(1, 5),
        confidence=st.sampled_from([0.1, 0.5, 0.8, 1.0]),
        effort=st.sampled_from([0.25, 0.5, 1, 1.5, 3, 6]),
    ),
    max_size=25,
    unique_by=lambda c: c.key,
)


@given(candidates)
def test_quick_wins_always_come_before_everything_else(items):
    ordered = order_candidates(items)
    flags = [c.quick_win for c in ordered]
    assert flags == sorted(flags, reverse=True)


@given(candidates)
def test_ordering_is_a_permutation_and_rice_descends_within_each_group(items):
    ordered = order_candidates(items)
    assert sorted(ordered, key=lambda c: c.key) == sorted(items, key=lambda c: c.key)
    for group in (True, False):
        scores = [c.score for c in ordered if c.quick_win is group]
        assert scores == sorted(scores, reverse=True)


@given(candidates, st.randoms(use_true_random=False))
def test_ordering_is_deterministic_whatever_the_input_order(items, rnd):
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert order_candidates(shuffled) == order_candidates(items)


capabilities = st.lists(
    st.builds(
        Capability,
        key=st.uuids().map(str),
        customers=st.lists(st.sampled_from("ABCD"), min_size=1, max_size=3, unique=True).map(tuple),
        build_months=st.sampled_from([0.5, 1, 2, 3, 6]),
    ),
    max_size=20,
)


@given(capabilities, st.integers(1, 3))
def test_the_cap_per_customer_per_wave_is_never_exceeded(items, cap):
    waves = assign_waves(items, cap=cap)
    for wave in waves:
        for customer in "ABCD":
            assert sum(customer in item.customers for item in wave) <= cap
    assert sorted(i.key for w in waves for i in w) == sorted(i.key for i in items)


@given(capabilities, st.integers(1, 3), st.sampled_from([1.5, 2.0, 3.0]), st.floats(0.1, 1.0))
def test_a_wave_never_starts_before_the_last_reaches_the_adoption_threshold(
    items, cap, factor, threshold
):
    waves = plan_waves(items, cap=cap, adoption_factor=factor, threshold=threshold)
    for before, after in itertools.pairwise(waves):
        assert after.build_start >= before.build_end
        assert before.adoption_at(after.build_start) >= threshold - 1e-9
        # and it is not held longer than needed
        assert after.build_start == pytest.approx(before.threshold_reached_at)
    for wave in waves:
        build = wave.build_end - wave.build_start
        assert wave.adoption_end - wave.build_end == pytest.approx(factor * build)
        assert wave.adoption_end - wave.build_end > build  # adoption is the longer window


def test_default_waves_two_per_customer_and_adoption_twice_the_build():
    items = [Capability(f"c{i}", ("A",), build_months=2) for i in range(5)]
    waves = plan_waves(items)
    assert [len(w.items) for w in waves] == [2, 2, 1]
    first, second, _ = waves
    assert (first.build_start, first.build_end, first.adoption_end) == (0, 2, 6)
    assert second.build_start == pytest.approx(2 + 0.6 * 4)


def test_bad_wave_settings_are_refused():
    with pytest.raises(ValueError, match="cap"):
        assign_waves([Capability("x", ("A",), 1)], cap=0)
    with pytest.raises(ValueError, match="longer than building"):
        plan_waves([], adoption_factor=1)
    with pytest.raises(ValueError, match="listed twice"):
        assign_waves([Capability("x", ("A",), 1), Capability("x", ("B",), 1)])
    with pytest.raises(ValueError, match="Build time"):
        assign_waves([Capability("x", ("A",), 0)])


def test_measured_adoption_gates_the_next_wave():
    assert not may_start_next_wave(0.59)
    assert may_start_next_wave(0.6)
    assert may_start_next_wave(0.5, threshold=0.5)
    with pytest.raises(ValueError):
        may_start_next_wave(1.2)
