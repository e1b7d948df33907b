"""``rapport demo-data``: load a realistic, deterministic demo portfolio."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapport.accounts.models import ConsoleLanguage, Role, User
from rapport.demo import catalog
from rapport.demo.builder import DemoOptions, build_demo


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError
    return number


class Command(BaseCommand):
    help = "Load a demo portfolio: users for each role, customers, stakeholders and projects."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--customers", type=_positive, default=8)
        parser.add_argument("--projects", type=_positive, default=40)
        parser.add_argument(
            "--months", type=_positive, default=18, help="How far back project history reaches."
        )
        parser.add_argument("--seed", type=int, default=7, help="Same seed, same data.")
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="Pretend today is this date (YYYY-MM-DD); default: today.",
        )
        parser.add_argument("--flush", action="store_true", help="Delete ALL existing data first.")

    def handle(
        self,
        *args: Any,
        customers: int,
        projects: int,
        months: int,
        seed: int,
        today: dt.date | None,
        flush: bool,
        **options: Any,
    ) -> None:
        if flush:
            call_command("flush", interactive=False, verbosity=0)
        elif User.objects.exists():
            raise CommandError(
                "This database already holds data. Use a fresh database (make demo does), "
                "or pass --flush to delete everything first."
            )
        result = build_demo(
            DemoOptions(
                customers=customers,
                projects=projects,
                months=months,
                seed=seed,
                today=today or dt.date.today(),
            ),
            progress=lambda msg: self.stdout.write(f"  {msg}"),
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo portfolio ready: {len(result.customers)} customers, "
                f"{len(result.projects)} projects, {len(result.stakeholders)} stakeholders."
            )
        )
        self.stdout.write(f"Demo logins (password: {catalog.DEMO_PASSWORD}):")
        for role, people in catalog.STAFF.items():
            email, name = people[0]
            label = Role(role).label
            self.stdout.write(f"  {label:<18} {email:<28} {name}")
        others = ", ".join(
            f"{email} ({dict(ConsoleLanguage.choices)[language]})"
            for email, language in catalog.STAFF_LANGUAGES.items()
        )
        self.stdout.write(f"Other colleagues read the console in their language: {others}.")
