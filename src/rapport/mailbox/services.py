"""Reading the demo mailbox."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from rapport.mailbox.models import MailboxMessage

BACKEND = "rapport.mailbox.backend.MailboxBackend"


def is_enabled() -> bool:
    """Whether email goes to the demo mailbox (``RAPPORT_EMAIL=mailbox``)."""
    return settings.EMAIL_BACKEND == BACKEND


def find_copy(to_email: str, subject: str, since: dt.datetime | None) -> MailboxMessage | None:
    """The mailbox copy of an email sent to ``to_email`` with ``subject`` at or after ``since``
    (the outbox keeps customer emails without their link; this is the one that was sent)."""
    if not is_enabled() or not to_email or not subject:
        return None
    rows = MailboxMessage.objects.filter(subject=subject, to__icontains=to_email)
    if since is not None:
        rows = rows.filter(sent_at__gte=since)
    wanted = to_email.strip().lower()
    for row in rows.order_by("sent_at", "pk")[:20]:
        if wanted in (a.strip().lower() for a in row.to.split(",")):
            return row
    return None
