"""The personal-data export is handed to the person it is about, and read by the PMO first: it
holds their own answers, never someone else's that names them, never an anonymous answer, and
never whether they answered an anonymous review."""

import json

import pytest
from django.utils import timezone

from rapport.feedback.models import Invitation, PulseResponse, PulseRound
from rapport.feedback.outbox import OutboxKind, OutboxMessage
from rapport.testing.factories import ResponseFactory, ReviewCycleFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


def _export(client, alice, project, stakeholder):
    client.force_login(alice)
    path = f"/customers/{project.customer_id}/stakeholders/{stakeholder.pk}/data.json"
    return json.loads(client.get(path).content)["tables"]


def _rows(tables, label):
    return tables.get(label, {}).get("rows", [])


def test_an_anonymous_answer_that_names_them_is_not_in_their_file(
    client, alice, project, stakeholder
):
    cycle = ReviewCycleFactory(
        project=project, period="2026-01", state="invited", confidentiality="anonymous"
    )
    ResponseFactory(
        cycle=cycle, scores={"overall": 2}, comment="Honestly Olivia Walker blocks everything."
    )
    ResponseFactory(cycle=cycle, scores={"overall": 9})
    assert _rows(_export(client, alice, project, stakeholder), "feedback.response") == []


def test_a_colleagues_confidential_answer_that_names_them_is_not_in_their_file(
    client, alice, project, stakeholder
):
    other = StakeholderFactory(customer=project.customer, name="Peter Quill")
    cycle = ReviewCycleFactory(
        project=project, period="2026-01", state="closed", confidentiality="confidential"
    )
    invitation = Invitation.objects.create(
        cycle=cycle, stakeholder=other, email=other.email, expires_at=timezone.now()
    )
    ResponseFactory(
        cycle=cycle,
        stakeholder=other,
        invitation=invitation,
        scores={"overall": 1},
        comment="olivia.walker@retail.test never replies.",
    )
    mine = ResponseFactory(cycle=cycle, stakeholder=stakeholder, scores={"overall": 7})
    rows = _rows(_export(client, alice, project, stakeholder), "feedback.response")
    assert [r["stakeholder_id"] for r in rows] == [mine.stakeholder_id]


def test_an_anonymous_pulse_answer_that_names_them_is_not_in_their_file(
    client, alice, project, stakeholder
):
    pulse = PulseRound.objects.create(customer=project.customer, period="2026-Q1", state="open")
    PulseResponse.objects.create(
        round=pulse,
        customer=project.customer,
        confidentiality="anonymous",
        submitted_on=timezone.localdate().replace(day=1),
        priorities_served=1,
        effort=1,
        comment="Olivia Walker should stop micromanaging.",
    )
    assert _rows(_export(client, alice, project, stakeholder), "feedback.pulseresponse") == []


def test_their_file_does_not_tell_whether_they_answered_an_anonymous_review(
    client, alice, project, stakeholder
):
    cycle = ReviewCycleFactory(
        project=project, period="2026-11", state="responded", confidentiality="anonymous"
    )
    open_cycle = ReviewCycleFactory(
        project=project, period="2026-10", state="closed", confidentiality="attributed"
    )
    now = timezone.now()
    for review in (cycle, open_cycle):
        invitation = Invitation.objects.create(
            cycle=review,
            stakeholder=stakeholder,
            email=stakeholder.email,
            expires_at=now,
            sent_at=now,
            used=review is open_cycle,
            reminders_sent=1,
        )
        OutboxMessage.objects.create(
            kind=OutboxKind.REMINDER,
            dedupe_key=f"reminder-{review.pk}",
            to_email=stakeholder.email,
            invitation=invitation,
            cycle=review,
            stakeholder=stakeholder,
            subject="Reminder",
            text_body="Reminder",
        )
    tables = _export(client, alice, project, stakeholder)
    invitations = {r["cycle_id"]: r for r in _rows(tables, "feedback.invitation")}
    assert "used" not in invitations[cycle.pk] and "reminders_sent" not in invitations[cycle.pk]
    assert invitations[open_cycle.pk]["used"] is True
    reminders = [r["cycle_id"] for r in _rows(tables, "feedback.outboxmessage")]
    assert reminders == [open_cycle.pk]
