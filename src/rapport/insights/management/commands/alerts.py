"""rapport alerts --format json|csv: every alert with the period in which it fired."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rapport.insights.management.commands._readout import write_rows
from rapport.insights.readout import ALERT_COLUMNS, alert_row, alerts


class Command(BaseCommand):
    help = "Print alerts (project, period it fired, rule, severity, message) as JSON or CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=("json", "csv"), default="csv")
        parser.add_argument("--active", action="store_true", help="Leave out resolved alerts.")

    def handle(self, *args: Any, format: str = "csv", active: bool = False, **options: Any) -> None:
        rows = (alert_row(a) for a in alerts(active_only=active).iterator())
        write_rows(self.stdout, rows, ALERT_COLUMNS, format)
