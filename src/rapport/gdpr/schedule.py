"""The retention rule, registered in the project's one schedule (feedback.schedule)."""

from __future__ import annotations

from django.conf import settings

from rapport.feedback.schedule import periodic


@periodic(
    "erase-after-retention",
    "Erase stakeholders with no contact for RAPPORT_RETENTION_MONTHS months (0: off).",
)
def _erase_after_retention() -> int:
    from rapport.gdpr.services import erase_inactive

    return erase_inactive(settings.RAPPORT_RETENTION_MONTHS)
