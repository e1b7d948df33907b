"""The customers API: reads filtered by the permission layer, writes need MANAGE_CUSTOMERS,
session writes need CSRF, tokens work for scripts."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from rapport.accounts import services as account_services
from rapport.audit.models import AuditEntry
from rapport.customers import services
from rapport.customers.models import Concern, Customer, Stakeholder

pytestmark = pytest.mark.django_db


def _post(client, url, body, **extra):
    return client.post(url, json.dumps(body), content_type="application/json", **extra)


def _patch(client, url, body, **extra):
    return client.patch(url, json.dumps(body), content_type="application/json", **extra)


def test_schema_lists_the_new_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in [
        "/api/customers/",
        "/api/customers/stakeholders/",
        "/api/customers/listening-sessions/",
        "/api/customers/listening-sessions/{session_id}/value-statements",
        "/api/customers/journey-stages/",
        "/api/customers/pain-points/",
        "/api/customers/concerns/",
        "/api/customers/concerns/{concern_id}/transition",
    ]:
        assert path in paths, path


def test_pmo_creates_and_updates_everything_through_the_api(client, bob, project, stakeholder):
    client.force_login(bob)
    created = _post(client, "/api/customers/", {"name": "Logistics", "priorities": ["Speed"]})
    assert created.status_code == 201, created.content
    cid = created.json()["id"]
    patched = _patch(client, f"/api/customers/{cid}", {"motivations": "On-time trucks"})
    assert patched.json()["motivations"] == "On-time trucks"

    person = _post(
        client,
        "/api/customers/stakeholders/",
        {
            "customer_id": cid,
            "name": "Lee Park",
            "email": "LEE@log.test",
            "power": 5,
            "interest": 1,
        },
    ).json()
    assert person["email"] == "lee@log.test" and person["quadrant"] == "Keep satisfied"
    assert (
        _patch(client, f"/api/customers/stakeholders/{person['id']}", {"interest": 5}).json()[
            "quadrant"
        ]
        == "Manage closely"
    )
    linked = _post(
        client,
        f"/api/customers/stakeholders/{stakeholder.pk}/projects",
        {"project_id": project.pk, "role_on_project": "Owner"},
    )
    assert linked.json()["project_ids"] == [project.pk]

    session = _post(
        client,
        "/api/customers/listening-sessions/",
        {"customer_id": project.customer_id, "attendee_ids": [stakeholder.pk], "story": "Hi"},
    ).json()
    value = _post(
        client,
        f"/api/customers/listening-sessions/{session['id']}/value-statements",
        {"text": "Early warnings", "weight": 4},
    )
    assert value.status_code == 201
    again = client.get(f"/api/customers/listening-sessions/{session['id']}").json()
    assert again["value_statements"][0]["text"] == "Early warnings"
    assert again["attendee_ids"] == [stakeholder.pk]

    stage = _post(
        client, "/api/customers/journey-stages/", {"customer_id": cid, "name": "Booking"}
    ).json()
    pain = _post(
        client,
        "/api/customers/pain-points/",
        {"customer_id": cid, "stage_id": stage["id"], "description": "Slow", "severity": 5},
    ).json()
    assert pain["stage_name"] == "Booking"
    assert (
        _patch(client, f"/api/customers/pain-points/{pain['id']}", {"status": "addressed"}).json()[
            "status"
        ]
        == "addressed"
    )

    concern = _post(client, "/api/customers/concerns/", {"customer_id": cid, "text": "Late"}).json()
    assert concern["allowed_transitions"] == ["responded"]
    moved = _post(
        client,
        f"/api/customers/concerns/{concern['id']}/transition",
        {"to": "responded", "response": "Fixed the rota."},
    ).json()
    assert moved["status"] == "responded"
    assert AuditEntry.objects.filter(actor=bob, action="customers.concern.responded").exists()


def test_illegal_transition_is_a_422_with_the_reason(client, alice, customer):
    concern = services.create_concern(customer, by=alice, text="Late")
    client.force_login(alice)
    response = _post(
        client, f"/api/customers/concerns/{concern.pk}/transition", {"to": "confirmed"}
    )
    assert response.status_code == 422
    assert "cannot go from open to confirmed" in json.dumps(response.json())
    assert Concern.objects.get().status == "open"


@pytest.mark.parametrize("who", ["carol", "erin"])
def test_writes_need_the_manage_customers_capability(client, users, project, who):
    client.force_login(users[who])
    assert _post(client, "/api/customers/", {"name": "Nope"}).status_code == 403
    body = {"customer_id": project.customer_id, "text": "x"}
    assert _post(client, "/api/customers/concerns/", body).status_code == 403
    assert not Customer.objects.filter(name="Nope").exists() and not Concern.objects.exists()


def test_session_writes_need_csrf_but_tokens_do_not(alice):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    assert _post(browser, "/api/customers/", {"name": "No token"}).status_code == 403
    _, raw = account_services.issue_api_token(alice, name="script")
    script = Client(enforce_csrf_checks=True)
    response = _post(
        script, "/api/customers/", {"name": "Scripted"}, HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert response.status_code == 201
    assert list(Customer.objects.values_list("name", flat=True)) == ["Scripted"]


def test_reads_are_filtered_per_role(client, users, alice, project, other_project):
    services.create_listening_session(project.customer, by=alice, story="open")
    services.create_listening_session(project.customer, by=alice, story="secret", is_private=True)
    services.create_listening_session(other_project.customer, by=alice, story="elsewhere")
    services.create_concern(other_project.customer, by=alice, text="Theirs")
    stories = {}
    for name in ("alice", "carol", "erin"):
        client.force_login(users[name])
        items = client.get("/api/customers/listening-sessions/").json()["items"]
        stories[name] = {s["story"] for s in items}
    assert stories == {
        "alice": {"open", "secret", "elsewhere"},
        "carol": {"open", "secret"},
        "erin": {"open", "elsewhere"},
    }
    client.force_login(users["carol"])
    assert client.get("/api/customers/concerns/").json()["count"] == 0
    other = Concern.objects.get()
    assert client.get(f"/api/customers/concerns/{other.pk}").status_code == 403


def test_lists_are_paginated_and_filterable(client, alice, customer, other_customer):
    for i in range(55):
        Stakeholder.objects.create(customer=customer, name=f"P{i:02d}", email=f"p{i}@x.test")
    Stakeholder.objects.create(customer=other_customer, name="Q", email="q@x.test")
    client.force_login(alice)
    first = client.get("/api/customers/stakeholders/").json()
    assert first["count"] == 56 and len(first["items"]) == 50
    mine = client.get(f"/api/customers/stakeholders/?customer_id={other_customer.pk}").json()
    assert [s["name"] for s in mine["items"]] == ["Q"]
    concern = services.create_concern(customer, by=alice, text="A")
    services.create_concern(customer, by=alice, text="B")
    services.transition_concern(concern, "responded", by=alice, response="ok")
    answered = client.get("/api/customers/concerns/?status=responded").json()
    assert [c["text"] for c in answered["items"]] == ["A"]


_LISTS = (
    "",
    "stakeholders/",
    "listening-sessions/",
    "journey-stages/",
    "pain-points/",
    "concerns/",
)


def _patch_urls(alice, customer, stakeholder):
    session = services.create_listening_session(customer, by=alice, story="Said.")
    stage = services.ensure_journey(customer, by=alice)[0]
    pain = services.create_pain_point(customer, by=alice, stage=stage, description="Slow.")
    concern = services.create_concern(customer, by=alice, text="Worried.")
    return [
        f"/api/customers/{customer.pk}",
        f"/api/customers/stakeholders/{stakeholder.pk}",
        f"/api/customers/listening-sessions/{session.pk}",
        f"/api/customers/journey-stages/{stage.pk}",
        f"/api/customers/pain-points/{pain.pk}",
        f"/api/customers/concerns/{concern.pk}",
    ]


@pytest.mark.parametrize("raw", ["[]", '"s"', "null", "1", "true", '{"a": 1}'])
def test_a_patch_body_that_is_not_an_object_of_known_fields_is_a_422(
    client, alice, customer, stakeholder, raw
):
    client.force_login(alice)
    urls = _patch_urls(alice, customer, stakeholder)
    lists = [f"/api/customers/{kind}" for kind in _LISTS]
    before = [client.get(url).json() for url in lists]
    for url in urls:
        response = client.patch(url, raw, content_type="application/json")
        assert response.status_code == 422, (url, response.content)
        (error,) = response.json()["detail"]
        if raw.startswith("{"):
            assert error["loc"] == ["body", "payload", "a"], url
            assert error["type"] == "extra_forbidden"
        else:
            assert error["msg"] == "The body must be a JSON object of fields."
    assert [client.get(url).json() for url in lists] == before


def test_a_post_with_an_unknown_field_is_a_422_naming_it(client, alice):
    client.force_login(alice)
    response = _post(client, "/api/customers/", {"name": "Logistics", "nmae": "Typo"})
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["body", "payload", "nmae"]]
    assert not Customer.objects.filter(name="Logistics").exists()


def test_a_taken_stakeholder_email_is_a_422_under_the_email_field(client, alice, stakeholder):
    client.force_login(alice)
    taken = {"email": ["Another stakeholder already has this email address."]}
    body = {
        "customer_id": stakeholder.customer_id,
        "name": "Twin",
        "email": "OLIVIA.walker@retail.test",
    }
    response = _post(client, "/api/customers/stakeholders/", body)
    assert response.status_code == 422
    assert response.json() == {"detail": "Invalid input.", "errors": taken}
    other = Stakeholder.objects.create(
        customer=stakeholder.customer, name="Other", email="o@x.test"
    )
    response = _patch(
        client, f"/api/customers/stakeholders/{other.pk}", {"email": stakeholder.email}
    )
    assert response.status_code == 422 and response.json()["errors"] == taken
    other.refresh_from_db()
    assert other.email == "o@x.test"


def test_a_stakeholders_projects_are_only_those_the_reader_may_see(
    client, carol, dave, project, stakeholder
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rapport.portfolio.models import ProjectStakeholder
    from rapport.testing.factories import ProjectFactory

    daves = ProjectFactory(name="Dave's", customer=project.customer, project_manager=dave)
    ProjectStakeholder.objects.create(project=project, stakeholder=stakeholder)
    ProjectStakeholder.objects.create(project=daves, stakeholder=stakeholder)
    client.force_login(carol)
    listed = client.get("/api/customers/stakeholders/").json()["items"]
    assert [s["project_ids"] for s in listed] == [[project.pk]]
    one = client.get(f"/api/customers/stakeholders/{stakeholder.pk}").json()
    assert one["project_ids"] == [project.pk]
    with CaptureQueriesContext(connection) as few:
        client.get("/api/customers/stakeholders/")
    for i in range(5):
        person = Stakeholder.objects.create(customer=project.customer, name=f"P{i}")
        ProjectStakeholder.objects.create(project=daves, stakeholder=person)
        ProjectStakeholder.objects.create(project=project, stakeholder=person)
    with CaptureQueriesContext(connection) as many:
        listed = client.get("/api/customers/stakeholders/").json()["items"]
    assert len(many) == len(few)
    assert all(s["project_ids"] == [project.pk] for s in listed)
