"""Barrier scoring as pure functions, and the pictures built from it."""

from __future__ import annotations

import pytest
from django.utils.translation import override
from hypothesis import given
from hypothesis import strategies as st

from rapport.readiness.barriers import (
    ACTIVE_AT,
    BARRIERS,
    STATEMENT_KEYS,
    active_barriers,
    barrier_scores,
    movement,
    radar_svg,
    sparkline_svg,
    validate_ratings,
)


def all_ratings(value: int) -> dict[str, int]:
    return dict.fromkeys(STATEMENT_KEYS, value)


def test_six_barriers_with_three_distinct_statements_each():
    assert [b.key for b in BARRIERS] == [
        "organization",
        "time",
        "poor_scores",
        "transparency",
        "harmony",
        "ranking",
    ]
    assert len(STATEMENT_KEYS) == 18 == len({s for b in BARRIERS for s in b.statements})


def test_barrier_score_is_the_mean_of_its_three_statements():
    ratings = all_ratings(1) | {"time.1": 5, "time.2": 4, "time.3": 2}
    scores = barrier_scores(ratings)
    assert scores["time"] == pytest.approx(11 / 3)
    assert scores["ranking"] == 1


@pytest.mark.parametrize(("values", "active"), [((4, 3, 4), True), ((3, 4, 3), False)])
def test_a_barrier_is_active_from_three_and_a_half(values, active):
    ratings = all_ratings(1) | dict(
        zip(["harmony.1", "harmony.2", "harmony.3"], values, strict=True)
    )
    keys = [b.key for b in active_barriers(barrier_scores(ratings))]
    assert (keys == ["harmony"]) is active


def test_active_barriers_strongest_first():
    scores = {b.key: 1.0 for b in BARRIERS} | {"ranking": 4.0, "time": 5.0, "harmony": 4.0}
    assert [b.key for b in active_barriers(scores)] == ["time", "harmony", "ranking"]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"time.1": 0}, "needs a rating from 1 to 5"),
        ({"time.1": 6}, "needs a rating from 1 to 5"),
        ({"time.1": True}, "needs a rating from 1 to 5"),
        ({"nope.1": 3}, "Unknown statements"),
    ],
)
def test_bad_ratings_are_named(change, problem):
    assert any(problem in p for p in validate_ratings(all_ratings(3) | change))


def test_missing_ratings_are_refused():
    ratings = all_ratings(3)
    del ratings["harmony.2"]
    with pytest.raises(ValueError, match="1 left unanswered"):
        barrier_scores(ratings)


@given(st.fixed_dictionaries({k: st.integers(1, 5) for k in STATEMENT_KEYS}))
def test_scores_stay_on_the_scale_and_active_means_at_least_the_threshold(ratings):
    scores = barrier_scores(ratings)
    assert all(1 <= s <= 5 for s in scores.values())
    active = {b.key for b in active_barriers(scores)}
    assert active == {k for k, s in scores.items() if s >= ACTIVE_AT}


def test_movement_keeps_each_barriers_history_oldest_first():
    before = barrier_scores(all_ratings(4))
    after = barrier_scores(all_ratings(2))
    moves = {m.barrier.key: m for m in movement([before, after])}
    assert moves["time"].scores == (4.0, 2.0) and moves["time"].change == -2.0


def test_radar_is_accessible_and_escapes_its_text():
    scores = barrier_scores(all_ratings(3))
    svg = radar_svg(scores, title="Scores <b>& more</b>", previous=barrier_scores(all_ratings(4)))
    assert svg.startswith("<svg") and 'role="img"' in svg and "aria-labelledby" in svg
    assert '<title id="radar-title">Scores &lt;b&gt;&amp; more&lt;/b&gt;</title>' in svg
    assert "Fear of being ranked: 3.0 of 5" in svg
    assert svg.count('class="previous"') == 1 and svg.count('class="current"') == 1


def test_sparkline_labels_its_values():
    svg = sparkline_svg([4.0, 2.5], label="Time <x>")
    assert 'aria-label="Time &lt;x&gt;: 4.0; 2.5"' in svg
    with override("fr"):  # the reader's decimal comma; values apart with semicolons
        assert 'aria-label="x: 4,0; 2,5"' in sparkline_svg([4.0, 2.5], label="x")
    assert sparkline_svg([], label="x") == ""


def test_an_active_barrier_is_a_diamond_on_the_radar_not_only_a_colour():
    scores = barrier_scores(all_ratings(4))  # every barrier at 4: all active
    svg = radar_svg(scores, title="All active")
    assert svg.count('<path class="dot active"') == 6
    assert '<circle class="dot' not in svg
    calm = radar_svg(barrier_scores(all_ratings(1)), title="None active")
    assert 'class="dot active"' not in calm and calm.count('<circle class="dot"') == 6
