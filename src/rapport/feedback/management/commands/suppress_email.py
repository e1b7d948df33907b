"""``rapport suppress-email ADDRESS --reason bounce|opt_out``: record a hard bounce or an
opt-out reported by the mail provider; Rapport will not email that address again."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email

from rapport.customers.models import Stakeholder
from rapport.feedback.models import SuppressionReason
from rapport.feedback.services import record_suppression


class Command(BaseCommand):
    help = "Stop emailing an address (hard bounce or opt-out)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--reason", choices=SuppressionReason.values, default="bounce")
        parser.add_argument("--note", default="")

    def handle(self, *args: Any, email: str, reason: str, note: str, **options: Any) -> None:
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"“{email}” is not an email address.") from None
        stakeholder = Stakeholder.objects.filter(email__iexact=email).first()
        row = record_suppression(email, reason, by="command", stakeholder=stakeholder, note=note)
        self.stdout.write(f"{row.email}: {row.get_reason_display()} — no more emails.")
