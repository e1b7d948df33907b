"""``rapport unlock EMAIL``: lift a lockout after failed sign-ins; ``--reset-2fa`` also removes
the person's authenticator and recovery codes (a lost phone)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from rapport.accounts import services
from rapport.accounts.models import User


class Command(BaseCommand):
    help = "Lift the sign-in lockout of a user (and, with --reset-2fa, their two-factor set-up)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("email")
        parser.add_argument(
            "--reset-2fa",
            action="store_true",
            help="Also remove their authenticator app and recovery codes.",
        )

    def handle(self, *args: Any, email: str, reset_2fa: bool, **options: Any) -> None:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No user with email {email}.")
        removed = services.unlock_sign_in(user, by=None)
        self.stdout.write(f"{user.email}: {removed} lockout record(s) removed; they can sign in.")
        if reset_2fa:
            services.disable_two_factor(user, by=None)
            self.stdout.write(f"{user.email}: two-factor sign-in reset.")
