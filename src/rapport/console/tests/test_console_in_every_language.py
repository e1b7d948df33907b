"""The console reads in each of its languages end to end: each role signs in with that language,
follows every link it is offered (one page per view, as the accessibility crawl does) and no
page shows an English phrase of the console's own (docs/i18n.md). The demo portfolio's data
(names, comments, outcomes: what people wrote) is English and is not the console's words, so a
text that is part of a stored value is left out."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.db import models

from rapport.accounts.models import User
from rapport.catalogs import CONSOLE_LANGUAGES
from rapport.console.tests.conftest import DEMO_ROLES
from rapport.testing.a11y import crawl_pages
from rapport.testing.console import english

pytestmark = pytest.mark.django_db

READ = {"title", "aria-label", "placeholder", "alt"}


class _Words(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "code", "pre", "textarea"):
            self._skip += 1
        for name, value in attrs:
            if name in READ and value:
                self.texts.append(value)
            if tag == "a" and name == "href" and value:
                self.links.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "code", "pre", "textarea") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.texts.append(" ".join(data.split()))


def _strings(value: Any) -> list[str]:
    """The text inside a stored value (JSON fields hold lists and mappings of text)."""
    if isinstance(value, str):
        return [" ".join(value.split())] if len(value) > 2 else []
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in _strings(item)]
    return []


def _stored_words() -> list[str]:
    """Every text value the demo stored: what people wrote is not the console's words."""
    values: set[str] = set()
    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        ]
        if not fields or not model.__module__.startswith("rapport."):
            continue
        for row in model.objects.values_list(*fields):
            for value in row:
                values.update(_strings(value))
    return sorted(values, key=len, reverse=True)


def _links(html: str) -> list[str]:
    words = _Words()
    words.feed(html)
    return words.links


def _is_data(text: str, stored: list[str]) -> bool:
    return any(text in value or value in text for value in stored)


@pytest.mark.parametrize("language", CONSOLE_LANGUAGES)
@pytest.mark.parametrize("email", DEMO_ROLES.values())
def test_every_console_page_reads_in_the_users_language(client, demo, language, email):
    user = User.objects.get(email=email)
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)
    stored = _stored_words()
    in_english = english(language)
    pages, english_texts = 0, []
    for path, response in crawl_pages(client, _links):
        pages += 1
        if response.status_code >= 500:
            english_texts.append(f"{path}: HTTP {response.status_code}")
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        if f'<html lang="{language}"' not in response.content.decode()[:500]:
            english_texts.append(f"{path}: <html lang> is not {language}")
        words = _Words()
        words.feed(response.content.decode())
        for text in words.texts:
            if in_english.search(text) and not _is_data(text, stored):
                english_texts.append(f"{path}: {text}")
    assert pages >= 8
    assert english_texts == [], "\n".join(english_texts)
