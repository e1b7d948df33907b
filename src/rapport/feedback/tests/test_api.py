"""The review cycles API follows the console's permissions."""

from __future__ import annotations

import pytest

from rapport.feedback import services

pytestmark = pytest.mark.django_db


def test_cycles_api_lists_only_visible_projects(client, carol, project, other_project, dave):
    services.plan_cycle(project, "2026-03", by=carol)
    services.plan_cycle(other_project, "2026-03", by=dave)
    client.force_login(carol)
    data = client.get("/api/feedback/cycles").json()
    assert [c["project_name"] for c in data["items"]] == ["Branch booking"]
    assert data["items"][0]["state"] == "planned" and data["items"][0]["invited"] == 0
