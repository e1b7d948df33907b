"""``rapport api-token EMAIL --name NAME``: issue a token for scripts using the JSON API."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapport.accounts import services
from rapport.accounts.models import User


class Command(BaseCommand):
    help = "Issue an API token for a user; the token is printed once and stored only as a hash."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", required=True, help="What the token is for.")

    def handle(self, *args: Any, email: str, name: str, **options: Any) -> None:
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user with email {email}.")
        _, raw = services.issue_api_token(user, name=name)
        self.stdout.write(raw)
        self.stderr.write("Send it as 'Authorization: Bearer <token>'. It is shown only this once.")
