"""Alerts acknowledged and resolved through the JSON API, as on the alerts page."""

from __future__ import annotations

import pytest

from rapport.audit.models import AuditEntry
from rapport.insights.models import Alert

pytestmark = pytest.mark.django_db


@pytest.fixture
def alert(project):
    return Alert.objects.create(
        project=project,
        rule="drop",
        severity="warning",
        period="2026-05",
        last_period="2026-05",
        message="drop fired, n=3",
    )


def _act(client, alert, verb, body=None):
    return client.post(
        f"/api/insights/alerts/{alert.pk}/{verb}", body or {}, content_type="application/json"
    )


def test_the_list_gives_each_alert_its_id_to_act_on(client, bob, alert):
    client.force_login(bob)
    item = client.get("/api/insights/alerts").json()["items"][0]
    assert item["id"] == alert.pk and item["state"] == "open"


def test_acknowledge_then_resolve_with_what_was_done(client, bob, alert):
    client.force_login(bob)
    seen = _act(client, alert, "acknowledge", {"note": "Calling the sponsor."})
    assert seen.status_code == 200 and seen.json()["state"] == "acknowledged"
    assert _act(client, alert, "acknowledge").status_code == 422  # open alerts only
    refused = _act(client, alert, "resolve")
    assert refused.status_code == 422 and "Say what was done" in refused.json()["errors"]["note"][0]
    done = _act(client, alert, "resolve", {"note": "Weekly demo agreed."})
    assert done.status_code == 200 and done.json()["state"] == "resolved"
    alert.refresh_from_db()
    assert (alert.acknowledged_note, alert.resolved_note) == (
        "Calling the sponsor.",
        "Weekly demo agreed.",
    )
    assert alert.resolved_by == bob
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"insights.alert.acknowledged", "insights.alert.resolved"} <= actions
    assert _act(client, alert, "resolve", {"note": "Again."}).status_code == 422


def test_only_roles_that_manage_alerts_act_on_them(client, carol, erin, alert):
    for who in (carol, erin):  # the project's own manager reads its alerts, but does not close them
        client.force_login(who)
        assert _act(client, alert, "acknowledge").status_code == 403
        assert _act(client, alert, "resolve", {"note": "x"}).status_code == 403
    alert.refresh_from_db()
    assert alert.state == "open"


def test_an_unknown_alert_is_a_404_and_bad_notes_a_422(client, bob, alert):
    client.force_login(bob)
    assert (
        client.post(
            "/api/insights/alerts/999999/acknowledge", {}, content_type="application/json"
        ).status_code
        == 404
    )
    assert _act(client, alert, "acknowledge", {"note": "bell\x07"}).status_code == 422
    assert _act(client, alert, "acknowledge", {"notes": "typo"}).status_code == 422
    alert.refresh_from_db()
    assert alert.state == "open"
