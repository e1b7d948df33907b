"""Health is the worst of its components; funnel limits follow target ± z·σ/√n."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapport.insights.analytics import Signal, classify, health, limits
from rapport.insights.analytics.health import DELIVERY_MAP, worst


def test_delivery_mapping():
    assert {s: health(delivery_status=s).delivery for s in DELIVERY_MAP} == {
        "G": "G",
        "AG": "G",
        "A": "A",
        "AR": "R",
        "R": "R",
    }


def test_healthy_project_is_green_without_reasons():
    h = health(delivery_status="G", theta=8.1, theta_high=8.6, response_rate=0.9)
    assert (h.status, h.reasons) == ("G", [])


def test_each_component_can_make_health_worse_and_says_why():
    assert health(delivery_status="G", theta=6.5, theta_high=7.4).satisfaction == "A"
    red = health(delivery_status="G", theta=5.0, theta_high=6.0)
    assert red.status == "R" and "below the target" in red.reasons[0]
    assert health(delivery_status="G", theta=8, expired_in_a_row=2).engagement == "R"
    assert health(delivery_status="G", theta=8, response_rate=0.3).engagement == "A"
    assert health(delivery_status="G", theta=8, overdue_actions=1).actions == "A"
    assert health(delivery_status="G", theta=8, overdue_actions=3).status == "R"
    signal = Signal("drop", "warning", "2026-05", "Mean fell from 8.2 to 5.9 (−2.3)")
    h = health(delivery_status="G", theta=8, signals=[signal])
    assert h.status == "A" and signal.message in h.reasons


statuses = st.sampled_from(sorted(DELIVERY_MAP))


@given(
    statuses,
    st.floats(1, 10),
    st.integers(0, 5),
    st.integers(0, 4),
    st.one_of(st.none(), st.floats(0, 1)),
)
def test_health_is_the_worst_component(delivery, theta, overdue, expired, rate):
    h = health(
        delivery_status=delivery,
        theta=theta,
        overdue_actions=overdue,
        expired_in_a_row=expired,
        response_rate=rate,
    )
    assert h.status == worst(h.delivery, h.satisfaction, h.engagement, h.actions)


@given(st.floats(1, 10), st.floats(0.1, 3), st.integers(1, 500))
def test_funnel_limits_are_symmetric_and_nested(target, sigma, n):
    lim = limits(target, sigma, n)
    assert lim.alarm_low <= lim.warning_low <= target <= lim.warning_high <= lim.alarm_high
    assert lim.warning_high - target == pytest.approx(1.96 * sigma / math.sqrt(n))
    assert lim.alarm_high - target == pytest.approx(3.09 * sigma / math.sqrt(n))


@given(st.floats(1, 10), st.floats(0.1, 3), st.integers(1, 200))
def test_funnel_narrows_as_n_grows(target, sigma, n):
    assert limits(target, sigma, n + 1).warning_high <= limits(target, sigma, n).warning_high


def test_classify():
    assert classify(7.0, 7.0, 1.0, 4) == "inside"
    assert classify(7.0 - 2.5 / 2, 7.0, 1.0, 4) == "warning_low"
    assert classify(5.0, 7.0, 1.0, 4) == "alarm_low"
    assert classify(9.0, 7.0, 1.0, 4) == "alarm_high"
    with pytest.raises(ValueError):
        limits(7, 1, 0)
