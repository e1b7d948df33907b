"""A console user signed in with a chosen console language, for the tests of every app."""

from __future__ import annotations

from typing import Any

from django.test import Client

from rapport.accounts.services import set_console_language


def console_client(user: Any, language: str) -> Client:
    """A test client signed in as ``user``, whose console speaks ``language`` (set as the
    profile page sets it)."""
    set_console_language(user, language, by=user)
    client = Client()
    client.force_login(user)
    return client
