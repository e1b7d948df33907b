"""The demo's customer knowledge: listening, journeys, pains and concerns for every customer."""

from __future__ import annotations

import datetime as dt

import pytest

from rapport.customers.models import (
    Concern,
    JourneyStage,
    ListeningSession,
    PainPoint,
    ValueStatement,
)
from rapport.demo.builder import DemoOptions, build_demo
from rapport.testing.demo import wipe_demo

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


def _snapshot() -> dict:
    return {
        "sessions": list(
            ListeningSession.objects.order_by("customer__name", "held_on", "story").values_list(
                "customer__name", "held_on", "story", "is_private", "questions"
            )
        ),
        "values": sorted(ValueStatement.objects.values_list("session__held_on", "text", "weight")),
        "stages": list(
            JourneyStage.objects.order_by("customer__name", "position").values_list(
                "customer__name", "name", "experience", "notes"
            )
        ),
        "pains": sorted(
            PainPoint.objects.values_list(
                "customer__name", "stage__name", "description", "severity", "frequency", "status"
            )
        ),
        "concerns": sorted(
            Concern.objects.values_list("customer__name", "text", "status", "heard_on", "closed_on")
        ),
    }


def test_every_demo_customer_is_known_in_depth():
    result = build_demo(DemoOptions(customers=8, projects=16, seed=7, today=TODAY))
    for customer in result.customers:
        sessions = customer.listening_sessions.all()
        assert sessions.count() >= 2
        assert ValueStatement.objects.filter(session__customer=customer).count() >= 4
        stages = customer.journey_stages.all()
        assert [s.name for s in stages][:2] == ["Request", "Intake"]
        assert len({s.experience for s in stages}) >= 2
        assert customer.pain_points.exists()
        statuses = set(customer.concerns.values_list("status", flat=True))
        assert {"open", "responded"} <= statuses
    assert ListeningSession.objects.filter(is_private=True).exists()
    assert len(set(Concern.objects.values_list("status", flat=True))) == 4
    responded = Concern.objects.exclude(status="open")
    assert all(c.response for c in responded)
    assert all(
        c.heard_on <= TODAY and (c.closed_on or TODAY) <= TODAY for c in Concern.objects.all()
    )


def test_demo_customer_knowledge_is_deterministic():
    build_demo(DemoOptions(customers=3, projects=6, seed=5, today=TODAY))
    first = _snapshot()
    wipe_demo()
    build_demo(DemoOptions(customers=3, projects=6, seed=5, today=TODAY))
    assert _snapshot() == first
