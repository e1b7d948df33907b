"""The project pages speak the reader's console language; data (names) stays as written."""

from __future__ import annotations

import pytest

from rapport.accounts import services as accounts

pytestmark = pytest.mark.django_db


def test_a_french_pmo_lead_reads_the_project_list_and_page_in_french(client, alice, project):
    accounts.set_console_language(alice, "fr", by=alice)
    client.force_login(alice)
    html = client.get("/projects/").content.decode()
    assert '<html lang="fr">' in html
    assert "Ajouter un projet" in html and "Tout statut de livraison" in html
    assert "Complexité" in html and "Branch booking" in html
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Qui donne son avis" in page and "Chef de projet" in page and "Siège" in page
    assert "Who gives feedback" not in page
    form = client.get(f"/projects/{project.pk}/edit/").content.decode()
    assert "État de livraison" in form and "Le nombre de groupes de clients" in form


def test_a_german_pmo_lead_links_a_stakeholder_and_is_told_in_german(
    client, alice, project, stakeholder
):
    accounts.set_console_language(alice, "de", by=alice)
    client.force_login(alice)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Wer Feedback gibt" in page and "Projektleitung" in page and "Kontext" in page
    response = client.post(
        f"/projects/{project.pk}/feedback-givers/",
        {"stakeholder": stakeholder.pk, "role_on_project": "Sponsor"},
        follow=True,
    )
    html = response.content.decode()
    assert f"{stakeholder.name} gibt jetzt Rückmeldung zu Branch booking." in html
    assert "Verknüpfung mit" in html and "Verknüpfung lösen" in html
