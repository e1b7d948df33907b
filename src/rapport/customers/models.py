"""Who the PMO serves: customers (business units or clients) and their stakeholders."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone


class Channel(models.TextChoices):
    MEETING = "meeting", "Meeting"
    CALL = "call", "Call"
    EMAIL = "email", "Email survey"


class FeedbackCulture(models.TextChoices):
    """How candid feedback can be here (DESIGN.md, "Privacy and fairness")."""

    ATTRIBUTED = "attributed", "Attributed"
    CONFIDENTIAL = "confidential", "Confidential"
    ANONYMOUS = "anonymous", "Anonymous"


class Language(models.TextChoices):
    EN = "en", "English"
    FR = "fr", "French"
    DE = "de", "German"
    ES = "es", "Spanish"
    NL = "nl", "Dutch"


class CustomerKind(models.TextChoices):
    BUSINESS_UNIT = "business_unit", "Business unit"
    CLIENT = "client", "External client"


class Customer(models.Model):
    """A business unit or client the PMO delivers projects for."""

    name = models.CharField(max_length=200)
    external_id = models.CharField(
        max_length=64, blank=True, help_text="The customer's id in another system, for imports."
    )
    kind = models.CharField(
        max_length=20, choices=CustomerKind.choices, default=CustomerKind.BUSINESS_UNIT
    )
    value_provided = models.TextField(
        blank=True, help_text="The value this customer provides to the organization."
    )
    serves = models.TextField(blank=True, help_text="Whom this customer serves.")
    motivations = models.TextField(blank=True, help_text="What motivates them.")
    priorities = models.JSONField(
        default=list, blank=True, help_text="Their priorities, most important first."
    )
    preferred_channel = models.CharField(
        max_length=10, choices=Channel.choices, default=Channel.MEETING
    )
    language = models.CharField(max_length=5, choices=Language.choices, default=Language.EN)
    feedback_culture = models.CharField(
        max_length=12, choices=FeedbackCulture.choices, default=FeedbackCulture.ATTRIBUTED
    )
    relationship_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_customers",
    )
    vocabulary = models.JSONField(
        default=list, blank=True, help_text="Words the customer uses for outcomes."
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="customers_customer_name_unique"),
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="customers_customer_external_id_unique",
            ),
            models.CheckConstraint(
                condition=Q(preferred_channel__in=Channel.values),
                name="customers_customer_channel_valid",
            ),
            models.CheckConstraint(
                condition=Q(feedback_culture__in=FeedbackCulture.values),
                name="customers_customer_culture_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("customers:detail", args=[self.pk])


class Engagement(models.TextChoices):
    """Stakeholder engagement levels, from the engagement assessment matrix."""

    UNAWARE = "unaware", "Unaware"
    RESISTANT = "resistant", "Resistant"
    NEUTRAL = "neutral", "Neutral"
    SUPPORTIVE = "supportive", "Supportive"
    LEADING = "leading", "Leading"


LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Stakeholder(models.Model):
    """A person on the customer's side who gives feedback or shapes the relationship."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="stakeholders")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True, help_text="Leave empty if they cannot be emailed.")
    role = models.CharField(max_length=200, blank=True, help_text="Their job or part.")
    language = models.CharField(max_length=5, choices=Language.choices, default=Language.EN)
    power = models.PositiveSmallIntegerField(
        default=3, validators=LEVEL_VALIDATORS, help_text="Influence over the work, 1–5."
    )
    interest = models.PositiveSmallIntegerField(
        default=3, validators=LEVEL_VALIDATORS, help_text="Interest in the work, 1–5."
    )
    engagement_current = models.CharField(
        max_length=12, choices=Engagement.choices, default=Engagement.NEUTRAL
    )
    engagement_desired = models.CharField(
        max_length=12, choices=Engagement.choices, default=Engagement.SUPPORTIVE
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="customers_stakeholder_email_unique"
            ),
            models.CheckConstraint(
                condition=Q(power__gte=1, power__lte=5), name="customers_stakeholder_power_1_5"
            ),
            models.CheckConstraint(
                condition=Q(interest__gte=1, interest__lte=5),
                name="customers_stakeholder_interest_1_5",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def quadrant(self) -> str:
        """Mendelow's power/interest quadrant."""
        high_power, high_interest = self.power >= 3, self.interest >= 3
        if high_power and high_interest:
            return "Manage closely"
        if high_power:
            return "Keep satisfied"
        if high_interest:
            return "Keep informed"
        return "Monitor"
