"""rapport report portfolio|customer ID|project ID [--period YYYY-MM] [--as EMAIL] --output F.pdf"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapport.accounts.models import Role, User
from rapport.reports.services import build_report


def operator() -> User:
    """Whoever runs the command reads as the PMO does (an unsaved PMO-lead user), like the
    other read-outs (``rapport health``). ``--as`` writes it for a given person instead."""
    return User(email="command-line@rapport.invalid", role=Role.PMO_LEAD, is_active=True)


class Command(BaseCommand):
    help = (
        "Write a PDF report: the portfolio health review, a customer's pack, a project's one-pager."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=("portfolio", "customer", "project"))
        parser.add_argument("id", nargs="?", type=int, help="The customer's or project's id.")
        parser.add_argument("--period", default="", help="YYYY-MM (default: the latest).")
        parser.add_argument(
            "--as",
            dest="reader",
            default="",
            help="Email of the person the report is for: it shows what they may see.",
        )
        parser.add_argument("--output", "-o", required=True, help="Where to write the PDF.")

    def handle(
        self,
        *args: Any,
        kind: str,
        id: int | None = None,
        period: str = "",
        reader: str = "",
        output: str,
        **options: Any,
    ) -> None:
        if kind == "portfolio" and id is not None:
            raise CommandError("The portfolio report takes no id.")
        if kind != "portfolio" and id is None:
            raise CommandError(f"Which {kind}? Give its id: rapport report {kind} ID --output …")
        user: User | None = operator()
        if reader:
            user = User.objects.filter(email__iexact=reader, is_active=True).first()
            if user is None:
                raise CommandError(f"No active user with the email {reader}.")
        target = Path(output)
        if target.suffix.lower() != ".pdf":
            raise CommandError("--output must name a .pdf file.")
        if not target.parent.exists():
            raise CommandError(f"The folder {target.parent} does not exist.")
        try:
            report = build_report(kind, user, id, period or None)
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from exc
        target.write_bytes(report.pdf)
        self.stdout.write(f"{report.title}: {len(report.pdf) // 1024} kB written to {target}")
