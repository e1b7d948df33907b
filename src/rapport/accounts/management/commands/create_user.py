"""``rapport create-user``: add a console user (the first PMO lead, or anyone after)."""

from __future__ import annotations

import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from rapport.accounts import services
from rapport.accounts.models import Role, User


class Command(BaseCommand):
    help = "Create a console user with a role; asks for the password unless --no-password."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", required=True, help="Full name, as shown in the console.")
        parser.add_argument("--role", choices=Role.values, default=Role.PMO_LEAD)
        parser.add_argument(
            "--no-password",
            action="store_true",
            help="Create without a password; the user sets one through 'Forgot your password?'.",
        )

    def handle(self, *args, email, name, role, no_password, **options):
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(f"A user with email {email} already exists.")
        password = None
        if not no_password:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords differ; nothing was created.")
        try:
            user = services.create_user(email=email, full_name=name, role=role, password=password)
        except (ValidationError, ValueError) as exc:
            raise CommandError(f"Could not create the user: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Created {user.email} ({user.role_label})."))
