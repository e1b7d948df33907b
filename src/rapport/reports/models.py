"""A PDF report asked for in the console, generated in the worker, kept for its reader.

The PDF is stored in the database (a report is a few hundred kilobytes): no media files to serve
or back up, and the download goes through the same permission check as every page.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    PORTFOLIO = "portfolio", _("Portfolio health review")
    CUSTOMER = "customer", _("Customer review pack")
    PROJECT = "project", _("Project one-pager")


class ReportState(models.TextChoices):
    PENDING = "pending", _("Waiting for the worker")
    RUNNING = "running", _("Being written")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ReportRequest(models.Model):
    """One report for one reader: what it is about, and the PDF once written.

    The PDF shows what ``requested_by`` may see when it is written, so only they download it.
    """

    kind = models.CharField(max_length=10, choices=ReportKind.choices)
    subject_id = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Customer or project.")
    )
    period = models.CharField(max_length=7, blank=True, help_text=_("YYYY-MM; empty: the latest."))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_requests"
    )
    state = models.CharField(max_length=8, choices=ReportState.choices, default=ReportState.PENDING)
    title = models.CharField(max_length=300, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ReportKind.values), name="reports_request_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(state__in=ReportState.values), name="reports_request_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind="portfolio") | Q(subject_id__isnull=False),
                name="reports_request_subject_needed",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.state in (ReportState.DONE, ReportState.FAILED)


class PackSubscription(models.Model):
    """A person who asked for the monthly pack by email (opt-in, from their profile page).

    Sponsors and PMO roles get the portfolio health review; a customer's relationship owner gets
    that customer's review pack, to check and forward. Each PDF is written for the person, with
    what they may see.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pack_subscription"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Monthly pack for {self.user}"


class PackState(models.TextChoices):
    PREPARING = "preparing", _("Reports being written")
    QUEUED = "queued", _("In the outbox")
    FAILED = "failed", _("A report could not be written")


class MonthlyPack(models.Model):
    """One person's monthly pack for one month: the reports written for them and the email
    that carries them. Unique per person and month, so a re-run of the schedule sends nothing
    twice. The PDFs stay in their ``ReportRequest`` rows and are attached when the email is sent;
    the outbox row keeps only the text."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="monthly_packs"
    )
    period = models.CharField(max_length=7, help_text=_("The month reported on, YYYY-MM."))
    reports = models.ManyToManyField(ReportRequest, blank=True, related_name="packs")
    message = models.OneToOneField(
        "feedback.OutboxMessage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="monthly_pack",
    )
    state = models.CharField(max_length=10, choices=PackState.choices, default=PackState.PREPARING)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-period", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "period"], name="reports_pack_once_a_month"),
            models.CheckConstraint(
                condition=Q(state__in=PackState.values), name="reports_pack_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Monthly pack {self.period} for {self.user}"
