"""The alerts page: PMO roles only, severity then age, acknowledge/resolve by POST with a note."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rapport.insights.models import Alert
from rapport.testing.factories import ProjectFactory

pytestmark = pytest.mark.django_db
URL = "/insights/alerts/"


def _alert(project, rule, severity, days_old, **extra):
    return Alert.objects.create(
        project=project,
        rule=rule,
        severity=severity,
        period="2026-05",
        last_period="2026-05",
        message=f"{rule} fired, n=3",
        created_at=timezone.now() - dt.timedelta(days=days_old),
        **extra,
    )


def test_ordered_by_severity_then_age(client, bob, project, other_project):
    young_warning = _alert(project, "drop", "warning", 1)
    old_warning = _alert(other_project, "drop", "warning", 9)
    young_critical = _alert(project, "low_score", "critical", 2)
    old_critical = _alert(other_project, "low_score", "critical", 5)
    client.force_login(bob)
    html = client.get(URL).content.decode()
    order = [
        html.index(f'id="alert-{a.pk}"')
        for a in (old_critical, young_critical, old_warning, young_warning)
    ]
    assert order == sorted(order)


def test_acknowledge_then_resolve_with_a_note(client, alice, project):
    alert = _alert(project, "drop", "warning", 1)
    client.force_login(alice)
    response = client.post(
        reverse("insights:alert_acknowledge", args=[alert.pk]),
        {"note": "Calling them today", "state": "active"},
    )
    assert response.status_code == 302 and response["Location"].endswith("?state=active")
    alert.refresh_from_db()
    assert alert.state == "acknowledged" and alert.acknowledged_note == "Calling them today"
    page = client.get(URL).content.decode()
    assert "Calling them today" in page and "Acknowledge</button>" not in page
    client.post(reverse("insights:alert_resolve", args=[alert.pk]), {"note": "Plan agreed"})
    alert.refresh_from_db()
    assert alert.state == "resolved" and alert.resolved_by == alice
    assert "Plan agreed" in client.get(URL + "?state=resolved").content.decode()
    assert f'id="alert-{alert.pk}"' not in client.get(URL).content.decode()


def test_resolving_without_a_note_is_refused_and_changes_nothing(client, alice, project):
    alert = _alert(project, "drop", "warning", 1)
    client.force_login(alice)
    response = client.post(
        reverse("insights:alert_resolve", args=[alert.pk]), {"note": " "}, follow=True
    )
    assert "Say what was done" in response.content.decode()
    alert.refresh_from_db()
    assert alert.state == "open"


def test_project_managers_and_sponsors_cannot_act(client, carol, erin, project):
    alert = _alert(project, "drop", "warning", 1)
    for user in (carol, erin):
        client.force_login(user)
        url = reverse("insights:alert_resolve", args=[alert.pk])
        assert client.post(url, {"note": "x"}).status_code == 403
    alert.refresh_from_db()
    assert alert.state == "open"


def test_unknown_alert_is_404(client, alice):
    client.force_login(alice)
    assert (
        client.post(reverse("insights:alert_resolve", args=[999]), {"note": "x"}).status_code == 404
    )


def test_empty_state_says_what_happens_next(client, alice):
    client.force_login(alice)
    html = client.get(URL).content.decode()
    assert "No alerts." in html and "Alerts appear here when" in html


def test_message_text_is_escaped(client, alice, project):
    project.name = "<script>alert(1)</script>"
    project.save()
    _alert(project, "drop", "warning", 1)
    client.force_login(alice)
    html = client.get(URL).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_alerts(client, alice, project):
    _alert(project, "drop", "warning", 1, acknowledged_by=alice, state="acknowledged")
    client.force_login(alice)
    few = _queries(client)
    for i in range(20):
        _alert(ProjectFactory(), "drop", "warning", i, acknowledged_by=alice, state="acknowledged")
    assert _queries(client) == few


def test_paginates(client, alice, settings):
    for i in range(60):
        _alert(ProjectFactory(), "drop", "warning", i)
    client.force_login(alice)
    assert "Page 1 of 2" in client.get(URL).content.decode()


def test_the_page_says_how_many_false_alarms_to_expect(
    client, bob, project, other_project, settings
):
    settings.RAPPORT_ALERT_FALSE_ALARMS = 0.1
    ProjectFactory.create_batch(8, customer=project.customer)
    client.force_login(bob)
    html = client.get(URL).content.decode()
    assert "calibrated to about 0.1 false alarms per project-year" in html
    assert "across your 10 active projects, expect about 1 alert a year that turns out" in html
