"""The partnership charter a PMO agrees with a customer.

- ``PartnershipCharter``: one per customer; when it was agreed and when it is reviewed next.
- ``CharterPrinciple``: a guiding principle (strategic alignment, transparency, …), bound to a
  measure from ``charter.measures.MEASURES`` and a target, so the scorecard can show it.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rapport.customers.models import Customer
from rapport.languages import check_translations, pick_translation


class CharterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AGREED = "agreed", _("Agreed")
    UNDER_REVIEW = "under_review", _("Under review")
    ENDED = "ended", _("Ended")


class PartnershipCharter(models.Model):
    customer = models.OneToOneField(Customer, on_delete=models.CASCADE, related_name="charter")
    agreed_on = models.DateField(null=True, blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=CharterStatus.choices, default=CharterStatus.DRAFT
    )
    # The review date the owner was last reminded of: one reminder per review date.
    reminded_for = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["customer__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CharterStatus.values), name="charter_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Partnership charter with {self.customer}"

    def get_absolute_url(self) -> str:
        return reverse("charter:scorecard", args=[self.customer_id])


class CharterPrinciple(models.Model):
    charter = models.ForeignKey(
        PartnershipCharter, on_delete=models.CASCADE, related_name="principles"
    )
    name = models.CharField(max_length=120)
    description = models.CharField(max_length=300, blank=True)
    # The name and description in the other languages the customer's people read, {"de": "…"};
    # ``name`` and ``description`` are in the customer's own language, or are Rapport's default
    # words, which the respondent catalog translates (docs/i18n.md, "Texts the PMO writes").
    name_translations = models.JSONField(
        default=dict,
        blank=True,
        help_text=_('The name in other languages, e.g. {"de": "…"}.'),
    )
    description_translations = models.JSONField(
        default=dict,
        blank=True,
        help_text=_('The description in other languages, e.g. {"de": "…"}.'),
    )
    measure = models.CharField(max_length=40, help_text=_("How we see it in the numbers."))
    target = models.FloatField(help_text=_("The level agreed with the customer."))
    survey_principle = models.CharField(
        max_length=40,
        blank=True,
        help_text=_("For survey measures: the principle the review question asks about."),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["charter", "position", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        check_translations("name_translations", self.name_translations)
        check_translations("description_translations", self.description_translations)

    def name_in(self, language: str) -> str:
        """The name in ``language``: the PMO's translation, else as written."""
        return pick_translation(self.name, self.name_translations, language)

    def description_in(self, language: str) -> str:
        """The description in ``language``: the PMO's translation, else as written."""
        return pick_translation(self.description, self.description_translations, language)
