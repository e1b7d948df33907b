"""Pulse rounds, invitations and responses (imported by ``feedback.models``).

Privacy: a PulseResponse has a random UUID key. In an anonymous round (the default) it keeps no
stakeholder, no invitation, no token and no precise time (``submitted_on`` is the first of the
month); the invitation only flips ``used``. A check constraint keeps anonymous rows unlinked.
"""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rapport.customers.models import Customer, FeedbackCulture, Language, Stakeholder

QUARTER_REGEX = r"^[0-9]{4}-Q[1-4]$"
PRIORITIES_RANGE = (1, 10)
EFFORT_RANGE = (1, 7)


class PulseState(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("pulse round", "Planned")
    OPEN = "open", pgettext_lazy("pulse round", "Open")
    CLOSED = "closed", pgettext_lazy("pulse round", "Closed")


class PulseRound(models.Model):
    """One customer's pulse for one quarter (``YYYY-Qn``)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="pulse_rounds")
    period = models.CharField(max_length=7, help_text=_("YYYY-Qn"))
    state = models.CharField(max_length=8, choices=PulseState.choices, default=PulseState.PLANNED)
    confidentiality = models.CharField(
        max_length=12, choices=FeedbackCulture.choices, default=FeedbackCulture.ANONYMOUS
    )
    deadline = models.DateField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["customer__name", "-period"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "period"], name="feedback_pulseround_unique_period"
            ),
            models.CheckConstraint(
                condition=Q(state__in=PulseState.values), name="feedback_pulseround_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(period__regex=QUARTER_REGEX), name="feedback_pulseround_period_format"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer} · pulse {self.period}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("feedback:pulse_round", args=[self.pk])

    @property
    def is_anonymous(self) -> bool:
        return self.confidentiality == FeedbackCulture.ANONYMOUS


class PulseInvitation(models.Model):
    """A stakeholder asked to answer a round. The emailed token is made when the email is sent
    and only its SHA-256 is kept (``token_hash``); a failed send clears it."""

    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="invitations")
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="pulse_invitations"
    )
    email = models.EmailField()
    language = models.CharField(max_length=5, choices=Language.choices, default=Language.EN)
    expires_at = models.DateTimeField()
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    used = models.BooleanField(default=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["round", "stakeholder__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "stakeholder"], name="feedback_pulseinvitation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder} · {self.round}"


class PulseResponse(models.Model):
    """One person's answers to a round. ``services_helping`` lists roadmap Service ids."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="responses")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="pulse_responses")
    confidentiality = models.CharField(max_length=12, choices=FeedbackCulture.choices)
    # Empty for anonymous rounds (a check constraint keeps it so).
    stakeholder = models.ForeignKey(
        Stakeholder,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pulse_responses",
    )
    submitted_on = models.DateField()
    priorities_served = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    effort = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    services_helping = models.JSONField(default=list, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(confidentiality="anonymous") | Q(stakeholder__isnull=True),
                name="feedback_pulseresponse_anonymous_unlinked",
            ),
            models.CheckConstraint(
                condition=Q(priorities_served__gte=1, priorities_served__lte=10),
                name="feedback_pulseresponse_priorities_range",
            ),
            models.CheckConstraint(
                condition=Q(effort__gte=1, effort__lte=7),
                name="feedback_pulseresponse_effort_range",
            ),
            models.UniqueConstraint(
                fields=["round", "stakeholder"],
                condition=Q(stakeholder__isnull=False),
                name="feedback_pulseresponse_one_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Pulse response · {self.round}"
