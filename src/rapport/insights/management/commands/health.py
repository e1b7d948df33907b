"""rapport health --format json|csv [--all-periods]: the stored health review, per project."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rapport.insights.management.commands._readout import write_rows
from rapport.insights.readout import HEALTH_COLUMNS, health_row, health_snapshots


class Command(BaseCommand):
    help = "Print each project's health (latest period, or every period) as JSON or CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=("json", "csv"), default="csv")
        parser.add_argument(
            "--all-periods", action="store_true", help="Every period, not the latest."
        )

    def handle(
        self, *args: Any, format: str = "csv", all_periods: bool = False, **options: Any
    ) -> None:
        rows = (health_row(s) for s in health_snapshots(all_periods=all_periods).iterator())
        write_rows(self.stdout, rows, HEALTH_COLUMNS, format)
