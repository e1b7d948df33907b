"""The service catalog's words (statuses, refusals) in the reader's console language."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils.translation import override

from rapport.catalog import services
from rapport.catalog.models import ServiceStatus

pytestmark = pytest.mark.django_db
OUTCOME = "You get a clear answer within a week."


def test_a_service_page_shows_its_status_in_french_and_german(alice):
    service = services.create_service(by=alice, name="Weekly check-in", outcome=OUTCOME)
    client = Client()
    client.force_login(alice)
    for language, status, move in (
        ("fr", "Idée", "Passer à « en pilote »"),
        ("de", "Idee", "Auf „in pilotphase“ setzen"),
    ):
        alice.language = language
        alice.save(update_fields=["language"])
        page = client.get(f"/roadmap/services/{service.pk}/").content.decode()
        assert f">{status}</span>" in page and move in page


def test_a_move_the_catalog_refuses_is_explained_in_the_readers_language(alice):
    service = services.create_service(by=alice, name="Weekly check-in", outcome=OUTCOME)
    with override("de"), pytest.raises(ValidationError) as refused:
        services.change_service_status(service, ServiceStatus.AVAILABLE, by=alice)
    assert "Eine Leistung kann nicht von „idee“ zu „verfügbar“ wechseln." in refused.value.messages
