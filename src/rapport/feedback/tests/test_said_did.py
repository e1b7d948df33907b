"""“You said, we did”: the quarterly digest to a customer's stakeholders. What each one may read
(their own issues, and those of open reviews; never a point said in confidence by someone
else; anonymous ones never quoted), in their language, with the confirm link, once a quarter,
and never to someone who opted out."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from rapport.feedback.models import Action, Issue, OutboxKind, OutboxMessage
from rapport.feedback.schedule import run_all
from rapport.feedback.services import record_suppression
from rapport.feedback.services.said_did import previous_quarter, queue_said_did
from rapport.testing.factories import (
    ProjectFactory,
    ResponseFactory,
    ReviewCycleFactory,
    StakeholderFactory,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 10, 5)  # first month of Q4: the digest tells about 2026-Q3


def _issue(project, mode, text, *, by=None, period="2026-08", action="", done=True):
    cycle = ReviewCycleFactory(project=project, period=period, state="closed", confidentiality=mode)
    response = ResponseFactory(cycle=cycle, stakeholder=by, scores={"overall": 6})
    issue = Issue.objects.create(
        project=project,
        cycle=cycle,
        response=response if by is not None or mode == "anonymous" else None,
        text=text,
        raised_on=dt.date(2026, 8, 12),
    )
    if action:
        Action.objects.create(
            project=project,
            cycle=cycle,
            issue=issue,
            title=action,
            due=dt.date(2026, 9, 30),
            status="done" if done else "open",
            done_on=dt.date(2026, 9, 10) if done else None,
        )
    return issue


@pytest.fixture
def quarter(customer, project):
    olivia = StakeholderFactory(customer=customer, name="Olivia", email="olivia@r.test")
    remi = StakeholderFactory(customer=customer, name="Rémi", email="remi@r.test", language="fr")
    sam = StakeholderFactory(customer=customer, name="Sam", email="sam@r.test")
    second = ProjectFactory(name="Card reader", customer=customer)
    _issue(project, "attributed", "The booking page is slow.", by=olivia, action="Speed up")
    _issue(second, "attributed", "Nobody tells us the release dates.", action="Send dates")
    _issue(
        second,
        "confidential",
        "My manager ignores the plan.",
        by=remi,
        action="Coach manager",
        period="2026-07",
    )
    third = ProjectFactory(name="Loan desk", customer=customer)
    _issue(third, "anonymous", "The team hides problems.", action="Weekly risk call", done=False)
    return {"olivia": olivia, "remi": remi, "sam": sam}


def _send(capture, today=TODAY) -> dict:
    with capture(execute=True):
        return queue_said_did(today=today)


def _mail(address: str):
    (message,) = [m for m in mail.outbox if address in m.to]
    return message, message.body + message.alternatives[0][0]


def test_each_stakeholder_reads_what_they_may(quarter, django_capture_on_commit_callbacks):
    counts = _send(django_capture_on_commit_callbacks)
    assert counts["queued"] == 3

    message, olivia = _mail("olivia@r.test")
    assert message.subject == "What you told us last quarter, and what we did"
    assert "July 2026 to September 2026" in olivia
    assert "You told us: “The booking page is slow.”" in message.body
    assert "We heard: “Nobody tells us the release dates.”" in message.body
    assert "Speed up (done on 10 September 2026)" in message.body
    assert "/s/fixed/" in message.body and "Did this fix it? Tell us" in message.body
    # Remi's confidential point and the anonymous one: counted, never quoted, nor their actions.
    for secret in ("manager ignores", "Coach manager", "hides problems", "Weekly risk call"):
        assert secret not in olivia, secret
    assert "1 more point was raised in confidence" in message.body  # beside a quoted one
    assert "1 point was raised in confidence" in message.body  # a project with only that one
    assert "We have acted on it." in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")


def test_the_raiser_of_a_confidential_point_reads_it_in_french(
    quarter, django_capture_on_commit_callbacks
):
    _send(django_capture_on_commit_callbacks)
    message, remi = _mail("remi@r.test")
    assert message.subject == (
        "Ce que vous nous avez dit le trimestre dernier, et ce que nous avons fait"
    )
    assert "Bonjour Rémi," in remi and "juillet 2026" in remi
    # The raiser reads their own words (the respondent catalog's French for "You told us").
    assert "Vous nous aviez dit: “My manager ignores the plan.”" in message.body.replace(" :", ":")
    assert "Coach manager (fait le 10 septembre 2026)" in message.body
    assert "Nous avons entendu" in message.body  # the open reviews' points, not attributed
    assert "1 point a été soulevé en confidence" in message.body  # the anonymous one
    assert "hides problems" not in remi
    assert '<html lang="fr">' in message.alternatives[0][0]


def test_opt_out_and_once_a_quarter(quarter, django_capture_on_commit_callbacks):
    record_suppression("sam@r.test", "opt_out")
    counts = _send(django_capture_on_commit_callbacks)
    assert counts["queued"] == 2 and counts["not_emailed"] == 1
    assert not [m for m in mail.outbox if "sam@r.test" in m.to]
    again = _send(django_capture_on_commit_callbacks, TODAY + dt.timedelta(days=3))
    assert again["queued"] == 0 and again["already"] == 2
    assert OutboxMessage.objects.filter(kind=OutboxKind.SAID_DID).count() == 2
    assert len(mail.outbox) == 2


def test_only_in_the_first_month_of_a_quarter(quarter, django_capture_on_commit_callbacks):
    assert _send(django_capture_on_commit_callbacks, dt.date(2026, 11, 2))["queued"] == 0
    assert previous_quarter(dt.date(2026, 1, 3)) == "2025-Q4"
    assert mail.outbox == []


def test_nothing_to_tell_sends_nothing(customer, django_capture_on_commit_callbacks):
    StakeholderFactory(customer=customer, email="quiet@r.test")
    assert _send(django_capture_on_commit_callbacks)["queued"] == 0
    assert "you-said-we-did" in run_all(only=["you-said-we-did"])
