"""The home pages, the first steps and the shared error pages in French and German; the home
pages in every console language."""

from __future__ import annotations

import pytest

from rapport.catalogs import CONSOLE_LANGUAGES
from rapport.testing.console import console_client as _client
from rapport.text import length_problem

pytestmark = pytest.mark.django_db

HOME = {
    "fr": ("Vos premiers pas", "Ajoutez votre premier client", "Aucun client pour l’instant."),
    "de": ("Ihre ersten Schritte", "Ihren ersten Kunden anlegen", "Noch keine Kunden."),
    "es": ("Sus primeros pasos", "Añada su primer cliente", "Aún no hay clientes."),
    "nl": ("Uw eerste stappen", "Uw eerste klant toevoegen", "Nog geen klanten."),
    "it": ("I suoi primi passi", "Aggiungi il primo cliente", "Ancora nessun cliente."),
    "pt": ("Os seus primeiros passos", "Adicionar o primeiro cliente", "Ainda sem clientes."),
}
SPONSOR = {
    "fr": "Aucun projet actif pour l’instant.",
    "de": "Noch keine aktiven Projekte.",
    "es": "Aún no hay proyectos activos.",
    "nl": "Nog geen actieve projecten.",
    "it": "Ancora nessun progetto attivo.",
    "pt": "Ainda sem projetos ativos.",
}
NOT_FOUND = {"fr": "Nous n’avons pas trouvé cette page.", "de": "Diese Seite wurde nicht gefunden."}
TOO_LONG = {
    "fr": "10\xa0000 caractères au maximum (il y en a 10\xa0001).",
    "de": "Höchstens 10.000 Zeichen (derzeit 10.001).",
}


@pytest.mark.parametrize("language", CONSOLE_LANGUAGES)
def test_the_home_pages(alice, erin, language):
    html = _client(alice, language).get("/").content.decode()
    assert all(words in html for words in HOME[language])
    assert SPONSOR[language] in _client(erin, language).get("/").content.decode()


@pytest.mark.parametrize("language", ["fr", "de"])
def test_the_not_found_page(settings, alice, language):
    settings.DEBUG = False
    response = _client(alice, language).get("/no-such-page/")
    assert response.status_code == 404
    assert NOT_FOUND[language] in response.content.decode()


@pytest.mark.parametrize("language", ["fr", "de"])
def test_the_text_rules_speak_the_language(alice, language):
    from django.utils.translation import override

    with override(language):
        assert length_problem("x" * 10_001, 10_000) == TOO_LONG[language]
    assert length_problem("x" * 10_001, 10_000) == (
        "Keep this to 10,000 characters at most (it has 10,001)."
    )


@pytest.mark.parametrize(
    ("accept", "words"),
    [
        ("es-ES,es;q=0.9,en;q=0.5", "Iniciar sesión"),
        ("de-CH, de;q=0.9", "Anmelden"),
        ("ja, en;q=0.5", "Sign in"),  # a language the console does not speak: English
        ("", "Sign in"),
    ],
)
def test_the_sign_in_page_reads_in_the_browsers_language(client, accept, words):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=accept)
    assert words in response.content.decode()
    assert "Accept-Language" in response["Vary"]


def test_the_api_stays_english_whatever_the_browser_says(client, alice):
    from rapport.accounts import services

    token = services.issue_api_token(alice, name="script")[1]
    response = client.get(
        "/api/projects/?delivery_status=ZZ",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 422
    assert "Choose one of: G, AG, A, AR, R" in response.content.decode()
