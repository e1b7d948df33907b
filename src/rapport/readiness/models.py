"""The PMO's readiness self-assessment (six barriers) and the no-ranking pledge."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rapport.readiness.barriers import barrier_scores, validate_ratings


class Assessment(models.Model):
    """One self-assessment: 18 statements rated 1–5 (three per barrier)."""

    taken_on = models.DateField(default=timezone.localdate)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ratings = models.JSONField(help_text=_("Statement key (e.g. 'time.2') → rating 1–5."))
    note = models.TextField(blank=True, help_text=_("What prompted it, who took part."))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-taken_on", "-pk"]

    def __str__(self) -> str:
        return f"Readiness assessment of {self.taken_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("readiness:assessment_detail", args=[self.pk])

    def clean(self) -> None:
        problems = validate_ratings(self.ratings if isinstance(self.ratings, dict) else {})
        if problems:
            raise ValidationError({"ratings": problems})

    @property
    def scores(self) -> dict[str, float]:
        return barrier_scores(self.ratings)


class Pledge(models.Model):
    """A signed version of the no-ranking pledge. The newest one is the pledge in force."""

    version = models.PositiveIntegerField(unique=True)
    text = models.TextField()
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as written, so the signature stays readable if the account is ever removed.
    signer_name = models.CharField(max_length=150)
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="readiness_pledge_text_set"),
            models.CheckConstraint(condition=Q(version__gte=1), name="readiness_pledge_version_1"),
        ]

    def __str__(self) -> str:
        return f"No-ranking pledge v{self.version}"
