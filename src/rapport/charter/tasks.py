"""Periodic work of the charter app, registered in the project's one schedule."""

from __future__ import annotations

from rapport.feedback.schedule import periodic


@periodic("charter-reminders", "Email relationship owners two weeks before a charter review.")
def _charter_reminders() -> int:
    from django.conf import settings

    from rapport.charter.services import send_charter_reminders

    return send_charter_reminders(base_url=getattr(settings, "SITE_URL", "").rstrip("/"))
