"""The sign-in, people and two-factor pages, their messages and the colleague emails speak the
person's console language (French or German)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from rapport.accounts import services
from rapport.testing.console import console_client as _client

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


INVITATION = {
    "fr": (
        "Alice Lead vous invite dans Rapport",
        "Bonjour Frank,",
        "Alice Lead vous a ajouté à Rapport",
        "Pour choisir votre mot de passe",
        "Si le lien a expiré",
    ),
    "de": (
        "Alice Lead hat Sie zu Rapport eingeladen",
        "Hallo Frank,",
        "Alice Lead hat Sie zu Rapport hinzugefügt",
        "Um Ihr Passwort zu wählen",
        "Ist der Link abgelaufen",
    ),
}


@pytest.mark.parametrize("language", ["fr", "de"])
def test_the_invitation_is_in_the_colleagues_language_whoever_sends_it(alice, language):
    from rapport.accounts.emails import send_invitation

    frank = services.create_user(
        email="frank@pmo.test", full_name="Frank Newcomer", role="project_manager", by=alice
    )
    frank.language = language
    frank.save()
    send_invitation(frank, invited_by=alice)
    (email,) = mail.outbox
    text = f"{email.subject}\n{email.body}"
    assert all(words in text for words in INVITATION[language]), text
    assert (
        "Rapport" in email.alternatives[0][0] and f'lang="{language}"' in email.alternatives[0][0]
    )


def test_the_invitation_in_english_stays_as_it_was(alice):
    from rapport.accounts.emails import send_invitation

    frank = services.create_user(
        email="frank@pmo.test", full_name="Frank Newcomer", role="project_manager", by=alice
    )
    send_invitation(frank, invited_by=alice)
    (email,) = mail.outbox
    assert email.subject == "Alice Lead invited you to Rapport"
    assert email.body.startswith(
        "Hello Frank,\n\nAlice Lead added you to Rapport, your PMO's customer-feedback tool, "
        "as Project manager.\nTo choose your password, open this link within "
    )
    assert 'If the link has expired, use "Forgot your password?" on the sign-in page.' in email.body
