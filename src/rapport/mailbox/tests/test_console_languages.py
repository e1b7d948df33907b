"""The demo mailbox pages in French and German."""

from __future__ import annotations

import pytest
from django.test import Client

from rapport.accounts import services

pytestmark = pytest.mark.django_db

WORDS = {
    "fr": ("Boîte de démonstration", "Aucun e-mail pour l’instant.", "Filtrer"),
    "de": ("Demo-Postfach", "Noch keine E-Mails.", "Filtern"),
}
REFUSED = {"fr": "La boîte aux lettres est réservée", "de": "Das Postfach ist für das Projektbüro."}


@pytest.mark.parametrize("language", ["fr", "de"])
def test_the_inbox_and_its_refusal(alice, carol, language):
    for user in (alice, carol):
        services.set_console_language(user, language, by=user)
    client = Client()
    client.force_login(alice)
    html = client.get("/mailbox/").content.decode()
    assert all(words in html for words in WORDS[language])
    client.force_login(carol)
    response = client.get("/mailbox/")
    assert response.status_code == 403 and REFUSED[language] in response.content.decode()
