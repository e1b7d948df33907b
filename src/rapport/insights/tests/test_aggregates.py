"""Descriptive figures: bounds, invariances and known values."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapport.insights.analytics import Observation, aggregate, csat, nps, response_rate
from rapport.insights.analytics.aggregates import top_box_share

scores = st.lists(st.integers(1, 10), min_size=1, max_size=60)
recommend = st.lists(st.integers(0, 10), min_size=1, max_size=60)


@given(recommend)
def test_nps_is_between_minus_100_and_100(values):
    assert -100 <= nps(values) <= 100


@given(recommend, st.randoms())
def test_nps_does_not_depend_on_order(values, rnd):
    shuffled = list(values)
    rnd.shuffle(shuffled)
    assert nps(shuffled) == pytest.approx(nps(values))


@given(recommend)
def test_nps_rises_when_a_detractor_becomes_a_promoter(values):
    if not any(v <= 6 for v in values):
        return
    i = next(i for i, v in enumerate(values) if v <= 6)
    better = [*values[:i], 10, *values[i + 1 :]]
    assert nps(better) > nps(values)


def test_nps_known_value():
    # 3 promoters, 2 passives, 5 detractors → 100·(3 − 5)/10
    assert nps([9, 10, 9, 7, 8, 0, 3, 6, 5, 6]) == pytest.approx(-20.0)
    assert nps([]) is None


@given(scores, st.integers(1, 10))
def test_top_box_share_is_a_share_and_monotone_in_the_threshold(values, t):
    share = top_box_share(values, t)
    assert 0 <= share <= 1
    assert top_box_share(values, min(t + 1, 10)) <= share


@given(st.lists(st.integers(1, 5), min_size=1, max_size=40))
def test_csat_is_a_percentage(values):
    assert 0 <= csat(values) <= 100


def test_csat_counts_four_and_five_and_refuses_other_scales():
    assert csat([5, 4, 3, 2]) == pytest.approx(50.0)
    with pytest.raises(ValueError):
        csat([6])


@given(st.integers(0, 200), st.integers(0, 200))
def test_response_rate_bounds(responded, invited):
    rate = response_rate(responded, invited)
    assert rate is None if invited == 0 else 0 <= rate <= 1


def test_aggregate_reports_n_mean_top_box_nps_and_response_rate():
    obs = [
        Observation(1, "2026-04", s, respondent_id=i, recommend=r)
        for i, (s, r) in enumerate([(9, 10), (8, 9), (5, 4)])
    ] + [Observation(1, "2026-05", 6)]
    rows = aggregate(
        obs, invited={(1, "2026-04"): 4, (1, "2026-05"): 2, (2, "2026-05"): 3}, with_nps=True
    )
    april, may, silent = rows[0], rows[1], rows[2]
    assert (april.n, april.mean, april.top_box) == (3, pytest.approx(22 / 3), pytest.approx(2 / 3))
    assert april.nps == pytest.approx(100 * (2 - 1) / 3) and april.nps_n == 3
    assert april.response_rate == pytest.approx(0.75)
    assert may.nps is None and may.nps_n == 0  # nobody answered the recommend question
    assert (silent.project_id, silent.n, silent.mean, silent.response_rate) == (2, 0, None, 0.0)


def test_aggregate_leaves_nps_out_unless_asked():
    rows = aggregate([Observation(1, "2026-04", 9, recommend=10)])
    assert rows[0].nps is None


def test_observation_refuses_out_of_range_values():
    with pytest.raises(ValueError):
        Observation(1, "2026-13", 5)
    with pytest.raises(ValueError):
        Observation(1, "2026-01", 11)
    with pytest.raises(ValueError):
        Observation(1, "2026-01", 5, complexity=6)
