"""The customer pages speak the console language each person chose (docs/i18n.md): French and
German words on the pages, in the forms, the pictures and the messages; English stays as it was."""

from __future__ import annotations

import pytest
from django.test import Client

from rapport.customers import services
from rapport.testing.console import console_client as _client

pytestmark = pytest.mark.django_db


def test_a_french_reader_gets_the_customer_page_its_pictures_and_messages_in_french(
    alice, project, stakeholder
):
    customer = project.customer
    services.ensure_journey(customer, by=alice)
    for story in ("Nous attendons.", "Encore."):
        session = services.create_listening_session(customer, by=alice, story=story)
        services.add_value_statement(session, by=alice, text="Moins de formulaires", weight=4)
    services.create_concern(customer, by=alice, text="Encore en retard")
    client = _client(alice, "fr")

    page = client.get(f"/customers/{customer.pk}/").content.decode()
    assert '<html lang="fr">' in page
    for words in (
        "Qui ils sont",
        "Ce qui compte pour eux",
        "(entendu 2 fois)",
        "Préoccupations ouvertes",
        "Parties prenantes",
        "Garder satisfait",  # the power and interest grid
        "(Gérer de près)",  # the stakeholder's quadrant
        "Le parcours de Retail Banking avec le bureau des projets",
        "6 étapes, 0 point de friction ouvert ; le pire vécu est",  # the journey in words
        "Ajouter une partie prenante",
    ):
        assert words in page, words
    assert "Who they are" not in page and "Keep satisfied" not in page

    concerns = client.get(f"/customers/{customer.pk}/concerns/").content.decode()
    assert "Préoccupations de Retail Banking" in concerns
    assert "Consigner une préoccupation" in concerns

    form = client.get("/customers/new/").content.decode()
    assert "Ajouter un client" in form and "Une par ligne, la plus importante d’abord." in form
    assert "Confidentiel : seul le bureau des projets le voit" in form

    done = client.post(
        "/customers/new/",
        {
            "name": "Marchés",
            "kind": "client",
            "preferred_channel": "meeting",
            "language": "fr",
            "feedback_culture": "attributed",
        },
        follow=True,
    ).content.decode()
    assert "Client « Marchés » ajouté." in done


def test_a_german_reader_gets_the_journey_listening_and_errors_in_german(alice, customer):
    stages = services.ensure_journey(customer, by=alice)
    services.create_pain_point(customer, by=alice, stage=stages[0], description="Formulare")
    client = _client(alice, "de")

    journey = client.get(f"/customers/{customer.pk}/journey/").content.decode()
    assert '<html lang="de">' in journey
    for words in (
        "Die Kundenreise von Retail Banking",
        "Etappe hinzufügen",
        "Schmerzpunkte",
        "6 Etappen, 1 offener Schmerzpunkt",
        "Schwere 3, offen: Formulare",
    ):
        assert words in journey, words

    removed = client.post(
        f"/customers/{customer.pk}/journey/stages/{stages[0].pk}/remove/", follow=True
    ).content.decode()
    assert f"Die Etappe „{stages[0].name}“ hat noch Schmerzpunkte." in removed

    sessions = client.get(f"/customers/{customer.pk}/listening/").content.decode()
    assert "Zuhören bei Retail Banking" in sessions and "Noch keine Zuhörgespräche." in sessions


def test_an_english_reader_still_reads_english(bob, alice, customer):
    _client(alice, "fr")
    client = Client()
    client.force_login(bob)
    page = client.get(f"/customers/{customer.pk}/").content.decode()
    assert "Who they are" in page and "No journey mapped yet." in page
    assert "Qui ils sont" not in page
