"""The export links and refusals in the reader's console language."""

from __future__ import annotations

import pytest

from rapport.roadmap.models import RoadmapItem
from rapport.testing.console import console_client as _client

pytestmark = pytest.mark.django_db


def test_export_links_read_in_french_and_german(alice, customer):
    RoadmapItem.objects.create(customer=customer, title="Weekly status", outcome="You know.")
    url = f"/roadmap/customers/{customer.pk}/"
    assert "Exporter en CSV" in _client(alice, "fr").get(url).content.decode()
    assert "Als XLSX exportieren" in _client(alice, "de").get(url).content.decode()


def test_a_refused_export_says_why_in_german(carol):
    refused = _client(carol, "de").get("/exports/audit.csv")
    assert refused.status_code == 403
    assert "Das Prüfprotokoll ist für das Projektbüro." in refused.content.decode()
