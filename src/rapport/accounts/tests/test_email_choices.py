"""Each person chooses, on their profile, the emails about their own work they get: new
alerts and the weekly corrective actions due. Both on by default."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from rapport.audit.models import AuditEntry
from rapport.feedback import services as feedback
from rapport.feedback.services.action_reminders import queue_action_reminders
from rapport.feedback.tasks import deliver_due
from rapport.insights.models import Alert
from rapport.insights.notifications import recipients

pytestmark = pytest.mark.django_db


def test_the_profile_turns_each_email_off_and_on(client, carol):
    assert carol.email_alerts and carol.email_actions_due
    client.force_login(carol)
    page = client.get("/accounts/profile/").content.decode()
    assert 'name="email_alerts" checked' in page and 'name="email_actions_due" checked' in page
    response = client.post("/accounts/profile/", {"action": "emails", "email_actions_due": "on"})
    assert response.status_code == 302
    carol.refresh_from_db()
    assert (carol.email_alerts, carol.email_actions_due) == (False, True)
    entry = AuditEntry.objects.get(action="accounts.user.emails_changed")
    assert entry.actor == carol and entry.changes == {"email_alerts": [True, False]}
    client.post("/accounts/profile/", {"action": "emails", "email_actions_due": "on"})
    assert AuditEntry.objects.filter(action="accounts.user.emails_changed").count() == 1


def test_someone_who_turned_alerts_off_is_not_emailed_them(alice, bob, carol, project):
    alert = Alert.objects.create(
        project=project,
        rule="drop",
        severity="warning",
        period="2026-05",
        last_period="2026-05",
        message="drop fired",
    )
    assert recipients(alert) == sorted([alice.email, bob.email, carol.email])
    bob.email_alerts = carol.email_alerts = False
    bob.save()
    carol.save()
    assert recipients(alert) == [alice.email]


def test_someone_who_turned_actions_due_off_is_not_emailed_them(
    django_capture_on_commit_callbacks, project, carol
):
    cycle = feedback.plan_cycle(project, "2026-03", by=carol, mode="meeting")
    feedback.add_action(cycle, by=carol, title="Delay note", due=timezone.localdate(), owner=carol)
    queue_action_reminders()  # queued before they turned it off: cancelled when sent
    carol.email_actions_due = False
    carol.save()
    deliver_due()
    with django_capture_on_commit_callbacks(execute=True):
        assert queue_action_reminders(timezone.localdate() + dt.timedelta(days=7)) == 0
    assert not [m for m in mail.outbox if m.to == [carol.email]]
