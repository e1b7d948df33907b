"""Emails waiting to go out, and the addresses Rapport must not email (imported by
``feedback.models``; the kinds that other apps write are registered in ``outbox_kinds``)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rapport.customers.models import Stakeholder


class SuppressionReason(models.TextChoices):
    HARD_BOUNCE = "bounce", _("Hard bounce")
    OPT_OUT = "opt_out", _("Opted out")


class Suppression(models.Model):
    """An address we must not email (bounced or opted out)."""

    email = models.EmailField()
    stakeholder = models.ForeignKey(
        Stakeholder, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=10, choices=SuppressionReason.choices)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="feedback_suppression_email_unique")
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_reason_display()})"


class OutboxState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    NEEDS_CHECK = "needs_check", _("Needs a manual check")
    CANCELLED = "cancelled", pgettext_lazy("email state", "Cancelled")


class OutboxKind(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    REMINDER = "reminder", _("Reminder")
    RETRY = "retry", _("Retry after expiry")
    SUMMARY = "summary", _("Closing summary")
    PULSE = "pulse", _("Service pulse")
    ACTION_DONE = "action_done", _("Action done")
    ALERT = "alert", _("Alert")
    WEBHOOK = "webhook", _("Alert webhook")
    MONTHLY_PACK = "monthly_pack", _("Monthly pack")
    SAID_DID = "said_did", _("You said, we did")
    ACTION_REMINDER = "action_due", _("Actions due (to their owner)")


class OutboxMessage(models.Model):
    """One email (or one alert webhook POST), queued once: ``dedupe_key`` is unique, and a worker
    claims the row with a conditional UPDATE (queued → sending) before sending. Delivery is at
    least once: a retry reuses ``message_id``, so mail clients collapse a duplicate. Survey links
    are generated when the message is sent and stored here only redacted."""

    kind = models.CharField(max_length=12, choices=OutboxKind.choices)
    dedupe_key = models.CharField(max_length=100, unique=True)
    to_email = models.EmailField(blank=True)
    invitation = models.ForeignKey(
        "feedback.Invitation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
    )
    cycle = models.ForeignKey(
        "feedback.ReviewCycle",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
    )
    pulse_invitation = models.ForeignKey(
        "feedback.PulseInvitation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
    )
    # An "action done" message: to whom (for their name and language) and which actions it
    # tells about. Actions done while the message waits are added to it (one email a day).
    stakeholder = models.ForeignKey(
        Stakeholder, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actions = models.ManyToManyField("feedback.Action", blank=True, related_name="messages")
    # An alert email or webhook: which alert; ``url`` is the webhook's address (``to_email`` is
    # then empty). ``manages``: the recipient manages alerts, so the link is the alerts page.
    alert = models.ForeignKey(
        "insights.Alert", null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    url = models.URLField(max_length=500, blank=True)
    manages = models.BooleanField(default=False)
    # Set on the first attempt and reused by every retry (RFC 5322 Message-ID).
    message_id = models.CharField(max_length=250, blank=True)
    state = models.CharField(max_length=12, choices=OutboxState.choices, default=OutboxState.QUEUED)
    subject = models.CharField(max_length=300, blank=True)
    text_body = models.TextField(blank=True)
    html_body = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Written (committed) just before the message is handed to the mail server or the webhook:
    # a claim left by a dead worker without it never left, so it is queued again on its own.
    handed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=OutboxState.values), name="feedback_outbox_state_valid"
            )
        ]
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient}"

    @property
    def recipient(self) -> str:
        """Whom it goes to; of a webhook only the host (its URL may hold a secret)."""
        if self.url:
            return f"webhook at {urlsplit(self.url).hostname}"
        return self.to_email
