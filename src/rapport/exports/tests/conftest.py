"""A small world with one row of every list, on both managers' projects.

``project`` (Carol's, customer Retail Banking) has an attributed review and a confidential
one; ``other_project`` (Dave's, Group Finance) an anonymous one. Every text a customer or a
colleague typed is harmless, except where a test puts a formula payload.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from rapport.audit.services import record
from rapport.feedback.models import Action, Issue
from rapport.insights.models import Alert, HealthSnapshot
from rapport.roadmap.models import RoadmapItem
from rapport.testing.factories import ResponseFactory, ReviewCycleFactory, StakeholderFactory


@pytest.fixture
def world(project, other_project, stakeholder, alice, carol):
    open_cycle = ReviewCycleFactory(project=project, period="2026-03", confidentiality="attributed")
    quiet = ReviewCycleFactory(project=project, period="2026-04", confidentiality="confidential")
    hidden = ReviewCycleFactory(
        project=other_project, period="2026-04", confidentiality="anonymous"
    )
    insider = StakeholderFactory(customer=project.customer, name="Quinn Insider")
    ResponseFactory(
        cycle=open_cycle,
        stakeholder=stakeholder,
        scores={"overall": 8, "transparency": 7},
        comment="Clear updates",
    )
    ResponseFactory(
        cycle=quiet, stakeholder=insider, scores={"overall": 3}, comment="Said in confidence"
    )
    ResponseFactory(cycle=hidden, scores={"overall": 2}, comment="Nobody knows who")
    for cycle, words in ((open_cycle, "Open words"), (quiet, "Confidential words")):
        issue = Issue.objects.create(
            project=cycle.project, cycle=cycle, text=words, priority="high"
        )
        Action.objects.create(
            project=cycle.project,
            cycle=cycle,
            issue=issue,
            title=f"Fix: {words}",
            owner=carol,
            due=timezone.localdate(),
        )
    Issue.objects.create(project=other_project, cycle=hidden, text="Dave's issue", priority="low")
    for p in (project, other_project):
        Alert.objects.create(
            project=p,
            rule="drop",
            severity="warning",
            period="2026-04",
            last_period="2026-04",
            message=f"{p.name}: a stakeholder scored 3",
        )
        HealthSnapshot.objects.create(
            project=p,
            period="2026-04",
            latest=True,  # its only snapshot
            n=5,
            mean=7.0,
            theta=6.9,
            low=6.0,
            high=7.8,
            status="A",
            delivery="G",
            satisfaction="A",
            engagement="G",
            actions="G",
            signals=[{"rule": "drop", "message": "a stakeholder scored 3"}],
        )
    RoadmapItem.objects.create(
        customer=project.customer,
        title="Booking status page",
        outcome="You can see your booking at any time.",
        customer_comments="We want this before summer",
    )
    RoadmapItem.objects.create(
        customer=other_project.customer, title="Close checklist", outcome="Close in three days."
    )
    record("customers.customer.updated", by=alice, obj=project.customer, changes={"name": "x"})
    return {"open": open_cycle, "quiet": quiet, "hidden": hidden}
