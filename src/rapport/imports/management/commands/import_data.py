"""``rapport import <kind> FILE [--commit]``: import CSV or XLSX rows through the services.

A dry run by default: every row is checked and the outcome reported, nothing is kept. With
``--commit`` the rows are applied, all or nothing. Any bad row makes the command fail. The file is
streamed, so a file of 500,000 rows needs no more memory than what it will write.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapport.accounts.models import User
from rapport.imports.framework import ImportFileError
from rapport.imports.reading import TableSource
from rapport.imports.registry import get_importer, kinds
from rapport.imports.services import run_import


class Command(BaseCommand):
    help = "Import customers, stakeholders (and other registered kinds) from CSV or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help="What to import: " + ", ".join(k.kind for k in kinds()))
        parser.add_argument("file", type=Path, help="A .csv (UTF-8) or .xlsx file.")
        parser.add_argument(
            "--commit", action="store_true", help="Apply the changes (default: a dry run)."
        )
        parser.add_argument(
            "--by", default="", help="Email of the console user to record in the audit log."
        )

    def handle(
        self, *args: Any, kind: str, file: Path, commit: bool, by: str, **options: Any
    ) -> None:
        try:
            importer_class = get_importer(kind)
        except KeyError as exc:
            raise CommandError(exc.args[0]) from None
        actor = None
        if by:
            actor = User.objects.filter(email__iexact=by).first()
            if actor is None:
                raise CommandError(f"No console user has the email {by}.")
        if not file.is_file():
            raise CommandError(f"No such file: {file}")

        last = [-1.0]

        def progress(done: int, total: int) -> None:
            # At most twice a second (a 500,000-row file would print thousands of lines).
            now = time.monotonic()
            if total >= importer_class.progress_every and (done >= total or now - last[0] >= 0.5):
                last[0] = now
                self.stderr.write(f"  {done}/{total} rows checked ({100 * done // total}%)")

        try:
            result = run_import(
                kind,
                TableSource.from_path(file),
                by=actor or "import",
                commit=commit,
                progress=progress,
                report=self.stderr.write,
            )
        except ImportFileError as exc:
            raise CommandError(str(exc)) from None
        if result.errors:
            for error in result.errors:
                self.stderr.write(f"  {error}")
            raise CommandError(
                f"{len(result.errors)} problem(s) in {file.name}; nothing was changed. "
                "Fix the lines above and run the import again."
            )
        for note in result.notes:
            self.stdout.write(f"  {note}")
        if result.notes_left_out:
            self.stdout.write(f"  … and {result.notes_left_out} more like these.")
        if commit:
            self.stdout.write(self.style.SUCCESS(f"Imported {kind}: {result.summary()}."))
            if result.write_seconds:
                self.stderr.write(f"  written in {result.write_seconds:.2f} s")
        else:
            self.stdout.write(
                f"Dry run of {kind}: would give {result.summary()}. "
                "Nothing was changed; add --commit to apply."
            )
