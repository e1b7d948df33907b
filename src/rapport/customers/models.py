"""Who the PMO serves: customers (business units or clients) and their stakeholders."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from rapport.constraints import ConstraintFields


class Channel(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    CALL = "call", _("Call")
    EMAIL = "email", _("Email survey")


class FeedbackCulture(models.TextChoices):
    """How candid feedback can be here (DESIGN.md, "Privacy and fairness")."""

    ATTRIBUTED = "attributed", _("Attributed")
    CONFIDENTIAL = "confidential", _("Confidential")
    ANONYMOUS = "anonymous", _("Anonymous")


class Language(models.TextChoices):
    """The languages a stakeholder or customer can be given: exactly those whose respondent
    catalogs are complete (``settings.RESPONDENT_LANGUAGES``; a test keeps the two equal)."""

    EN = "en", _("English")
    FR = "fr", _("French")
    DE = "de", _("German")
    ES = "es", _("Spanish")
    NL = "nl", _("Dutch")
    IT = "it", _("Italian")
    PT = "pt", _("Portuguese")


LANGUAGE_HELP = cast(str, format_lazy(_("One of {codes}."), codes=", ".join(Language.values)))
"""The language codes a file may use, as the import pages and commands list them (lazy: in the
reader's language)."""


class CustomerKind(models.TextChoices):
    BUSINESS_UNIT = "business_unit", _("Business unit")
    CLIENT = "client", _("External client")


class Customer(ConstraintFields):
    """A business unit or client the PMO delivers projects for."""

    name = models.CharField(max_length=200)
    external_id = models.CharField(
        max_length=64, blank=True, help_text=_("The customer's id in another system, for imports.")
    )
    kind = models.CharField(
        max_length=20, choices=CustomerKind.choices, default=CustomerKind.BUSINESS_UNIT
    )
    value_provided = models.TextField(
        blank=True, help_text=_("The value this customer provides to the organization.")
    )
    serves = models.TextField(blank=True, help_text=_("Whom this customer serves."))
    motivations = models.TextField(blank=True, help_text=_("What motivates them."))
    priorities = models.JSONField(
        default=list, blank=True, help_text=_("Their priorities, most important first.")
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
        default=list, blank=True, help_text=_("Words the customer uses for outcomes.")
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="customers_customer_name_unique",
                violation_error_message=_("Another customer already has this name."),
                violation_error_code="customer_name_taken",
            ),
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="customers_customer_external_id_unique",
                violation_error_message=_("Another customer already has this external id."),
                violation_error_code="customer_external_id_taken",
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

    CONSTRAINT_FIELDS = {
        "customer_name_taken": "name",
        "customer_external_id_taken": "external_id",
    }

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("customers:detail", args=[self.pk])


class Engagement(models.TextChoices):
    """Stakeholder engagement levels, from the engagement assessment matrix."""

    UNAWARE = "unaware", _("Unaware")
    RESISTANT = "resistant", _("Resistant")
    NEUTRAL = "neutral", _("Neutral")
    SUPPORTIVE = "supportive", _("Supportive")
    LEADING = "leading", _("Leading")


LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Stakeholder(ConstraintFields):
    """A person on the customer's side who gives feedback or shapes the relationship."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="stakeholders")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True, help_text=_("Leave empty if they cannot be emailed."))
    role = models.CharField(max_length=200, blank=True, help_text=_("Their job or part."))
    # Empty: the customer's language (``reads_in``).
    language = models.CharField(
        max_length=5,
        choices=Language.choices,
        blank=True,
        default="",
        help_text=_("Leave empty to use the customer's language."),
    )
    power = models.PositiveSmallIntegerField(
        default=3, validators=LEVEL_VALIDATORS, help_text=_("Influence over the work, 1–5.")
    )
    interest = models.PositiveSmallIntegerField(
        default=3, validators=LEVEL_VALIDATORS, help_text=_("Interest in the work, 1–5.")
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
                Lower("email"),
                condition=~Q(email=""),
                name="customers_stakeholder_email_unique",
                violation_error_message=_("Another stakeholder already has this email address."),
                violation_error_code="stakeholder_email_taken",
            ),
            models.CheckConstraint(
                condition=Q(power__gte=1, power__lte=5), name="customers_stakeholder_power_1_5"
            ),
            models.CheckConstraint(
                condition=Q(interest__gte=1, interest__lte=5),
                name="customers_stakeholder_interest_1_5",
            ),
        ]

    CONSTRAINT_FIELDS = {"stakeholder_email_taken": "email"}

    def __str__(self) -> str:
        return self.name

    @property
    def reads_in(self) -> str:
        """The language we write to them in: their own, else their customer's."""
        return self.language or self.customer.language

    @property
    def quadrant(self) -> str:
        """Mendelow's power/interest quadrant."""
        high_power, high_interest = self.power >= 3, self.interest >= 3
        if high_power and high_interest:
            return gettext("Manage closely")
        if high_power:
            return gettext("Keep satisfied")
        if high_interest:
            return gettext("Keep informed")
        return gettext("Monitor")


# --- Listening: what the customer values (issue 3, step 2 "learn what they value") -------------


class ListeningQuestion(models.Model):
    """An open question worth asking in a listening session. The PMO edits the list."""

    text = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class ListeningSession(models.Model):
    """A conversation in which the PMO listened to a customer, and what they said."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="listening_sessions"
    )
    held_on = models.DateField(default=timezone.localdate)
    attendees = models.ManyToManyField(Stakeholder, blank=True, related_name="listening_sessions")
    others_present = models.CharField(
        max_length=300, blank=True, help_text=_("Anyone else present, as free text.")
    )
    questions = models.JSONField(default=list, blank=True, help_text=_("The questions asked."))
    story = models.TextField(blank=True, help_text=_("Their story, in their own words."))
    is_private = models.BooleanField(
        default=False, help_text=_("Private notes: sponsors do not see them.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Listening session with {self.customer} on {self.held_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("customers:session", args=[self.customer_id, self.pk])


class ValueStatement(models.Model):
    """Something the customer values, drawn from a listening session, weighted 1–5."""

    session = models.ForeignKey(
        ListeningSession, on_delete=models.CASCADE, related_name="value_statements"
    )
    text = models.CharField(max_length=500)
    weight = models.PositiveSmallIntegerField(default=3, validators=LEVEL_VALIDATORS)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-weight", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=5), name="customers_value_weight_1_5"
            )
        ]

    def __str__(self) -> str:
        return self.text


# --- Journey: the customer's experience of working with the PMO, and its pains ------------------

DEFAULT_STAGES = ("Request", "Intake", "Planning", "Delivery", "Handover", "Benefits")


class JourneyStage(ConstraintFields):
    """One stage of a customer's journey, with how it feels to them (−2 very bad … +2 very good)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="journey_stages")
    name = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=0)
    experience = models.SmallIntegerField(
        default=0, validators=[MinValueValidator(-2), MaxValueValidator(2)]
    )
    notes = models.TextField(blank=True, help_text=_("How this stage feels, in their words."))

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(experience__gte=-2, experience__lte=2),
                name="customers_stage_experience_range",
            ),
            models.UniqueConstraint(
                "customer",
                Lower("name"),
                name="customers_stage_name_unique",
                violation_error_message=_("This customer already has a stage of this name."),
                violation_error_code="stage_name_taken",
            ),
        ]

    CONSTRAINT_FIELDS = {"stage_name_taken": "name"}

    def __str__(self) -> str:
        return self.name


class PainSource(models.TextChoices):
    LISTENING = "listening", _("Listening session")
    SURVEY_ISSUE = "survey_issue", _("Survey issue")
    CONCERN = "concern", _("Concern")


class PainStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("pain point", "Open")
    ADDRESSED = "addressed", _("Addressed")


class Frequency(models.TextChoices):
    RARE = "rare", _("Rarely")
    MONTHLY = "monthly", _("Monthly")
    WEEKLY = "weekly", _("Weekly")
    DAILY = "daily", _("Daily")


class PainPoint(models.Model):
    """Something that hurts at one stage of the journey. Roadmap items address pain points."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="pain_points")
    stage = models.ForeignKey(JourneyStage, on_delete=models.RESTRICT, related_name="pain_points")
    description = models.TextField(help_text=_("The pain, in the customer's words."))
    severity = models.PositiveSmallIntegerField(default=3, validators=LEVEL_VALIDATORS)
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    source = models.CharField(
        max_length=12, choices=PainSource.choices, default=PainSource.LISTENING
    )
    status = models.CharField(max_length=10, choices=PainStatus.choices, default=PainStatus.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["stage__position", "-severity", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(severity__gte=1, severity__lte=5), name="customers_pain_severity_1_5"
            ),
            models.CheckConstraint(
                condition=Q(source__in=PainSource.values), name="customers_pain_source_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=PainStatus.values), name="customers_pain_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]


# --- Concerns: "the customer is always right" ------------------------------------------------


class ConcernStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("concern", "Open")
    RESPONDED = "responded", _("Responded")
    RESOLVED = "resolved", _("Resolved")
    CONFIRMED = "confirmed", _("Confirmed by customer")


class Concern(models.Model):
    """A frustration the customer voiced, what the PMO answered, and where it stands."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="concerns")
    raised_by = models.ForeignKey(
        Stakeholder, null=True, blank=True, on_delete=models.SET_NULL, related_name="concerns"
    )
    raised_by_text = models.CharField(
        max_length=200, blank=True, help_text=_("Who said it, if not a listed stakeholder.")
    )
    heard_on = models.DateField(default=timezone.localdate)
    text = models.TextField(help_text=_("The frustration, in their words."))
    response = models.TextField(blank=True, help_text=_("The PMO's response."))
    status = models.CharField(
        max_length=10, choices=ConcernStatus.choices, default=ConcernStatus.OPEN
    )
    closed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["heard_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ConcernStatus.values), name="customers_concern_status_valid"
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def who(self) -> str:
        return (
            self.raised_by.name  # type: ignore[union-attr]  # set whenever raised_by_id is
            if self.raised_by_id
            else (self.raised_by_text or "—")
        )

    def days_open(self, today: dt.date | None = None) -> int:
        end = self.closed_on or today or timezone.localdate()
        return max((end - self.heard_on).days, 0)
