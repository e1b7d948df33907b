"""The roadmap's console pages read in the language each person picked for the console."""

from __future__ import annotations

import pytest

from rapport.roadmap.models import RoadmapItem
from rapport.testing.console import console_client as _client

pytestmark = pytest.mark.django_db


def test_a_french_reader_gets_the_roadmap_and_the_services_in_french(alice, customer):
    RoadmapItem.objects.create(customer=customer, title="Weekly status", outcome="You know.")
    client = _client(alice, "fr")
    page = client.get(f"/roadmap/customers/{customer.pk}/").content.decode()
    assert "Feuille de route avec Retail Banking" in page
    assert "Replanifier la feuille de route" in page and "Partager avec le client" in page
    assert "Ajouter un élément" in page and "Proposé" in page
    services = client.get("/roadmap/services/").content.decode()
    assert "Ajouter votre premier service" in services and "Add your first service" not in services


def test_a_german_reader_gets_the_glossary_and_the_item_form_in_german(alice, customer):
    client = _client(alice, "de")
    glossary = client.get("/roadmap/glossary/").content.decode()
    assert "Begriff hinzufügen" in glossary and "Die eigenen Worte der Kunden" in glossary
    form = client.get(f"/roadmap/customers/{customer.pk}/items/new/").content.decode()
    assert "Neuer Roadmap-Eintrag für Retail Banking" in form
    assert "Aufwand (Personenmonate)" in form and "Abbrechen" in form


def test_messages_and_refusals_follow_the_readers_language(alice, carol, customer):
    client = _client(alice, "de")
    client.post(f"/roadmap/customers/{customer.pk}/replan/", {"cap": 2, "threshold": 60})
    page = client.get(f"/roadmap/customers/{customer.pk}/").content.decode()
    assert "Neu geplant: zuerst 0 schnelle Erfolge" in page
    refused = _client(carol, "fr").post(f"/roadmap/customers/{customer.pk}/replan/", {})
    assert refused.status_code == 403
    assert "Seul le bureau des projets modifie la feuille de route" in refused.content.decode()


def test_english_stays_as_it_was(alice, customer):
    page = _client(alice, "en").get(f"/roadmap/customers/{customer.pk}/").content.decode()
    assert "Roadmap with Retail Banking" in page and "No roadmap items yet." in page
