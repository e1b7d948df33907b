"""An email backend that delivers to the demo mailbox (``RAPPORT_EMAIL=mailbox``).

``make demo`` uses it so the terminal stays readable and every email (customer emails, alerts,
password resets, charter reminders) can be read in the console at ``/mailbox/`` as its
recipient saw it, text and HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from email.mime.base import MIMEBase

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

from rapport.mailbox.models import MailboxMessage


def _html_of(message: EmailMessage) -> str:
    for content, mimetype in getattr(message, "alternatives", []) or []:
        if mimetype == "text/html":
            return str(content)
    if message.content_subtype == "html":
        return str(message.body)
    return ""


def _attachment_names(message: EmailMessage) -> list[str]:
    names = []
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            names.append(attachment.get_filename() or "attachment")
        else:
            names.append(attachment[0] or "attachment")
    return names


class MailboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        rows = []
        for message in email_messages:
            recipients = message.recipients()
            if not recipients:
                continue
            html = _html_of(message)
            rows.append(
                MailboxMessage(
                    from_email=str(message.from_email),
                    to=", ".join(recipients),
                    subject=str(message.subject)[:998],
                    text_body="" if message.content_subtype == "html" else str(message.body),
                    html_body=html,
                    attachments=_attachment_names(message),
                )
            )
        MailboxMessage.objects.bulk_create(rows)
        return len(rows)
