"""The audit log page in French and German."""

from __future__ import annotations

import pytest
from django.test import Client

from rapport.accounts import services

pytestmark = pytest.mark.django_db

WORDS = {
    "fr": ("Journal d’audit", "Chaque modification faite dans Rapport", "Quand", "Tout"),
    "de": ("Prüfprotokoll", "Jede Änderung in Rapport", "Wann", "Alles"),
}


@pytest.mark.parametrize("language", ["fr", "de"])
def test_the_audit_log_page(alice, language):
    services.set_console_language(alice, language, by=alice)
    client = Client()
    client.force_login(alice)
    html = client.get("/audit/").content.decode()
    assert all(words in html for words in WORDS[language])
