"""Stored results of the health review: monthly snapshots per project, and alerts to act on."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rapport.portfolio.models import Project


class Status(models.TextChoices):
    GREEN = "G", _("Green")
    AMBER = "A", _("Amber")
    RED = "R", _("Red")


class Severity(models.TextChoices):
    CRITICAL = "critical", _("Critical")
    WARNING = "warning", _("Warning")


class AlertState(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RESOLVED = "resolved", _("Resolved")


class HealthSnapshot(models.Model):
    """A project's health for one month: the figures, the verdict and the reasons for it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="health_snapshots")
    period = models.CharField(max_length=7)  # "YYYY-MM"
    n = models.PositiveIntegerField(default=0)
    mean = models.FloatField(null=True, blank=True)
    adjusted = models.FloatField(null=True, blank=True)
    theta = models.FloatField(null=True, blank=True)
    low = models.FloatField(null=True, blank=True)
    high = models.FloatField(null=True, blank=True)
    method = models.CharField(max_length=20, blank=True)  # how θ was estimated
    status = models.CharField(max_length=1, choices=Status.choices)
    delivery = models.CharField(max_length=1, choices=Status.choices)
    satisfaction = models.CharField(max_length=1, choices=Status.choices)
    engagement = models.CharField(max_length=1, choices=Status.choices)
    actions = models.CharField(max_length=1, choices=Status.choices)
    reasons = models.JSONField(default=list, blank=True)
    signals = models.JSONField(default=list, blank=True)
    computed_at = models.DateTimeField(default=timezone.now)
    # The project's latest snapshot: readers of "now" (the health API, the health review) find
    # one row per project through the partial index below, however long the history. Kept by
    # ``storage.mark_latest`` wherever snapshots are written.
    latest = models.BooleanField(default=False)

    class Meta:
        ordering = ["project_id", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "period"], name="insights_snapshot_unique_project_period"
            ),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(latest=True),
                name="insights_snapshot_one_latest_per_project",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.period}: {self.status}"


class Alert(models.Model):
    """An early-warning signal to look at. At most one open alert per project and rule."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="alerts")
    rule = models.CharField(max_length=40)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    period = models.CharField(max_length=7)  # the period in which the rule fired
    last_period = models.CharField(max_length=7)  # the latest period it fired again
    message = models.TextField()
    evidence = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=12, choices=AlertState.choices, default=AlertState.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_note = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "rule"],
                condition=Q(state="open"),
                name="insights_alert_one_open_per_project_rule",
            ),
            models.CheckConstraint(
                condition=Q(severity__in=Severity.values), name="insights_alert_severity_valid"
            ),
            models.CheckConstraint(
                condition=Q(state__in=AlertState.values), name="insights_alert_state_valid"
            ),
        ]
        indexes = [models.Index(fields=["state", "severity", "created_at"])]

    def __str__(self) -> str:
        return f"{self.project}: {self.rule} ({self.period})"

    @property
    def is_active(self) -> bool:
        return self.state != AlertState.RESOLVED


class RecomputeRequest(models.Model):
    """The single "recompute requested" marker (one row, pk=1) that debounces the recompute.

    New responses and cycle changes set ``pending`` with a conditional UPDATE and enqueue the
    task only when they flipped it; the task claims the request the same way. So a burst of
    answers causes one recompute, not one per answer.
    """

    pending = models.BooleanField(default=False)
    requested_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)  # how long the last run took
    summary = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return "pending" if self.pending else f"done {self.finished_at}"


class CommentInsight(models.Model):
    """What comments of the last 12 months say, per customer (or the whole portfolio when
    ``customer`` is empty): mean sentiment and recurring themes. Stored by the recompute, shown
    only when enough distinct people wrote them (the anonymity threshold for comments)."""

    customer = models.ForeignKey(
        "customers.Customer", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    respondents = models.PositiveIntegerField(default=0)
    comments = models.PositiveIntegerField(default=0)
    sentiment = models.FloatField(null=True, blank=True)
    themes = models.JSONField(default=list, blank=True)  # [{theme, respondents, sentiment}]
    computed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Comments of {self.customer or 'the portfolio'}"


class CommentTopic(models.Model):
    """A theme of the PMO's comment taxonomy ("Schedule and delays"), with the phrases that
    mark it in each language the survey speaks. Seeded from ``insights/data/topics.json``;
    PMO leads and analysts add and edit topics in the console. The recompute reads the active
    topics when it builds the comment insight."""

    key = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    description = models.CharField(max_length=300, blank=True)
    # {"en": ["late", "delay*", "on time"], "fr": ["retard*"], …}; see analytics/text.py.
    phrases = models.JSONField(default=dict, blank=True)
    active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PeriodFit(models.Model):
    """The portfolio context of one period (``analytics.context.PeriodContext`` as JSON): the
    case-mix fit of its window and the early-warning prior. Written by every full recompute,
    read by the incremental recompute of one project."""

    period = models.CharField(max_length=7, unique=True)
    context = models.JSONField(default=dict)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["period"]

    def __str__(self) -> str:
        return f"Portfolio context {self.period}"


class PendingRecompute(models.Model):
    """A project whose health must be recomputed, one row per project however many answers.

    ``since``: the earliest period that changed ("" = every period). ``requested_at`` moves on
    with every request, so a full recompute clears only the requests made before it loaded.
    """

    project = models.OneToOneField(
        Project, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    since = models.CharField(max_length=7, blank=True)
    requested_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Recompute project {self.project_id} from {self.since or 'the start'}"
