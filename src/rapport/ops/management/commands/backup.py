"""``rapport backup [--output FILE]``: the whole database to one file, checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapport.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Copy the whole database to one file (SQLite online backup, or pg_dump), and check it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", type=Path, help="The file to write (default: var/backups/rapport-<time>)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            done = backup(options["output"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Backed up the {done.vendor} database to {done.path} "
            f"({done.size:,} bytes, {done.tables} tables, checked)."
        )
