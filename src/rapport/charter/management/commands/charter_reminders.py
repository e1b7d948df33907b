"""``rapport charter-reminders``: email relationship owners before a charter review (idempotent).

Run it daily (cron or the worker's schedule); a reminder goes out once per review date.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from rapport.charter.services import DEFAULT_REMINDER_DAYS, send_charter_reminders


class Command(BaseCommand):
    help = "Email relationship owners N days before a partnership charter review (once per date)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=DEFAULT_REMINDER_DAYS)
        parser.add_argument("--base-url", default=settings.SITE_URL, help="Links point here.")

    def handle(self, *args: Any, days: int, base_url: str, **options: Any) -> None:
        sent = send_charter_reminders(days=days, base_url=base_url.rstrip("/"))
        self.stdout.write(f"Sent {sent} charter review reminder(s).")
