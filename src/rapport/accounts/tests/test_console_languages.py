"""The sign-in, people and two-factor pages, their messages and the colleague emails speak the
person's console language (French or German)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from rapport.accounts import services
from rapport.accounts.models import User

pytestmark = pytest.mark.django_db

PEOPLE = {
    "fr": ("Inviter un collègue", "Envoyer l’invitation", "Désactiver Carol Manager"),
    "de": ("Kollegin oder Kollegen einladen", "Einladung senden", "Carol Manager deaktivieren"),
}
DEACTIVATED = {
    "fr": "Carol Manager ne peut plus se connecter. Son historique est conservé.",
    "de": "Carol Manager kann sich nicht mehr anmelden. Der Verlauf bleibt erhalten.",
}
REFUSED = {
    "fr": "Votre rôle ne permet pas de gérer les personnes.",
    "de": "Ihre Rolle erlaubt nicht, Personen zu verwalten.",
}
TWO_FACTOR = {
    "fr": "Configurer une application d’authentification",
    "de": "Authenticator-App einrichten",
}
RESET = {"fr": "Choisir un nouveau mot de passe", "de": "Neues Passwort wählen"}


def _client(user: User, language: str) -> Client:
    services.set_console_language(user, language, by=user)
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("language", ["fr", "de"])
def test_the_people_page_and_its_messages(alice, carol, language):
    client = _client(alice, language)
    html = client.get("/people/").content.decode()
    assert f'<html lang="{language}">' in html
    assert all(words in html for words in PEOPLE[language])
    html = client.post(f"/people/{carol.pk}/deactivate/", follow=True).content.decode()
    assert DEACTIVATED[language] in html


@pytest.mark.parametrize("language", ["fr", "de"])
def test_a_refusal_and_the_two_factor_page(carol, language):
    client = _client(carol, language)
    response = client.get("/people/")
    assert response.status_code == 403
    assert REFUSED[language] in response.content.decode()
    assert TWO_FACTOR[language] in client.get("/accounts/two-factor/").content.decode()


@pytest.mark.parametrize("language", ["fr", "de"])
def test_the_set_password_email_is_in_the_persons_language(client, carol, language):
    carol.language = language
    carol.save()
    client.post("/accounts/password-reset/", {"email": carol.email})
    (email,) = mail.outbox
    html = email.alternatives[0][0]
    assert RESET[language] in html and f'lang="{language}"' in html


def test_english_stays_as_it_was(alice, carol):
    client = Client()
    client.force_login(carol)
    assert "Your role may not manage people." in client.get("/people/").content.decode()
    client.force_login(alice)
    html = client.post(f"/people/{carol.pk}/deactivate/", follow=True).content.decode()
    assert "Carol Manager can no longer sign in. Their history stays." in html
