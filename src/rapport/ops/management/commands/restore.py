"""``rapport restore FILE --yes``: replace the whole database with a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapport.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the whole database with a backup made by `rapport backup`. Stop the web "
        "processes and the worker first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="Confirm: every row is replaced by the backup's."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            raise CommandError(
                "A restore replaces every row of the database with the backup's; "
                "stop the web processes and the worker, then run it again with --yes."
            )
        try:
            tables = restore(options["file"])
        except BackupError as exc:
            raise CommandError(f"{exc} Nothing was changed.") from exc
        self.stdout.write(f"Restored {tables} tables from {options['file']}.")
