"""rapport export LIST --format csv|xlsx [--as EMAIL] [--output FILE] [--filter KEY=VALUE …]"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapport.exports.filters import names
from rapport.exports.services import EXPORTS, FORMATS, UnknownExport, write_export


class Command(BaseCommand):
    help = (
        "Export a console list (customers, stakeholders, projects, reviews, responses, issues, "
        "actions, alerts, health, roadmap, audit) as CSV or XLSX, as one user sees it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("list", help=f"One of: {', '.join(EXPORTS)}.")
        parser.add_argument("--format", choices=FORMATS, default="csv")
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")
        parser.add_argument(
            "--as",
            dest="reader",
            help="Email of the user whose view to export (default: the first active PMO lead).",
        )
        parser.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help="A filter as on the page, e.g. --filter project=12 --filter period=2025-03.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name, fmt, output = options["list"], options["format"], options["output"]
        if name not in EXPORTS:
            raise CommandError(f"No list called “{name}”. Lists: {', '.join(EXPORTS)}.")
        if fmt == "xlsx" and not output and sys.stdout.isatty():
            raise CommandError("XLSX is a binary file: give --output FILE.xlsx.")
        params = {}
        for item in options["filter"]:
            key, sep, value = item.partition("=")
            if not sep or not key:
                raise CommandError(f"--filter takes KEY=VALUE, not “{item}”.")
            known = names(EXPORTS[name].filters)
            if key not in known:
                allowed = ", ".join(known) or "none"
                raise CommandError(f"“{name}” has no filter “{key}”. Filters: {allowed}.")
            params[key] = value
        reader = _reader(options["reader"])
        try:
            if output:
                _write_file(output, lambda out: write_export(name, reader, params, fmt, out), fmt)
            elif fmt == "csv":
                write_export(name, reader, params, fmt, self.stdout)  # type: ignore[arg-type]
            else:
                write_export(name, reader, params, fmt, sys.stdout.buffer)
        except (PermissionDenied, UnknownExport) as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            # A filter's value it does not take: say which, as the console's links do.
            raise CommandError(
                " ".join(f"{key}: {' '.join(msgs)}" for key, msgs in exc.message_dict.items())
            ) from exc
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror}.") from exc


_PART: dict[str, Any] = {"prefix": ".rapport-export.", "suffix": ".part", "delete": False}


def _write_file(output: str, write: Callable[[Any], Any], fmt: str) -> None:
    """Write the export beside ``output`` and put it in its place only once it is whole: a
    refused filter, a permission or a full disk leaves no empty or half-written file, and an
    earlier export under that name stays as it was."""
    target = Path(output)
    part: IO[Any] = (  # closed below, then renamed or removed
        tempfile.NamedTemporaryFile(  # noqa: SIM115
            "w", encoding="utf-8", newline="", dir=target.parent, **_PART
        )
        if fmt == "csv"
        else tempfile.NamedTemporaryFile("wb", dir=target.parent, **_PART)  # noqa: SIM115
    )
    try:
        with part:
            write(part)
        os.replace(part.name, target)
    except BaseException:
        Path(part.name).unlink(missing_ok=True)
        raise


def _reader(email: str | None) -> Any:
    from rapport.accounts.models import Role, User

    if email:
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user with the email {email}.")
        return user
    user = User.objects.filter(role=Role.PMO_LEAD, is_active=True).order_by("pk").first()
    if user is None:
        raise CommandError("No active PMO lead: give --as EMAIL.")
    return user
