"""Fixtures for the feedback loop's tests."""

from __future__ import annotations

import pytest

from rapport.feedback import services
from rapport.testing.factories import ProjectStakeholderFactory, StakeholderFactory


@pytest.fixture
def feedback_givers(project):
    """Two stakeholders of the project's customer who give feedback (one French-speaking)."""
    olivia = StakeholderFactory(
        customer=project.customer, name="Olivia Walker", email="olivia@retail.test", role="COO"
    )
    remi = StakeholderFactory(
        customer=project.customer,
        name="Rémi Durand",
        email="remi@retail.test",
        role="Branch lead",
        language="fr",
    )
    for s in (olivia, remi):
        ProjectStakeholderFactory(project=project, stakeholder=s)
    return [olivia, remi]


@pytest.fixture
def email_cycle(project, feedback_givers, carol, django_capture_on_commit_callbacks, mailoutbox):
    """An email-survey cycle opened by carol; its invitations are sent (immediate tasks)."""
    project.customer.preferred_channel = "email"
    project.customer.save()
    cycle = services.plan_cycle(project, "2026-03", by=carol)
    with django_capture_on_commit_callbacks(execute=True):
        services.open_cycle(cycle, by=carol)
    cycle.refresh_from_db()
    return cycle


def link_from(message) -> str:
    """The survey path from an email in the test outbox."""
    import re

    match = re.search(r"http://testserver(/s/[A-Za-z0-9_\-]+/)", message.body)
    assert match, message.body
    return match.group(1)
