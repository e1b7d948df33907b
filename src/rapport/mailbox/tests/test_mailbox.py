"""The demo mailbox: a backend that keeps every email, and console pages that show them."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from rapport.mailbox.models import MailboxMessage

MAILBOX = "rapport.mailbox.backend.MailboxBackend"


@pytest.fixture
def mailbox(settings, db):
    settings.EMAIL_BACKEND = MAILBOX


def test_the_backend_keeps_text_html_and_attachment_names(mailbox):
    email = EmailMultiAlternatives(
        "Your monthly review", "Hello Olivia", "pmo@x.test", ["olivia@retail.test"]
    )
    email.attach_alternative("<p>Hello <b>Olivia</b></p>", "text/html")
    email.attach("monthly-review.ics", b"BEGIN:VCALENDAR", "text/calendar")
    assert email.send() == 1
    mail.send_mail("Password reset", "Follow this link", "pmo@x.test", ["carol@pmo.test"])
    reset, review = MailboxMessage.objects.all()
    assert review.to == "olivia@retail.test" and review.text_body == "Hello Olivia"
    assert review.html_body == "<p>Hello <b>Olivia</b></p>"
    assert review.attachments == ["monthly-review.ics"]
    assert reset.subject == "Password reset" and reset.html_body == ""


def test_the_pmo_reads_the_mailbox_as_the_recipient_saw_it(client, alice, mailbox):
    email = EmailMultiAlternatives(
        "Review", "Answer at http://testserver/s/abc/", "pmo@x.test", ["olivia@retail.test"]
    )
    html = '<a href="http://testserver/s/abc/">Answer</a><script>x</script>'
    email.attach_alternative(html, "text/html")
    email.send()
    message = MailboxMessage.objects.get()
    client.force_login(alice)
    inbox = client.get("/mailbox/?to=olivia").content.decode()
    assert f'href="/mailbox/{message.pk}/"' in inbox
    page = client.get(f"/mailbox/{message.pk}/").content.decode()
    # The HTML is shown in a sandboxed frame (escaped into srcdoc: never part of the page).
    assert 'sandbox="allow-popups allow-popups-to-escape-sandbox"' in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x</script>" not in page
    assert '<a href="http://testserver/s/abc/"' in page  # the text part, with its link


def test_the_mailbox_is_for_the_pmo(client, carol, mailbox):
    client.force_login(carol)
    assert client.get("/mailbox/").status_code == 403


def test_the_mailbox_says_when_email_is_really_sent(client, alice):
    client.force_login(alice)
    assert "Email is sent for real here" in client.get("/mailbox/").content.decode()
