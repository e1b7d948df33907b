"""A console user signed in with a chosen console language, for the tests of every app."""

from __future__ import annotations

import re
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


# Words that tell English text from the console's other languages (a page or an email that
# shows them outside stored data has words nobody translated).
ENGLISH_WORDS = [
    "the",
    "and",
    "your",
    "you",
    "with",
    "this",
    "that",
    "is",
    "are",
    "of",
    "to",
    "has",
    "have",
    "not",
    "yet",
    "from",
    "which",
    "who",
    "what",
    "when",
    "how",
    "their",
    "they",
    "been",
    "than",
    "should",
    "would",
    "each",
    "every",
]
# Words English shares with a console language ("Dit is", "of" in Dutch) do not tell English.
SHARED = {"nl": {"is", "of"}}


def english(language: str) -> re.Pattern[str]:
    words = [w for w in ENGLISH_WORDS if w not in SHARED.get(language, set())]
    return re.compile(r"\b(" + "|".join([*words, "no one"]) + r")\b", re.IGNORECASE)
