"""The readiness pages and the pledge in the reader's console language (French, German)."""

from __future__ import annotations

import pytest
from django.test import Client

from rapport.readiness import services
from rapport.readiness.barriers import STATEMENT_KEYS
from rapport.testing.console import console_client as _client

pytestmark = pytest.mark.django_db


def _strong_ranking_fear(alice) -> None:
    ratings = dict.fromkeys(STATEMENT_KEYS, 2) | {f"ranking.{i}": 5 for i in (1, 2, 3)}
    services.record_assessment(ratings, by=alice)


def test_a_french_lead_reads_the_readiness_page_its_barriers_and_remedies_in_french(alice):
    _strong_ranking_fear(alice)
    page = _client(alice, "fr").get("/readiness/").content.decode()
    assert '<html lang="fr">' in page
    for words in (
        "Faire l’évaluation",
        "Les six obstacles",
        "Peur d’être classé",  # the barrier's name
        "Promettez-le par écrit.",  # its remedy
        "L’engagement n’est pas encore signé.",
        "Que faire",
    ):
        assert words in page, words
    assert "Take the assessment" not in page and "Fear of being ranked" not in page
    form = _client(alice, "fr").get("/readiness/assessments/new/").content.decode()
    assert "Tout à fait d’accord" in form and "Enregistrer l’évaluation" in form


def test_a_german_lead_signs_the_pledge_offered_in_german(alice, carol):
    lead = _client(alice, "de")
    page = lead.get("/pledge/").content.decode()
    assert "Unsere Zusage gegen Ranglisten" in page and "Zusage unterschreiben" in page
    assert "Wir fragen unsere Kunden, wie jedes Projekt läuft" in page  # the text offered
    response = lead.post("/pledge/sign/", {"text": "Wir ranken nie."}, follow=True)
    assert "Version 1 der Zusage unterschrieben." in response.content.decode()
    # A reader in English sees the same pledge, as signed, with English around it.
    english = Client()
    english.force_login(carol)
    page = english.get("/pledge/").content.decode()
    assert "Wir ranken nie." in page and "Signed by <strong>Alice Lead</strong>" in page
