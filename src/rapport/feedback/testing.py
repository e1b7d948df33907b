"""Objects the console smoke test needs for the feedback pages."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from rapport.feedback.models import Action, Invitation, OutboxMessage, PulseRound
from rapport.testing.factories import ReviewCycleFactory, StakeholderFactory


def smoke_objects(project, other_project) -> dict:
    cycle = ReviewCycleFactory(project=project)
    person = StakeholderFactory(customer=project.customer)
    invitation = Invitation.objects.create(
        cycle=cycle,
        stakeholder=person,
        email=person.email,
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    return {
        "own_cycle": cycle,
        "other_cycle": ReviewCycleFactory(project=other_project),
        "own_action": Action.objects.create(
            project=project, cycle=cycle, title="Call back", due=dt.date(2026, 2, 1)
        ),
        "own_invitation": invitation,
        "own_pulse_round": PulseRound.objects.create(
            customer=project.customer, period="2026-Q1", state="open"
        ),
        "own_mail": OutboxMessage.objects.create(
            kind="invitation", dedupe_key="smoke", to_email=person.email, cycle=cycle
        ),
    }
