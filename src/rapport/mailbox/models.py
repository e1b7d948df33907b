"""The demo mailbox: every email Rapport sent, kept as its recipient received it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MailboxMessage(models.Model):
    """One email as sent, links included (so a demo user can follow them).

    Written only by ``MailboxBackend`` (``RAPPORT_EMAIL=mailbox``, refused in production): unlike
    the outbox, which keeps customer emails with their survey link removed, these copies hold
    working links, which is what a demo needs and what a real install must never store.
    """

    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)
    from_email = models.CharField(max_length=320)
    to = models.TextField(help_text=_("Recipients (To, Cc, Bcc), comma-separated."))
    subject = models.CharField(max_length=998)
    text_body = models.TextField(blank=True)
    html_body = models.TextField(blank=True)
    attachments = models.JSONField(default=list, blank=True, help_text=_("File names."))

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"
