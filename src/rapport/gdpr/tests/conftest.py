"""A small portfolio around one stakeholder, Zelda Quennell, with a row in every table that can
hold something about a person, and enough people for the disclosure layer to release blocks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rapport.customers import services as customer_services
from rapport.customers.models import Stakeholder
from rapport.feedback.models import (
    Invitation,
    Issue,
    Meeting,
    OutboxMessage,
    PulseInvitation,
    PulseResponse,
    PulseRound,
    Suppression,
)
from rapport.imports.models import ImportJob
from rapport.reports.models import ReportRequest
from rapport.testing.factories import (
    CustomerFactory,
    ProjectFactory,
    ProjectStakeholderFactory,
    ResponseFactory,
    ReviewCycleFactory,
    StakeholderFactory,
)

NAME, EMAIL = "Zelda Quennell", "zelda.quennell@harbour.test"


def _periods(months_back: int) -> list[str]:
    """The three months of the last finished quarter, ``months_back`` quarters ago."""
    today = timezone.localdate()
    q_start = (today.month - 1) // 3 * 3 + 1 - 3 * months_back
    year = today.year + (q_start - 1) // 12
    first = (q_start - 1) % 12 + 1
    return [f"{year:04d}-{first + i:02d}" for i in range(3)]


@pytest.fixture
def zelda(alice, carol) -> Stakeholder:
    customer = CustomerFactory(name="Harbour Logistics", feedback_culture="confidential")
    person = customer_services.create_stakeholder(
        customer, by=alice, name=NAME, email=EMAIL, role="Chief harbour master"
    )
    others = [
        StakeholderFactory(customer=customer, name=f"Colleague {i}", email=f"c{i}@harbour.test")
        for i in range(6)
    ]
    project = ProjectFactory(name="Quay cranes", customer=customer, project_manager=carol)
    small = ProjectFactory(name="Berth planning", customer=customer, project_manager=carol)
    ProjectStakeholderFactory(project=project, stakeholder=person, role_on_project="Approver")
    now = timezone.now()
    # Confidential rounds answered by 7 people: each is a released block of its own.
    for i, period in enumerate(_periods(1)):
        cycle = ReviewCycleFactory(
            project=project, period=period, state="closed", confidentiality="confidential"
        )
        for j, who in enumerate([person, *others]):
            inv = Invitation.objects.create(
                cycle=cycle,
                stakeholder=who,
                email=who.email,
                expires_at=now,
                sent_at=now - dt.timedelta(days=5),
                responded_at=now - dt.timedelta(days=4),
            )
            score = 3 + (i + j) % 7
            ResponseFactory(
                cycle=cycle,
                stakeholder=who,
                invitation=inv,
                respondent_role=who.role or "Operations lead",
                scores={"overall": score, "transparency": 10 - score},
                comment=f"{who.name} says the cranes are late" if who == person else "",
                submitted_at=now - dt.timedelta(days=4),
            )
    # A small confidential round (pooled or withheld), an anonymous round and an attributed one.
    q = _periods(1)
    cycle = ReviewCycleFactory(
        project=small, period=q[1], state="closed", confidentiality="confidential"
    )
    for who in (person, others[0]):
        ResponseFactory(cycle=cycle, stakeholder=who, scores={"overall": 6})
    anon = ReviewCycleFactory(
        project=small, period=q[2], state="closed", confidentiality="anonymous"
    )
    for who in (person, *others[:5]):
        Invitation.objects.create(cycle=anon, stakeholder=who, email=who.email, expires_at=now)
        ResponseFactory(cycle=anon, scores={"overall": 7})
    open_cycle = ReviewCycleFactory(
        project=project, period=_periods(0)[0], state="discussed", confidentiality="attributed"
    )
    response = ResponseFactory(
        cycle=open_cycle,
        stakeholder=person,
        respondent_role="Chief harbour master",
        scores={"overall": 4},
        comment="Please call me, Zelda, on Mondays.",
    )
    Issue.objects.create(
        project=project, cycle=open_cycle, response=response, text="Crane 4 keeps stopping"
    )
    Meeting.objects.create(
        cycle=open_cycle,
        attendees=f"{NAME}\nColleague 1",
        minutes=f"Zelda Quennell asked for weekly updates; write to {EMAIL}.",
    )
    OutboxMessage.objects.create(
        kind="summary",
        dedupe_key="summary:zelda",
        to_email=EMAIL,
        stakeholder=person,
        cycle=open_cycle,
        subject="Your monthly review",
        text_body=f"Dear {NAME}, thank you.",
    )
    Suppression.objects.create(email=EMAIL.upper(), stakeholder=person, reason="opt_out")
    customer_services.create_concern(
        customer, by=alice, raised_by=person, text="Nobody answers the phone at night."
    )
    customer_services.create_listening_session(
        customer, by=alice, attendees=[person, others[1]], story="They want night shifts."
    )
    rnd = PulseRound.objects.create(
        customer=customer, period=f"{q[0][:4]}-Q1", state="closed", confidentiality="confidential"
    )
    PulseInvitation.objects.create(
        round=rnd, stakeholder=person, email=EMAIL, expires_at=now, used=True
    )
    PulseResponse.objects.create(
        round=rnd,
        customer=customer,
        confidentiality="confidential",
        stakeholder=person,
        submitted_on=timezone.localdate(),
        priorities_served=6,
        effort=3,
        comment="Zelda Quennell: fine.",
    )
    ImportJob.objects.create(
        kind="stakeholders",
        filename="people.csv",
        data=f"name,email\n{NAME},{EMAIL}\n".encode(),
        by=alice,
    )
    ReportRequest.objects.create(
        kind="customer", subject_id=customer.pk, requested_by=alice, state="done", pdf=b"%PDF-1.7"
    )
    customer_services.update_stakeholder(person, by=alice, power=5)
    return person
