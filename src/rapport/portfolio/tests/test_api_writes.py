"""Projects written through the JSON API: the PMO adds and changes them (a PPM tool keeping
Rapport in step) through the same services as the console, with the same rules."""

from __future__ import annotations

import pytest

from rapport.accounts.models import Role
from rapport.audit.models import AuditEntry
from rapport.portfolio.models import DeliveryStatusMonth, Project
from rapport.portfolio.services import period_of
from rapport.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def _post(client, body, url="/api/projects/"):
    return client.post(url, body, content_type="application/json")


def _patch(client, project, body):
    return client.patch(f"/api/projects/{project.pk}", body, content_type="application/json")


def test_the_pmo_adds_a_project_with_its_context_and_status(client, bob, carol, erin, customer):
    client.force_login(bob)
    response = _post(
        client,
        {
            "name": "Branch kiosks",
            "code": "PPM-77",
            "customer_id": customer.pk,
            "project_manager_id": carol.pk,
            "sponsor_id": erin.pk,
            "phase": "delivery",
            "delivery_status": "a/g",
            "complexity": 4,
            "start_date": "2026-01-05",
            "site": "site",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    project = Project.objects.get(code="PPM-77")
    assert body["id"] == project.pk and body["customer_name"] == customer.name
    assert (body["project_manager_id"], body["sponsor_id"]) == (carol.pk, erin.pk)
    assert (project.phase, project.delivery_status, project.complexity) == ("delivery", "AG", 4)
    assert body["delivery_history"] == [{"period": period_of(project.created_at), "status": "AG"}]
    assert AuditEntry.objects.get(action="portfolio.project.created").actor == bob
    # The list and the detail name the people too.
    listed = client.get("/api/projects/?q=kiosks").json()["items"][0]
    assert listed["project_manager_id"] == carol.pk and listed["sponsor_id"] == erin.pk


def test_a_patch_changes_only_what_it_gives_and_records_a_new_status(client, bob, project):
    client.force_login(bob)
    before = Project.objects.get(pk=project.pk)
    response = _patch(client, project, {"phase": "handover", "delivery_status": "R"})
    assert response.status_code == 200, response.json()
    project.refresh_from_db()
    assert (project.phase, project.delivery_status) == ("handover", "R")
    assert (project.name, project.sponsor_id, project.complexity) == (
        before.name,
        before.sponsor_id,
        before.complexity,
    )
    this_month = DeliveryStatusMonth.objects.get(
        project=project, period=period_of(project.updated_at)
    )
    assert this_month.status == "R"
    # null clears the sponsor and a date; an empty body changes nothing and records nothing.
    assert _patch(client, project, {"sponsor_id": None}).json()["sponsor_id"] is None
    entries = AuditEntry.objects.count()
    assert _patch(client, project, {}).status_code == 200
    assert AuditEntry.objects.count() == entries


def test_projects_move_to_another_customer(client, bob, project, other_customer):
    client.force_login(bob)
    body = _patch(client, project, {"customer_id": other_customer.pk}).json()
    assert body["customer_id"] == other_customer.pk and body["customer_name"] == "Group Finance"


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"name": "X", "customer_id": 999999}, "customer_id", "No customer has the id 999999."),
        ({"project_manager_id": 999999}, "project_manager_id", "No person has the id 999999."),
        ({"phase": "dreaming"}, "phase", "Choose one of: initiation, planning, delivery"),
        ({"delivery_status": "Purple"}, "delivery_status", "Choose one of: G, AG, A, AR, R"),
        ({"site": "HQ"}, "site", "Choose one of: hq, site; got “HQ”."),
        ({"start_date": "2026-05-01", "end_date": "2026-01-01"}, "end_date", "before the start"),
    ],
)
def test_bad_input_is_a_422_on_its_field_and_changes_nothing(
    client, bob, customer, body, field, words
):
    client.force_login(bob)
    full = {"name": "Kiosks", "customer_id": customer.pk} | body
    response = _post(client, full)
    assert response.status_code == 422, response.json()
    errors = response.json()["errors"]
    assert field in errors and words.lower() in " ".join(errors[field]).lower(), errors
    assert not Project.objects.exists() and not AuditEntry.objects.exists()


def test_the_people_rule_holds_as_in_the_console(client, bob, carol, erin, dave, project):
    client.force_login(bob)
    # A sponsor is not a project manager, a project manager not a sponsor.
    wrong = _patch(client, project, {"project_manager_id": erin.pk})
    assert wrong.status_code == 422
    assert (
        "Erin Sponsor has the role Executive sponsor"
        in wrong.json()["errors"]["project_manager"][0]
    )
    assert _patch(client, project, {"sponsor_id": dave.pk}).status_code == 422
    # Someone who has left is refused as a new manager, but whoever holds the post keeps it.
    gone = UserFactory(email="gone@pmo.test", role=Role.PROJECT_MANAGER, is_active=False)
    assert _patch(client, project, {"project_manager_id": gone.pk}).status_code == 422
    carol.is_active = False
    carol.save()
    kept = _patch(client, project, {"project_manager_id": carol.pk, "phase": "benefits"})
    assert kept.status_code == 200 and kept.json()["phase"] == "benefits"
    assert _patch(client, project, {"project_manager_id": dave.pk}).status_code == 200


def test_a_code_is_unique_in_any_case(client, bob, customer, project):
    project.code = "PRJ-1"
    project.save()
    client.force_login(bob)
    response = _post(client, {"name": "Other", "code": "prj-1", "customer_id": customer.pk})
    assert response.status_code == 422
    assert "in another case" in response.json()["errors"]["code"][0]


def test_only_the_pmo_writes_projects(client, carol, erin, customer, project):
    for who in (carol, erin):
        client.force_login(who)
        assert _post(client, {"name": "X", "customer_id": customer.pk}).status_code == 403
        assert _patch(client, project, {"phase": "benefits"}).status_code == 403
    project.refresh_from_db()
    assert project.phase != "benefits" and Project.objects.count() == 1


def test_unknown_fields_and_nulls_where_null_means_nothing_are_refused(client, bob, project):
    client.force_login(bob)
    assert _patch(client, project, {"phaze": "delivery"}).status_code == 422
    assert _patch(client, project, {"name": None}).status_code == 422
    assert _patch(client, project, {"customer_groups": 0}).status_code == 422
