"""The demo's delivery-status history: recorded months, a few changes, ending at today's."""

from __future__ import annotations

import datetime as dt

import pytest

from rapport.demo.builder import DemoOptions, build_demo
from rapport.insights.models import HealthSnapshot
from rapport.portfolio.models import DeliveryStatusMonth, Project
from rapport.testing.demo import wipe_demo

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


def _history() -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for code, period, status in DeliveryStatusMonth.objects.order_by(
        "project__code", "period"
    ).values_list("project__code", "period", "status"):
        out.setdefault(code, []).append((period, status))
    return out


def test_demo_projects_have_a_realistic_status_history_that_the_health_review_reads():
    build_demo(DemoOptions(customers=6, projects=20, months=12, seed=7, today=TODAY))
    history = _history()
    projects = dict(Project.objects.values_list("code", "delivery_status"))
    assert history.keys() == projects.keys()
    # Each history ends with the project's status today, recorded this month.
    assert all(months[-1] == ("2026-11", projects[code]) for code, months in history.items())
    assert all(months[0][0] >= "2025-11" for months in history.values())
    changed = [code for code, months in history.items() if len({s for _, s in months}) > 1]
    assert 3 <= len(changed) < len(history)  # some projects changed status, most did not
    # Somewhere the health review read a past month's status that is not today's.
    differs = [
        (code, period)
        for code, period, delivery in HealthSnapshot.objects.values_list(
            "project__code", "period", "delivery"
        )
        if code in changed
        and delivery != {"G": "G", "AG": "G", "A": "A", "AR": "R", "R": "R"}[projects[code]]
    ]
    assert differs


def test_demo_status_history_is_deterministic():
    options = DemoOptions(customers=4, projects=10, months=8, seed=3, today=TODAY)
    build_demo(options)
    first = _history()
    wipe_demo()
    build_demo(options)
    assert _history() == first
