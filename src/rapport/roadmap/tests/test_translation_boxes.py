"""The texts a customer reads carry their translations in the console's forms: one box per
language the customer's people read, beside the text (docs/i18n.md, "Texts the PMO writes")."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rapport.catalog.models import Service
from rapport.catalog.services import create_service
from rapport.charter.models import CharterPrinciple
from rapport.charter.services import add_principle, start_charter, texts_to_translate
from rapport.roadmap.models import RoadmapItem
from rapport.roadmap.services import sharing
from rapport.roadmap.services.items import create_item
from rapport.testing.factories import StakeholderFactory

pytestmark = pytest.mark.django_db

PLAIN = "You book a branch visit in two clicks. No more calls to find a free slot."
GERMAN = "Sie buchen einen Termin mit zwei Klicks. Keine Anrufe mehr."


@pytest.fixture
def german_reader(customer):
    return StakeholderFactory(customer=customer, name="Jonas Weber", language="de")


def test_a_roadmap_step_gets_a_box_per_language_its_readers_read(
    client, alice, customer, german_reader
):
    item = create_item(customer, by=alice, title="Booking", outcome=PLAIN, pain_relief=3, effort=2)
    client.force_login(alice)
    url = reverse("roadmap:item_edit", args=[customer.pk, item.pk])
    form = client.get(url).content.decode()
    assert 'name="outcome_translations__de"' in form and 'lang="de"' in form
    assert "Outcome, in their words, in Deutsch" in form
    # No box for the language the step is written in, nor for a language nobody reads.
    assert 'name="outcome_translations__en"' not in form
    assert 'name="outcome_translations__fr"' not in form
    fields = {
        "title": "Booking",
        "outcome": PLAIN,
        "reach": 10,
        "pain_relief": 3,
        "confidence": "0.8",
        "effort": 2,
    }
    response = client.post(url, {**fields, "outcome_translations__de": f"  {GERMAN} "})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.outcome_translations == {"de": GERMAN}
    assert sharing.untranslated(customer) == []
    # An empty box takes the language away again.
    client.post(url, {**fields, "outcome_translations__de": ""})
    assert RoadmapItem.objects.get(pk=item.pk).outcome_translations == {}


def test_a_translation_that_is_not_plain_in_its_language_is_refused_and_changes_nothing(
    client, alice, customer, german_reader
):
    item = create_item(customer, by=alice, title="Booking", outcome=PLAIN, pain_relief=3, effort=2)
    item.status = "planned"
    item.save(update_fields=["status"])
    client.force_login(alice)
    url = reverse("roadmap:item_edit", args=[customer.pk, item.pk])
    hard = (
        "Die Implementierung der Terminvereinbarungsplattformfunktionalität gewährleistet "
        "unternehmensweit eine nachhaltige Optimierung sämtlicher Kundeninteraktionsprozesse "
        "hinsichtlich Verfügbarkeitsermittlung, Ressourcenallokation und "
        "Dienstleistungsqualitätssicherung."
    )
    response = client.post(
        url,
        {
            "title": "Booking",
            "outcome": PLAIN,
            "reach": 10,
            "pain_relief": 3,
            "confidence": "0.8",
            "effort": 2,
            "outcome_translations__de": hard,
        },
    )
    assert response.status_code == 200
    assert RoadmapItem.objects.get(pk=item.pk).outcome_translations == {}


def test_a_service_outcome_gets_a_box_per_language_any_customers_people_read(
    client, alice, customer, german_reader
):
    service = create_service(by=alice, name="Start kit", outcome="You start in two weeks.")
    client.force_login(alice)
    url = reverse("roadmap:service_edit", args=[service.pk])
    form = client.get(url).content.decode()
    assert 'name="outcome_translations__de"' in form
    assert 'name="outcome_translations__en"' not in form
    client.post(
        url,
        {
            "name": "Start kit",
            "outcome": "You start in two weeks.",
            "owner": alice.pk,
            "outcome_translations__de": "Sie starten in zwei Wochen.",
        },
    )
    assert Service.objects.get(pk=service.pk).outcome_translations == {
        "de": "Sie starten in zwei Wochen."
    }


def test_a_charter_principle_gets_boxes_for_its_name_and_description(
    client, alice, customer, german_reader
):
    charter = start_charter(customer, by=alice)
    principle = add_principle(
        charter,
        by=alice,
        name="Fast answers",
        description="We answer within a day.",
        measure=CharterPrinciple.objects.filter(charter=charter).first().measure,
        target=80,
    )
    assert ("principle", "Fast answers", "de") in texts_to_translate(customer)
    client.force_login(alice)
    url = reverse("charter:principle_edit", args=[customer.pk, principle.pk])
    form = client.get(url).content.decode()
    assert 'name="name_translations__de"' in form
    assert 'name="description_translations__de"' in form
    response = client.post(
        url,
        {
            "name": "Fast answers",
            "description": "We answer within a day.",
            "name_translations__de": "Schnelle Antworten",
            "description_translations__de": "Wir antworten innerhalb eines Tages.",
            "measure": principle.measure,
            "target": 80,
            "position": principle.position,
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    principle.refresh_from_db()
    assert principle.name_translations == {"de": "Schnelle Antworten"}
    assert principle.description_translations == {"de": "Wir antworten innerhalb eines Tages."}
    assert ("principle", "Fast answers", "de") not in texts_to_translate(customer)
