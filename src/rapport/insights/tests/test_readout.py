"""`rapport health` / `rapport alerts` and /api/insights/*: same rows, permission-filtered."""

from __future__ import annotations

import csv
import io
import json

import pytest

from rapport.insights.tests.history import run
from rapport.insights.tests.snapshots import alert, snapshot_rows

pytestmark = pytest.mark.django_db


def test_health_command_latest_and_all_periods(project, other_project):
    snapshot_rows([project, other_project])
    out, _ = run("health", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["period"] for r in rows] == ["2026-03", "2026-03"]
    assert list(rows[0]) == [
        "project",
        "period",
        "n",
        "mean",
        "adjusted",
        "theta",
        "low",
        "high",
        "status",
        "signals",
    ]
    out, _ = run("health", "--format", "json", "--all-periods")
    assert len(json.loads(out)) == 6


def test_alerts_command_lists_the_period_each_fired(project):
    alert(project, "drop", "warning", "2026-02")
    out, _ = run("alerts", "--format", "json")
    (row,) = json.loads(out)
    assert (row["project"], row["period"], row["rule"]) == (project.name, "2026-02", "drop")


def test_csv_cells_never_start_a_formula(project):
    project.name = "=HYPERLINK(1)"
    project.save()
    alert(project)
    out, _ = run("alerts", "--format", "csv")
    assert "'=HYPERLINK(1)" in out


def _get(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.json()


def test_api_health_is_filtered_per_role(client, alice, carol, dave, erin, project, other_project):
    snapshot_rows([project, other_project])
    assert _get(client, alice, "/api/insights/health")["count"] == 2
    mine = _get(client, carol, "/api/insights/health")
    assert [r["project_id"] for r in mine["items"]] == [project.pk]
    sponsor = _get(client, erin, "/api/insights/health?all_periods=true")
    assert sponsor["count"] == 6
    red = [r for r in sponsor["items"] if r["status"] == "R"]
    assert red and all(r["signals"] == ["drop"] for r in red)  # rule ids, not messages


def test_api_alerts_for_pmo_and_own_projects_only(client, bob, carol, erin, project, other_project):
    alert(project)
    alert(other_project, "silence", "critical")
    assert _get(client, bob, "/api/insights/alerts")["count"] == 2
    assert [a["project_id"] for a in _get(client, carol, "/api/insights/alerts")["items"]] == [
        project.pk
    ]
    assert _get(client, erin, "/api/insights/alerts")["count"] == 0


def test_api_pages(client, alice, project):
    snapshot_rows([project], periods=[f"2025-{m:02d}" for m in range(1, 13)])
    first = _get(client, alice, "/api/insights/health?all_periods=true")
    assert first["count"] == 12 and len(first["items"]) == 12
