"""The charter's console pages in the console language of the person reading them, and the
texts the PMO must translate before they reach the customer's people."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rapport.accounts import services as accounts
from rapport.charter.models import CharterPrinciple
from rapport.charter.services import start_charter

pytestmark = pytest.mark.django_db


def page(user, customer) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse("charter:scorecard", args=[customer.pk])).content.decode()


def test_the_scorecard_speaks_french(alice, customer):
    accounts.set_console_language(alice, "fr", by=alice)
    html = page(alice, customer)
    assert "Pas encore de charte." in html and "Commencer une charte" in html
    start_charter(customer, by=alice)
    html = page(alice, customer)
    assert "Charte de partenariat avec Retail Banking" in html
    assert "Ajouter un principe" in html and "Taux de réponse" not in html
    assert "Principe" in html and "Préoccupations ouvertes depuis plus de 30 jours" in html
    assert "No charter yet." not in html and "Add a principle" not in html


def test_the_scorecard_speaks_german(alice, customer):
    accounts.set_console_language(alice, "de", by=alice)
    start_charter(customer, by=alice)
    html = page(alice, customer)
    assert "Partnerschaftscharta mit Retail Banking" in html
    assert "Grundsatz hinzufügen" in html and "Letzte 12 Monate" in html
    assert "Daten und Status bearbeiten" in html and "Last 12 months" not in html


def test_the_english_scorecard_is_unchanged(alice, customer):
    assert "No charter yet." in page(alice, customer)
    start_charter(customer, by=alice)
    html = page(alice, customer)
    assert "Partnership charter with Retail Banking" in html
    assert "agreed not yet · next review not set" in html


def test_the_pmo_sees_which_texts_lack_a_language_their_people_read(
    alice, erin, customer, stakeholder
):
    customer.language = "fr"
    customer.save(update_fields=["language"])
    stakeholder.language = "de"
    stakeholder.save(update_fields=["language"])
    charter = start_charter(customer, by=alice)
    CharterPrinciple.objects.create(
        charter=charter, name="Réactivité", measure="response_rate", target=70, position=6
    )
    html = page(alice, customer)
    assert "Texts to translate before they reach this customer" in html
    assert "Charter principle: Réactivité (de)" in html
    assert "Transparency (de)" not in html  # Rapport's default words are translated already
    assert "Texts to translate" not in page(erin, customer)  # the PMO's list, not a sponsor's
    # In French, the whole line is French, its colon spaced the French way.
    accounts.set_console_language(alice, "fr", by=alice)
    assert "Principe de la charte : Réactivité (de)" in page(alice, customer)
