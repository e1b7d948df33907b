"""The PMO's service catalog.

``Service``: what the PMO offers, with an outcome statement written for customers (what gets
easier for them). Roadmap items and the service pulse point at a service; the service keeps no
roadmap fields itself.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rapport.constraints import ConstraintFields
from rapport.customers.models import Customer
from rapport.languages import check_translations, pick_translation


class ServiceStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    PILOTING = "piloting", _("Piloting")
    AVAILABLE = "available", _("Available")
    RETIRED = "retired", _("Retired")


# Legal moves between statuses. A pilot may go back to the drawing board; a retired service
# may be revived as an idea, never straight back into use.
SERVICE_TRANSITIONS: dict[str, frozenset[str]] = {
    ServiceStatus.IDEA: frozenset({ServiceStatus.PILOTING, ServiceStatus.RETIRED}),
    ServiceStatus.PILOTING: frozenset(
        {ServiceStatus.AVAILABLE, ServiceStatus.IDEA, ServiceStatus.RETIRED}
    ),
    ServiceStatus.AVAILABLE: frozenset({ServiceStatus.PILOTING, ServiceStatus.RETIRED}),
    ServiceStatus.RETIRED: frozenset({ServiceStatus.IDEA}),
}


class Service(ConstraintFields):
    """Something the PMO offers its customers, described by what gets easier for them."""

    name = models.CharField(max_length=200)
    outcome = models.TextField(
        _("outcome statement"),
        help_text=_("For customers, in their words: what gets easier for them."),
    )
    # The outcome in other languages, {"de": "…"} (docs/i18n.md, "Texts the PMO writes").
    outcome_translations = models.JSONField(
        default=dict,
        blank=True,
        help_text=_('The outcome statement in other languages, e.g. {"de": "…"}.'),
    )
    description = models.TextField(
        _("internal description"),
        blank=True,
        help_text=_("For the PMO: how the service works."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_services",
    )
    status = models.CharField(
        max_length=12, choices=ServiceStatus.choices, default=ServiceStatus.IDEA
    )
    customers = models.ManyToManyField(
        Customer,
        blank=True,
        related_name="services",
        help_text=_("Customers it serves."),
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "roadmap_service"  # created by the roadmap app; kept when it moved here
        ordering = [Lower("name")]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="roadmap_service_name_unique",
                violation_error_message=_("Another service already has this name."),
                violation_error_code="service_name_taken",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ServiceStatus.values), name="roadmap_service_status_valid"
            ),
        ]

    CONSTRAINT_FIELDS = {
        "service_name_taken": "name",
    }

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("roadmap:service_detail", args=[self.pk])

    def clean(self) -> None:
        check_translations("outcome_translations", self.outcome_translations)

    def outcome_in(self, language: str) -> str:
        """The outcome statement in ``language``: its translation, else as written."""
        return pick_translation(self.outcome, self.outcome_translations, language)

    @property
    def next_statuses(self) -> list[ServiceStatus]:
        allowed = SERVICE_TRANSITIONS[self.status]
        return [s for s in ServiceStatus if s in allowed]
