"""Alert emails go through the outbox: with the mail server down they are retried and logged,
and the alert's webhook, a row of its own, is sent anyway."""

from __future__ import annotations

import pytest
from django.core import mail

from rapport.feedback.models import OutboxKind, OutboxMessage, OutboxState
from rapport.feedback.tasks import deliver_due
from rapport.insights.models import Alert
from rapport.insights.notifications import queue_alert_notifications

pytestmark = pytest.mark.django_db


class SMTPDown:
    """An email backend whose server refuses every connection."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("Connection refused")


@pytest.fixture
def alert(project):
    return Alert.objects.create(
        project=project,
        rule="drop",
        severity="warning",
        period="2026-05",
        last_period="2026-05",
        message="Satisfaction fell.",
        evidence={},
    )


def test_smtp_down_alert_email_is_retried_logged_and_the_webhook_still_goes(
    settings, alert, alice, carol, monkeypatch, django_capture_on_commit_callbacks
):
    posted = []
    monkeypatch.setattr(
        "rapport.insights.notifications.post_signed",
        lambda url, body, secret, **kw: posted.append((url, kw["delivery"])) or 204,
    )
    settings.RAPPORT_ALERT_WEBHOOK_URL = "https://hooks.example.test/T0/secret"
    settings.RAPPORT_ALERT_WEBHOOK_SECRET = "s"
    settings.EMAIL_BACKEND = f"{__name__}.SMTPDown"
    with django_capture_on_commit_callbacks(execute=True):
        queue_alert_notifications(alert)
    emails = OutboxMessage.objects.filter(alert=alert, kind=OutboxKind.ALERT)
    assert {m.to_email for m in emails} >= {alice.email, carol.email}
    # Every email is in the mail log, waiting for its retry; the webhook went.
    assert {m.state for m in emails} == {OutboxState.QUEUED}
    assert all(m.attempts == 1 and "refused" in m.last_error for m in emails)
    assert OutboxMessage.objects.get(alert=alert, kind=OutboxKind.WEBHOOK).state == "sent"
    assert len(posted) == 1
    # The mail server is back: the next pass sends them, with the Message-ID of the first try.
    first_ids = {m.pk: m.message_id for m in emails}
    assert all(first_ids.values())
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.objects.filter(alert=alert).update(next_attempt_at=None)
    assert deliver_due()["sent"] == len(first_ids)
    assert {m.extra_headers["Message-ID"] for m in mail.outbox} == set(first_ids.values())
    assert len(posted) == 1  # the webhook is not sent again


def test_pmo_gets_the_alerts_page_and_the_manager_the_projects_page(alert, alice, carol):
    queue_alert_notifications(alert)
    rows = {m.to_email: m for m in OutboxMessage.objects.filter(kind=OutboxKind.ALERT)}
    assert rows[alice.email].manages and not rows[carol.email].manages


def test_alert_email_can_be_switched_off(settings, alert):
    settings.RAPPORT_ALERT_EMAIL = False
    assert queue_alert_notifications(alert) == {"email": 0, "webhook": 0}
