"""Every link in every email Rapport sends opens for its recipient: no 403, no 404.

Each kind of email is produced the way Rapport sends it (through the outbox and its worker task,
alerts, the charter reminder, the share form, Django's password reset), and every http
link in its text and HTML parts is followed as the person it went to: console links with that
user logged in, links to customer stakeholders (who have no account) anonymously.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from rapport.charter import services as charter_services
from rapport.charter.tasks import _charter_reminders
from rapport.feedback import services
from rapport.feedback.models import Invitation, OutboxKind, OutboxMessage
from rapport.feedback.pulse.services import open_pulse_round
from rapport.feedback.tasks import deliver
from rapport.insights.models import Alert
from rapport.insights.notifications import queue_alert_notifications
from rapport.testing.factories import ProjectStakeholderFactory, StakeholderFactory

pytestmark = pytest.mark.django_db

URL = re.compile(r"https?://[^\s\"'<>]+")

# Every kind of outbox email is covered below; a new kind needs its link test here.
OUTBOX_KINDS_COVERED = {
    "invitation",
    "reminder",
    "retry",
    "summary",
    "pulse",
    "action_done",
    "alert",
    "monthly_pack",
    "said_did",
    "action_due",
    "webhook",  # not an email: its one link is the alerts page (insights/tests/test_webhook.py)
}


def links(message) -> set[str]:
    parts = [message.body] + [html.unescape(body) for body, _ in message.alternatives]
    return {url.rstrip(".,;:)") for part in parts for url in URL.findall(part)}


def assert_links_open(message, user=None) -> set[str]:
    """Follow every link of ``message`` as ``user`` (None: a stakeholder, anonymously)."""
    found = links(message)
    assert found, f"no link in {message.subject!r}"
    for url in found:
        assert url.startswith(settings.SITE_URL), url
        path = url[len(settings.SITE_URL) :].split("#")[0]
        client = Client()
        if user is not None:
            client.force_login(user)
        response = client.get(path, follow=True)
        who = user.email if user is not None else "a stakeholder"
        assert response.status_code == 200, f"{path} gives {response.status_code} to {who}"
        assert response.resolver_match.url_name != "login", f"{path} asks {who} to log in"
    return found


def _to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


@pytest.fixture
def givers(project):
    people = [
        StakeholderFactory(customer=project.customer, name="Olivia Walker", email="olivia@r.test"),
        StakeholderFactory(
            customer=project.customer, name="Rémi Durand", email="remi@r.test", language="fr"
        ),
    ]
    for person in people:
        ProjectStakeholderFactory(project=project, stakeholder=person)
    return people


@pytest.fixture
def email_cycle(project, carol, givers, django_capture_on_commit_callbacks):
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="email")
    with django_capture_on_commit_callbacks(execute=True):
        services.open_cycle(cycle, by=carol)
    return cycle


def test_every_outbox_kind_is_covered():
    assert set(OutboxKind.values) == OUTBOX_KINDS_COVERED


def test_survey_invitation_reminder_and_retry(email_cycle):
    (invitation_mail,) = _to("olivia@r.test")
    opened = assert_links_open(invitation_mail)
    assert any("/s/unsubscribe/" in u for u in opened) and len(opened) == 2
    invitation = Invitation.objects.get(cycle=email_cycle, email="remi@r.test")
    for kind in (OutboxKind.REMINDER, OutboxKind.RETRY):
        mail.outbox.clear()
        row = OutboxMessage.objects.create(
            kind=kind, dedupe_key=f"{kind}:test", to_email=invitation.email, invitation=invitation
        )
        assert deliver(row.pk) == "sent"
        (message,) = mail.outbox
        assert len(assert_links_open(message)) == 2, kind


def test_meeting_invitation(project, carol, givers, django_capture_on_commit_callbacks):
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="meeting")
    with django_capture_on_commit_callbacks(execute=True):
        services.open_cycle(cycle, by=carol)
    (message,) = _to("olivia@r.test")
    assert_links_open(message)


def test_summary_and_action_done(project, carol, givers, django_capture_on_commit_callbacks):
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="meeting")
    services.record_meeting(cycle, by=carol, held_on=dt.date(2026, 3, 15), scores={"overall": 6})
    issue = services.raise_issue(cycle, by=carol, text="We hear about delays too late")
    done = services.add_action(cycle, by=carol, title="Call", due=dt.date(2026, 3, 30), issue=issue)
    later = services.add_action(cycle, by=carol, title="Note", due=dt.date(2026, 4, 9), issue=issue)
    services.set_action_status(done, by=carol, status="done")
    services.agree_actions(cycle, by=carol)
    with django_capture_on_commit_callbacks(execute=True):
        services.close_cycle(cycle, by=carol)
    (summary,) = _to("remi@r.test")
    assert any("/s/fixed/" in u for u in assert_links_open(summary))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.set_action_status(later, by=carol, status="done")
    (told,) = _to("remi@r.test")
    assert any("/s/fixed/" in u for u in assert_links_open(told))


def test_pulse(customer, alice, givers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        open_pulse_round(customer, by=alice)
    (message,) = _to("olivia@r.test")
    assert any("/s/pulse/" in u for u in assert_links_open(message))


def test_alert_links_open_for_the_pmo_and_for_the_projects_manager(
    project, alice, bob, carol, django_capture_on_commit_callbacks
):
    alert = Alert.objects.create(
        project=project,
        rule="drop",
        severity="warning",
        period="2026-03",
        last_period="2026-03",
        message="Satisfaction fell.",
        evidence={},
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert queue_alert_notifications(alert)["email"] == 3
    for user in (alice, bob, carol):
        (message,) = _to(user.email)
        assert_links_open(message, user)
    assert "/insights/alerts/" in _to(alice.email)[0].body
    assert f"/insights/project/{project.pk}/" in _to(carol.email)[0].body


def test_actions_due_open_for_each_owner(
    project, bob, carol, erin, django_capture_on_commit_callbacks
):
    """The weekly actions due: the project's manager and a PMO analyst get the actions list and
    each review; a sponsor given an action gets its review (they do not run reviews)."""
    from rapport.feedback.services.action_reminders import queue_action_reminders

    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="meeting")
    for owner in (bob, carol, erin):
        services.add_action(
            cycle, by=carol, title=f"For {owner.full_name}", due=timezone.localdate(), owner=owner
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert queue_action_reminders() == 3
    for user in (bob, carol, erin):
        (message,) = _to(user.email)
        opened = assert_links_open(message, user)
        assert any(f"/reviews/{cycle.pk}/" in u for u in opened)
        assert any("/reviews/actions/" in u for u in opened) == (user != erin)


@pytest.mark.parametrize("owner", ["alice", "dave"])
def test_charter_reminder_opens_for_the_relationship_owner(customer, users, owner):
    """dave manages none of this customer's projects, but owns the relationship."""
    user = users[owner]
    customer.relationship_owner = user
    customer.save()
    charter_services.start_charter(
        customer,
        by=users["alice"],
        agreed_on=timezone.localdate() - dt.timedelta(days=300),
        next_review_on=timezone.localdate() + dt.timedelta(days=7),
    )
    assert _charter_reminders() == 1
    (message,) = _to(user.email)
    assert_links_open(message, user)


@pytest.mark.parametrize("reader", ["erin", "dave"])
def test_monthly_pack_opens_for_the_sponsor_and_the_relationship_owner(
    customer, users, reader, django_capture_on_commit_callbacks
):
    """erin (sponsor) gets the portfolio review; dave owns the customer's relationship."""
    from rapport.reports.packs import prepare_monthly_packs, set_subscription

    user = users[reader]
    if reader == "dave":
        customer.relationship_owner = user
        customer.save()
    set_subscription(user, on=True, by=user)
    with django_capture_on_commit_callbacks(execute=True):
        prepare_monthly_packs()
    (message,) = _to(user.email)
    assert message.attachments
    found = assert_links_open(message, user)
    assert any("/reports/" in u for u in found) and any("/profile/" in u for u in found)


def test_said_did_digest_opens_for_the_stakeholder(
    project, carol, givers, django_capture_on_commit_callbacks
):
    """The quarterly "you said, we did": each confirm link and the unsubscribe link."""
    from rapport.feedback.models import Action, Issue
    from rapport.feedback.services.said_did import queue_said_did
    from rapport.testing.factories import ReviewCycleFactory

    today = timezone.localdate()
    first_of_quarter = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    day = first_of_quarter - dt.timedelta(days=20)  # in the quarter before
    cycle = ReviewCycleFactory(project=project, period=f"{day:%Y-%m}", state="closed")
    issue = Issue.objects.create(project=project, cycle=cycle, text="Slow", raised_on=day)
    Action.objects.create(
        project=project,
        cycle=cycle,
        issue=issue,
        title="Faster",
        due=day,
        status="done",
        done_on=day,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert queue_said_did(today=first_of_quarter)["queued"] == len(givers)
    for person in givers:
        (message,) = _to(person.email)
        found = assert_links_open(message)
        assert any("/s/fixed/" in u for u in found)


def test_roadmap_share_link(customer, alice, givers):
    client = Client()
    client.force_login(alice)
    olivia = givers[0]
    response = client.post(
        f"/roadmap/customers/{customer.pk}/links/new/",
        {"stakeholder": olivia.pk, "max_age_days": 60, "send_email": "on"},
    )
    assert response.status_code == 302
    (message,) = _to(olivia.email)
    assert any("/shared/roadmap/" in u for u in assert_links_open(message))


def test_password_reset(carol):
    assert Client().post("/accounts/password-reset/", {"email": carol.email}).status_code == 302
    (message,) = _to(carol.email)
    assert any("/accounts/reset/" in u for u in assert_links_open(message))
