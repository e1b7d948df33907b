"""The alert webhook: a signed POST to a local HTTP server, in both payload formats."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from rapport.feedback.models import OutboxKind, OutboxMessage, OutboxState
from rapport.feedback.tasks import deliver
from rapport.insights.models import Alert
from rapport.insights.notifications import (
    DELIVERY_HEADER,
    SIGNATURE_HEADER,
    queue_alert_notifications,
    send_alert_webhook,
    sign,
    verify,
)

pytestmark = pytest.mark.django_db
SECRET = "test-secret-for-webhooks"


@pytest.fixture
def receiver():
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append(
                {
                    "body": body,
                    "signature": self.headers.get(SIGNATURE_HEADER),
                    "delivery": self.headers.get(DELIVERY_HEADER),
                }
            )
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", received
    server.shutdown()
    server.server_close()


@pytest.fixture
def alert(project):
    project.name = "<script>alert(1)</script> & Co"
    project.save()
    return Alert.objects.create(
        project=project,
        rule="drop",
        severity="warning",
        period="2026-05",
        last_period="2026-05",
        message="Mean fell from 8.2 to 5.9 (−2.3) between 2026-04 and 2026-05, n=3.",
        evidence={"change": -2.3},
    )


def _webhook_row(alert):
    return OutboxMessage.objects.get(alert=alert, kind=OutboxKind.WEBHOOK)


def test_rapport_format_is_signed_with_hmac_sha256(
    settings, receiver, alert, django_capture_on_commit_callbacks
):
    url, received = receiver
    settings.RAPPORT_ALERT_WEBHOOK_URL = url
    settings.RAPPORT_ALERT_WEBHOOK_SECRET = SECRET
    settings.RAPPORT_ALERT_WEBHOOK_FORMAT = "rapport"
    with django_capture_on_commit_callbacks(execute=True):
        assert queue_alert_notifications(alert)["webhook"] == 1
    (hit,) = received
    assert hit["signature"].startswith("sha256=")
    assert verify(hit["body"], SECRET, hit["signature"])
    assert not verify(hit["body"], "another secret", hit["signature"])
    data = json.loads(hit["body"])
    assert data["event"] == "alert.opened"
    assert data["alert"]["rule"] == "drop" and data["alert"]["evidence"] == {"change": -2.3}
    assert data["project"]["name"] == "<script>alert(1)</script> & Co"
    row = _webhook_row(alert)
    assert row.state == OutboxState.SENT and row.text_body == hit["body"].decode()
    assert hit["delivery"] == f"outbox-{row.pk}"


def test_slack_format_sends_escaped_text(settings, receiver, alert):
    url, received = receiver
    settings.RAPPORT_ALERT_WEBHOOK_URL = url
    settings.RAPPORT_ALERT_WEBHOOK_SECRET = SECRET
    settings.RAPPORT_ALERT_WEBHOOK_FORMAT = "slack"
    send_alert_webhook(alert, url)
    data = json.loads(received[0]["body"])
    assert list(data) == ["text"]
    assert "&lt;script&gt;" in data["text"] and "<script>" not in data["text"]
    assert received[0]["signature"] == sign(received[0]["body"], SECRET)


def test_no_webhook_without_a_url(settings, alert):
    settings.RAPPORT_ALERT_WEBHOOK_URL = None
    assert queue_alert_notifications(alert)["webhook"] == 0
    assert not OutboxMessage.objects.filter(kind=OutboxKind.WEBHOOK).exists()


def test_an_unreachable_webhook_is_retried_by_the_outbox_then_fails(settings, alert):
    settings.RAPPORT_ALERT_WEBHOOK_URL = "http://127.0.0.1:9/unreachable"
    settings.RAPPORT_ALERT_WEBHOOK_SECRET = SECRET
    queue_alert_notifications(alert)
    row = _webhook_row(alert)
    assert deliver(row.pk) == "retry"
    row.refresh_from_db()
    assert row.state == OutboxState.QUEUED and row.next_attempt_at and row.last_error
    OutboxMessage.objects.filter(pk=row.pk).update(attempts=4, next_attempt_at=None)
    assert deliver(row.pk) == "failed"


def test_the_webhook_is_sent_once_per_alert(settings, receiver, alert):
    url, _ = receiver
    settings.RAPPORT_ALERT_WEBHOOK_URL = url
    settings.RAPPORT_ALERT_WEBHOOK_SECRET = SECRET
    queue_alert_notifications(alert)
    assert queue_alert_notifications(alert) == {"email": 0, "webhook": 0}
    assert OutboxMessage.objects.filter(alert=alert, kind=OutboxKind.WEBHOOK).count() == 1


def test_signature_is_hmac_sha256_of_the_body():
    import hashlib
    import hmac

    body = b'{"a":1}'
    expected = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert sign(body, SECRET) == f"sha256={expected}"
