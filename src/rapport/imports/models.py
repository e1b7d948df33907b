"""An import the console handed to the worker (its file until it has run, progress, result), or
a dry run that passed, kept for a while so it can be applied without uploading it again."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportJobState(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Checking the file")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """A large file uploaded on the Import page, imported by the worker (``tasks.run_import_job``).

    ``data`` holds the uploaded bytes only until the job has run (the database is the one store
    the web process and a worker on another machine share), except after a dry run that found no
    problem and would change something: then the checked file stays until ``kept_until`` (the
    schedule's "forget-checked-imports" job empties it) or until it is applied, which makes a new
    job, ``applied_as``. ``result`` holds the counts and the first problems by line and column.
    """

    kind = models.CharField(max_length=40)
    filename = models.CharField(max_length=200)
    data = models.BinaryField(blank=True)
    commit = models.BooleanField(default=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(
        max_length=10, choices=ImportJobState.choices, default=ImportJobState.QUEUED
    )
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # A dry run that passed: its file is kept until then, to be applied without a new upload.
    kept_until = models.DateTimeField(null=True, blank=True)
    applied_as = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} import of {self.filename}"

    def get_absolute_url(self) -> str:
        return reverse("imports:job", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.state in (ImportJobState.DONE, ImportJobState.FAILED)

    @property
    def kind_label(self) -> str:
        """The kind of import in words ("Review history"), in the reader's language."""
        from rapport.imports.registry import get_importer

        try:
            return str(get_importer(self.kind).label)
        except KeyError:
            return self.kind

    @property
    def can_apply(self) -> bool:
        """A dry run that passed, whose file is still kept and not yet applied."""
        return (
            not self.commit
            and self.applied_as_id is None
            and self.kept_until is not None
            and self.kept_until > timezone.now()
        )

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        return 100 * self.rows_done // self.rows_total if self.rows_total else 0
