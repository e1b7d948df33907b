"""The demo's service pulse: last quarter answered and closed, figures hidden for one customer."""

from __future__ import annotations

import datetime as dt

import pytest

from rapport.charter.measures import MEASURES
from rapport.demo.builder import DemoOptions, build_demo
from rapport.disclosure.rules import figure_threshold
from rapport.feedback.pulse.figures import round_figures
from rapport.feedback.pulse.models import PulseResponse, PulseRound

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


def test_last_quarters_pulse_shows_figures_for_most_customers_and_hides_one():
    messages: list[str] = []
    result = build_demo(DemoOptions(customers=8, projects=20, seed=7, today=TODAY), messages.append)
    past = list(PulseRound.objects.filter(period="2026-Q3").order_by("customer__name"))
    assert len(past) == len(result.customers) and all(r.state == "closed" for r in past)
    figures = round_figures(r.pk for r in past)
    shown = [r for r in past if figures[r.pk].figures]
    hidden = [r for r in past if not figures[r.pk].figures]
    assert len(shown) > len(past) // 2 and hidden
    assert all(0 < figures[r.pk].respondents < figure_threshold() for r in hidden)
    assert not PulseResponse.objects.filter(stakeholder__isnull=False).exists()
    current = PulseRound.objects.get(period="2026-Q4")
    assert current.state == "open" and current.customer == result.customers[0]
    # Answers are coming in, but an open round shows counts only.
    now = round_figures([current.pk])[current.pk]
    assert now.respondents == 2 and now.still_open and now.priorities is None
    assert any("/s/pulse/" in m for m in messages)
    # The charter measure reads it: the quarter's value sits on its months.
    customer = shown[0].customer
    series = MEASURES["pulse_priorities"].loader(customer.pk, [dt.date(2026, 9, 30)], "")
    assert series[dt.date(2026, 9, 30)] == figures[shown[0].pk].priorities
