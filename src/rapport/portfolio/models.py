"""Projects and the stakeholders who give feedback on them.

Rapport is not a scheduling tool: a project here carries what the customer relationship needs
(who, for whom, delivery status, context) and can be imported from the PMO's PPM tool.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rapport.constraints import ConstraintFields
from rapport.customers.models import LEVEL_VALIDATORS, Customer, Stakeholder


class DeliveryStatus(models.TextChoices):
    GREEN = "G", "G"
    AMBER_GREEN = "AG", "A/G"
    AMBER = "A", "A"
    AMBER_RED = "AR", "A/R"
    RED = "R", "R"


# Worst first, for roll-ups ("health is the worst of …").
DELIVERY_SEVERITY = {"G": 0, "AG": 1, "A": 2, "AR": 3, "R": 4}

# A month, YYYY-MM (the same format as a review cycle's period).
PERIOD_REGEX = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
_YEAR_GLOB = "[0-9][0-9][0-9][0-9]-"


@models.CharField.register_lookup
class IsMonth(models.Lookup):
    """``period__is_month=True``: the text is a month, YYYY-MM (``PERIOD_REGEX``), for the
    tables' CHECKs. On SQLite it is two GLOBs, which SQLite runs itself: a REGEXP there calls
    back into Python for every row written (a second per 500,000 imported answers)."""

    lookup_name = "is_month"
    prepare_rhs = False

    def _lhs(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        if self.rhs is not True:
            raise ValueError("is_month takes True.")
        lhs, params = self.process_lhs(compiler, connection)
        return lhs, list(params)

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, params = self._lhs(compiler, connection)
        return f"{lhs} ~ %s", (*params, PERIOD_REGEX)

    def as_sqlite(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, params = self._lhs(compiler, connection)
        return (
            f"({lhs} GLOB %s OR {lhs} GLOB %s)",
            (*params, f"{_YEAR_GLOB}0[1-9]", *params, f"{_YEAR_GLOB}1[0-2]"),
        )


class Phase(models.TextChoices):
    INITIATION = "initiation", _("Initiation")
    PLANNING = "planning", _("Planning")
    DELIVERY = "delivery", pgettext_lazy("phase", "Delivery")
    HANDOVER = "handover", _("Handover")
    BENEFITS = "benefits", _("Benefits")


class ProjectState(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("project", "Active")
    PAUSED = "paused", pgettext_lazy("project", "Paused")
    CLOSED = "closed", pgettext_lazy("project", "Closed")


class SizeBand(models.TextChoices):
    SMALL = "S", _("Small")
    MEDIUM = "M", _("Medium")
    LARGE = "L", _("Large")
    EXTRA_LARGE = "XL", _("Extra large")


class Site(models.TextChoices):
    HEAD_OFFICE = "hq", _("Head office")
    SITE = "site", pgettext_lazy("place", "Site")


class Project(ConstraintFields):
    """A project the PMO delivers for a customer, with the context its scores are read in."""

    name = models.CharField(max_length=200)
    code = models.CharField(
        max_length=64, blank=True, help_text=_("The project's id in the PPM tool, for imports.")
    )
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="projects")
    project_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_projects",
    )
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sponsored_projects",
    )
    state = models.CharField(max_length=10, choices=ProjectState.choices, default="active")
    phase = models.CharField(max_length=12, choices=Phase.choices, default=Phase.PLANNING)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    delivery_status = models.CharField(
        max_length=2, choices=DeliveryStatus.choices, default=DeliveryStatus.GREEN
    )
    # Context factors: scores are read against these, never on their own.
    complexity = models.PositiveSmallIntegerField(default=3, validators=LEVEL_VALIDATORS)
    novelty = models.PositiveSmallIntegerField(
        default=3, validators=LEVEL_VALIDATORS, help_text=_("How new this work is to all, 1–5.")
    )
    size_band = models.CharField(max_length=2, choices=SizeBand.choices, default=SizeBand.MEDIUM)
    customer_groups = models.PositiveSmallIntegerField(
        default=1, help_text=_("How many customer groups the project serves.")
    )
    site = models.CharField(max_length=4, choices=Site.choices, default=Site.HEAD_OFFICE)
    stakeholders = models.ManyToManyField(
        Stakeholder, through="ProjectStakeholder", related_name="projects"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "customer",
                Lower("name"),
                name="portfolio_project_name_unique_per_customer",
                violation_error_message=_("This customer already has a project of this name."),
                violation_error_code="project_name_taken",
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="portfolio_project_code_unique",
                violation_error_message=_("Another project already has this code."),
                violation_error_code="project_code_taken",
            ),
            models.CheckConstraint(
                condition=Q(complexity__gte=1, complexity__lte=5),
                name="portfolio_project_complexity_1_5",
            ),
            models.CheckConstraint(
                condition=Q(novelty__gte=1, novelty__lte=5), name="portfolio_project_novelty_1_5"
            ),
            models.CheckConstraint(
                condition=Q(delivery_status__in=DeliveryStatus.values),
                name="portfolio_project_delivery_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(customer_groups__gte=1),
                name="portfolio_project_customer_groups_min_1",
                violation_error_message=_("A project serves at least one customer group."),
                violation_error_code="project_customer_groups_min_1",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="portfolio_project_dates_ordered",
                violation_error_message=_("The end date cannot be before the start date."),
                violation_error_code="project_dates_ordered",
            ),
        ]

    CONSTRAINT_FIELDS = {
        "project_name_taken": "name",
        "project_code_taken": "code",
        "project_customer_groups_min_1": "customer_groups",
        "project_dates_ordered": "end_date",
    }

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portfolio:detail", args=[self.pk])


class ProjectStakeholder(models.Model):
    """Who gives feedback on which project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="memberships"
    )
    role_on_project = models.CharField(max_length=100, blank=True)
    gives_feedback = models.BooleanField(default=True)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["stakeholder__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "stakeholder"], name="portfolio_projectstakeholder_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder} on {self.project}"


class DeliveryStatusMonth(models.Model):
    """A project's delivery status as recorded for one month (YYYY-MM).

    It holds from that month until the next recorded month: the status of any month is the
    latest record at or before it. One record per project and month (the last word of the month
    wins). Written only by ``portfolio.services.set_delivery_status``, from the console, the API
    and the delivery-status import; the project's ``delivery_status`` is its latest record.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="status_months")
    period = models.CharField(max_length=7, help_text=_("YYYY-MM"))
    status = models.CharField(max_length=2, choices=DeliveryStatus.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["project", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "period"], name="portfolio_deliverystatusmonth_unique"
            ),
            models.CheckConstraint(
                condition=Q(period__is_month=True),
                name="portfolio_deliverystatusmonth_period_format",
            ),
            models.CheckConstraint(
                condition=Q(status__in=DeliveryStatus.values),
                name="portfolio_deliverystatusmonth_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.get_status_display()} in {self.period}"
