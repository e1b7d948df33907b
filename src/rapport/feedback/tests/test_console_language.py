"""The review pages speak the console language each person picked on their profile page."""

from __future__ import annotations

import pytest

from rapport.accounts import services as accounts
from rapport.feedback import services
from rapport.feedback.pulse import services as pulse
from rapport.testing.factories import StakeholderFactory

pytestmark = pytest.mark.django_db


def test_a_french_pmo_reads_the_review_pages_in_french(client, alice, carol, project):
    accounts.set_console_language(alice, "fr", by=alice)
    client.force_login(alice)
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="email")
    page = client.get(f"/reviews/{cycle.pk}/").content.decode()
    assert '<html lang="fr">' in page
    assert "Points soulevés" in page and "Aucun point soulevé ce mois-ci." in page
    assert "Planifiée" in page  # the review's state
    assert "No issues raised this month." not in page
    timeline = client.get(f"/reviews/project/{project.pk}/").content.decode()
    assert f"Revues de {project.name}" in timeline and "Planifier une revue" in timeline
    assert "Revues en cours" in client.get("/reviews/").content.decode()
    assert "Journal des e-mails" in client.get("/reviews/mail/").content.decode()


def test_a_german_pmo_reads_the_pulse_and_the_messages_in_german(client, alice, carol, project):
    accounts.set_console_language(alice, "de", by=alice)
    client.force_login(alice)
    pulse = client.get("/reviews/pulse/").content.decode()
    assert "Service-Puls" in pulse and "Noch kein Puls." in pulse and "Jetzt öffnen" in pulse
    response = client.post(f"/reviews/project/{project.pk}/plan/", {"period": "2026-04"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Rückblick für 2026-04 geplant." in page
    assert "Vorschau der E-Mails" in page and "Wer eingeladen wird" in page


def test_the_mail_log_names_a_pulse_in_german(client, alice, customer):
    StakeholderFactory(customer=customer)
    round_ = pulse.open_pulse_round(customer, by=alice)
    accounts.set_console_language(alice, "de", by=alice)
    client.force_login(alice)
    log = client.get("/reviews/mail/").content.decode()
    assert f"{customer.name} · Puls {round_.period}" in log
    assert "E-Mail-Protokoll" in log and "Service-Puls" in log and "In Warteschlange" in log


def test_english_stays_the_default(client, alice, carol, project):
    client.force_login(alice)
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="email")
    page = client.get(f"/reviews/{cycle.pk}/").content.decode()
    assert "No issues raised this month." in page and "Planned" in page


def test_the_meeting_page_asks_the_questions_in_the_readers_language(client, carol, project):
    accounts.set_console_language(carol, "fr", by=carol)
    client.force_login(carol)
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="meeting")
    page = client.get(f"/reviews/{cycle.pk}/meeting/").content.decode()
    assert "Ordre du jour" in page and "Prioriser avec le client" in page  # the agenda
    assert "Dans l’ensemble, êtes-vous satisfait de ce projet ce mois-ci ? (1–10)" in page
    assert "Overall, how satisfied" not in page
