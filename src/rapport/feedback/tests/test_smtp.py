"""End to end through a real SMTP server (aiosmtpd on 127.0.0.1, a free port): the invitation
arrives, and following the link in the received message records the survey."""

from __future__ import annotations

import email
import re
import socket

import pytest
from aiosmtpd.controller import Controller

from rapport.feedback import services
from rapport.feedback.models import Response

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self):
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_inbox(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    yield inbox
    controller.stop()


def test_invitation_through_real_smtp_and_answer_from_the_link(
    client, project, feedback_givers, carol, smtp_inbox, django_capture_on_commit_callbacks
):
    project.customer.preferred_channel = "email"
    project.customer.save()
    cycle = services.plan_cycle(project, "2026-03", by=carol)
    with django_capture_on_commit_callbacks(execute=True):
        services.open_cycle(cycle, by=carol)
    assert len(smtp_inbox.messages) == 2
    received = next(m for m in smtp_inbox.messages if m["To"] == "olivia@retail.test")
    assert received["List-Unsubscribe"]
    text = next(
        part.get_payload(decode=True).decode()
        for part in received.walk()
        if part.get_content_type() == "text/plain"
    )
    path = re.search(r"http://testserver(/s/[A-Za-z0-9_\-]+/)", text).group(1)
    assert client.post(path, {"q_overall": "9", "q_make_it_ten": "Keep it up"}).status_code == 302
    response = Response.objects.get()
    assert response.overall == 9 and response.comment == "Keep it up"
    assert response.stakeholder.email == "olivia@retail.test"
