"""The demo ends with a recompute: the planted deteriorating projects raise alerts."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from rapport.demo.builder import DemoOptions, build_demo
from rapport.demo.feedback import K
from rapport.insights.models import Alert, HealthSnapshot
from rapport.portfolio.models import Project

pytestmark = pytest.mark.django_db(transaction=False)


def test_demo_alerts_on_the_planted_deteriorating_projects():
    options = DemoOptions(customers=4, projects=14, seed=3, today=dt.date(2026, 6, 15))
    build_demo(options)
    # The feedback part's own choice, replayed with its seed: which projects deteriorate.
    rng = random.Random(options.seed * 1000 + K)
    active = [p.pk for p in Project.objects.order_by("pk") if p.state == "active"]
    planted = set(rng.sample(active, k=max(1, len(active) // 7)))
    assert HealthSnapshot.objects.exists()
    # A planted project of the customer that goes silent shows as silence, not as low scores.
    trend_rules = {"ewma", "cusum", "drop", "low_score", "silence"}
    flagged = set(
        Alert.objects.filter(rule__in=trend_rules, period__gte="2026-02").values_list(
            "project_id", flat=True
        )
    )
    assert planted <= flagged
    message = Alert.objects.filter(project_id__in=planted).first().message
    assert any(ch.isdigit() for ch in message) and len(message) > 30  # a reason with numbers
