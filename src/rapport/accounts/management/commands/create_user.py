"""``rapport create-user``: add a console user (the first PMO lead, or anyone after).

Scriptable: ``--password-stdin`` reads the password from the first line of standard input,
``--no-password`` creates the account without one (the user chooses it through "Forgot your
password?"). It asks for a password only at a terminal; without one it says which option to use.
"""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapport.accounts import services
from rapport.accounts.models import Role


class Command(BaseCommand):
    help = (
        "Create a console user with a role. The password is asked for at a terminal, read from "
        "standard input with --password-stdin, or left for the user to choose (--no-password)."
    )
    # call_command(..., stdin=StringIO(...)) for tests and scripts, as Django's createsuperuser.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", required=True, help="Full name, as shown in the console.")
        parser.add_argument("--role", choices=Role.values, default=Role.PMO_LEAD)
        how = parser.add_mutually_exclusive_group()
        how.add_argument(
            "--password-stdin",
            action="store_true",
            help="Read the password from the first line of standard input "
            "(e.g. printf '%%s\\n' \"$PASSWORD\" | rapport create-user …).",
        )
        how.add_argument(
            "--no-password",
            action="store_true",
            help="Create without a password; the user sets one through 'Forgot your password?' "
            "on the sign-in page.",
        )

    def handle(
        self,
        *args: Any,
        email: str,
        name: str,
        role: str,
        password_stdin: bool,
        no_password: bool,
        **options: Any,
    ) -> None:
        stdin = options.get("stdin") or sys.stdin
        password = None
        if password_stdin:
            password = stdin.readline().rstrip("\r\n")
            if not password:
                raise CommandError(
                    "--password-stdin read an empty line; nothing was created. "
                    "Give the password on the first line of standard input."
                )
        elif not no_password:
            if not _is_terminal(stdin):
                raise CommandError(
                    "No terminal to ask for the password: use --password-stdin (the password on "
                    "the first line of standard input) or --no-password (the user chooses it "
                    "through 'Forgot your password?'). Nothing was created."
                )
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords differ; nothing was created.")
        try:
            user = services.create_user(email=email, full_name=name, role=role, password=password)
        except ValidationError as exc:
            reason = " ".join(exc.messages)
            raise CommandError(f"Could not create the user: {reason} Nothing was created.") from exc
        except ValueError as exc:
            raise CommandError(f"Could not create the user: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Created {user.email} ({user.role_label})."))
        if password is None:
            self.stdout.write(
                "They choose a password through 'Forgot your password?' on the sign-in page."
            )


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # closed or not a file
        return False
