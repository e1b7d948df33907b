"""The stakeholder's page and the API: who may download a stakeholder's data and erase it."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from rapport.accounts import services as account_services
from rapport.audit.models import AuditEntry
from rapport.customers.models import Stakeholder
from rapport.gdpr.services import ERASED_NAME

pytestmark = pytest.mark.django_db


def _urls(person: Stakeholder) -> tuple[str, str, str]:
    base = f"/customers/{person.customer_id}/stakeholders/{person.pk}"
    return f"{base}/edit/", f"{base}/data.json", f"{base}/erase/"


def test_the_page_offers_the_download_and_the_lead_the_erasure(client, users, stakeholder):
    page, export, erase = _urls(stakeholder)
    client.force_login(users["alice"])
    html = client.get(page).content.decode()
    assert export in html and erase in html
    client.force_login(users["bob"])
    html = client.get(page).content.decode()
    assert export in html and erase not in html


def test_the_download_is_one_json_file(client, users, stakeholder):
    _, export, _ = _urls(stakeholder)
    client.force_login(users["bob"])
    response = client.get(export)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    document = json.loads(response.content)
    assert document["tables"]["customers.stakeholder"]["rows"][0]["email"] == stakeholder.email
    assert AuditEntry.objects.filter(action="gdpr.stakeholder.exported").count() == 1


@pytest.mark.parametrize("who", ["carol", "erin"])
def test_managers_and_sponsors_may_not_download(client, users, stakeholder, project, who):
    _, export, _ = _urls(stakeholder)
    client.force_login(users[who])
    assert client.get(export).status_code in {403, 404}


def test_erasure_needs_the_lead_and_a_ticked_box(client, users, stakeholder):
    _, _, erase = _urls(stakeholder)
    client.force_login(users["bob"])
    assert client.post(erase, {"confirm": "erase"}).status_code == 403
    client.force_login(users["alice"])
    client.post(erase, {})
    stakeholder.refresh_from_db()
    assert stakeholder.name == "Olivia Walker"
    response = client.post(erase, {"confirm": "erase"})
    assert response.status_code == 302
    stakeholder.refresh_from_db()
    assert (stakeholder.name, stakeholder.email) == (ERASED_NAME, "")
    again = client.post(erase, {"confirm": "erase"}, follow=True)
    assert "already erased" in again.content.decode()


def test_the_api_exports_and_erases(users, stakeholder):
    _, raw = account_services.issue_api_token(users["alice"], name="script")
    script = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {raw}")
    url = f"/api/personal-data/stakeholders/{stakeholder.pk}"
    document = script.get(f"{url}/export").json()
    assert document["format"] == "rapport.stakeholder-export"
    assert document["tables"]["customers.stakeholder"]["rows"][0]["name"] == "Olivia Walker"
    response = script.post(f"{url}/erase")
    assert response.status_code == 200 and response.json()["erased"] is True
    assert script.post(f"{url}/erase").status_code == 422
    assert script.get("/api/personal-data/stakeholders/999999/export").status_code == 404


def test_the_api_refuses_other_roles(users, stakeholder):
    _, raw = account_services.issue_api_token(users["bob"], name="script")
    script = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    url = f"/api/personal-data/stakeholders/{stakeholder.pk}"
    assert script.get(f"{url}/export").status_code == 200
    assert script.post(f"{url}/erase").status_code == 403
    stakeholder.refresh_from_db()
    assert stakeholder.name == "Olivia Walker"
