"""The erasure's messages in French and German."""

from __future__ import annotations

import pytest
from django.test import Client

from rapport.accounts import services

pytestmark = pytest.mark.django_db

NOT_TICKED = {
    "fr": "Cochez la case pour confirmer l’effacement ; rien n’a été effacé.",
    "de": "Kreuzen Sie das Feld an, um das Löschen zu bestätigen; nichts wurde gelöscht.",
}
ERASED = {
    "fr": "Ses données personnelles sont effacées.",
    "de": "Die personenbezogenen Daten sind gelöscht.",
}


@pytest.mark.parametrize("language", ["fr", "de"])
def test_the_erasure_messages(alice, stakeholder, language):
    services.set_console_language(alice, language, by=alice)
    client = Client()
    client.force_login(alice)
    erase = f"/customers/{stakeholder.customer_id}/stakeholders/{stakeholder.pk}/erase/"
    assert NOT_TICKED[language] in client.post(erase, {}, follow=True).content.decode()
    html = client.post(erase, {"confirm": "erase"}, follow=True).content.decode()
    assert ERASED[language] in html
