"""``rapport import <kind> FILE [--commit]``: import CSV or XLSX rows through the services.

A dry run by default: every row is checked and the outcome reported, nothing is kept. With
``--commit`` the rows are applied, all or nothing. Any bad row makes the command fail.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rapport.accounts.models import User
from rapport.imports.framework import ImportFileError, read_rows
from rapport.imports.registry import get_importer, kinds


class Command(BaseCommand):
    help = "Import customers, stakeholders (and other registered kinds) from CSV or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("kind", help="What to import: " + ", ".join(k.kind for k in kinds()))
        parser.add_argument("file", type=Path, help="A .csv (UTF-8) or .xlsx file.")
        parser.add_argument(
            "--commit", action="store_true", help="Apply the changes (default: a dry run)."
        )
        parser.add_argument(
            "--by", default="", help="Email of the console user to record in the audit log."
        )

    def handle(self, *args, kind, file, commit, by, **options):
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
        try:
            header, rows = read_rows(file.read_bytes(), file.name)
        except ImportFileError as exc:
            raise CommandError(str(exc)) from None

        def progress(done: int, total: int) -> None:
            if total >= importer_class.progress_every:
                self.stderr.write(f"  {done}/{total} rows checked ({100 * done // total}%)")

        importer = importer_class(by=actor or "import")
        importer.report = self.stderr.write
        result = importer.run(header, rows, commit=commit, progress=progress)
        if result.errors:
            for error in result.errors:
                self.stderr.write(f"  {error}")
            raise CommandError(
                f"{len(result.errors)} problem(s) in {file.name}; nothing was changed. "
                "Fix the lines above and run the import again."
            )
        if commit:
            self.stdout.write(self.style.SUCCESS(f"Imported {kind}: {result.summary()}."))
        else:
            self.stdout.write(
                f"Dry run of {kind}: would give {result.summary()}. "
                "Nothing was changed; add --commit to apply."
            )
