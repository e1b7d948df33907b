"""``rapport run-schedule``: run the periodic jobs (call it daily from cron or a timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapport.feedback.schedule import SCHEDULE, run_all


class Command(BaseCommand):
    help = "Run Rapport's periodic jobs: open monthly reviews, reminders, expiry, outbox."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--job", action="append", help="Run only this job (repeatable).")
        parser.add_argument("--list", action="store_true", help="List the jobs and exit.")

    def handle(
        self, *args: Any, job: list[str] | None = None, list: bool = False, **options: Any
    ) -> None:
        if list:
            for item in SCHEDULE.values():
                self.stdout.write(f"{item.name:<22} {item.description}")
            return
        unknown = set(job or []) - set(SCHEDULE)
        if unknown:
            raise CommandError(f"Unknown job(s): {', '.join(sorted(unknown))}.")
        for name, result in run_all(job).items():
            self.stdout.write(f"{name}: {result}")
