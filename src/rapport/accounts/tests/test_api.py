"""The JSON API root: schema, docs, session and token authentication, permission filtering."""

from __future__ import annotations

import pytest

from rapport.accounts import services
from rapport.testing.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_openapi_schema_and_docs_are_served(client):
    schema = client.get("/api/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/projects/" in paths and "/api/accounts/me" in paths
    assert client.get("/api/docs").status_code == 200


def test_api_refuses_anonymous_callers(client):
    assert client.get("/api/projects/").status_code == 401


def test_session_auth_for_the_console(client, carol, project, other_project):
    client.force_login(carol)
    body = client.get("/api/projects/").json()
    assert [p["name"] for p in body["items"]] == ["Branch booking"]
    assert body["count"] == 1


def test_token_auth_for_scripts(client, alice, project, other_project):
    token, raw = services.issue_api_token(alice, name="export")
    response = client.get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["role"] == "pmo_lead"
    assert token.token_hash != raw and raw not in token.token_hash
    projects = client.get("/api/projects/", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert projects["count"] == 2


def test_revoked_or_wrong_tokens_are_refused(client, alice):
    token, raw = services.issue_api_token(alice, name="old")
    services.revoke_api_token(token, by=alice)
    assert client.get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert client.get("/api/accounts/me", HTTP_AUTHORIZATION="Bearer rpt_nope").status_code == 401


def test_project_outside_your_portfolio_is_forbidden(client, carol, other_project):
    client.force_login(carol)
    response = client.get(f"/api/projects/{other_project.pk}")
    assert response.status_code == 403
    assert client.get("/api/projects/999999").status_code == 404


def test_projects_are_paginated_and_filterable(client, alice, customer):
    for i in range(55):
        ProjectFactory(customer=customer, name=f"P{i:02d}", delivery_status="R" if i < 5 else "G")
    client.force_login(alice)
    first = client.get("/api/projects/").json()
    assert first["count"] == 55 and len(first["items"]) == 50
    second = client.get("/api/projects/?page=2").json()
    assert len(second["items"]) == 5
    red = client.get("/api/projects/?delivery_status=R").json()
    assert red["count"] == 5


def test_profile_page_issues_a_token_shown_once(client, bob):
    client.force_login(bob)
    page = client.post("/accounts/profile/", {"action": "issue", "name": "nightly"})
    assert page.status_code == 200
    raw = page.context["new_token"]
    assert raw.startswith("rpt_") and raw.encode() in page.content
    again = client.get("/accounts/profile/")
    assert raw.encode() not in again.content
    assert b"nightly" in again.content


@pytest.mark.parametrize("sent", ["", "abc", "1.5", "-1", "١", "9" * 40])
def test_revoking_with_a_stale_or_altered_form_revokes_nothing_and_does_not_fail(client, bob, sent):
    token, _raw = services.issue_api_token(bob, name="nightly", by=bob)
    client.force_login(bob)
    page = client.post("/accounts/profile/", {"action": "revoke", "token": sent})
    assert page.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is None
    client.post("/accounts/profile/", {"action": "revoke", "token": str(token.pk)})
    token.refresh_from_db()
    assert token.revoked_at is not None
