"""The review cycles and actions API follows the console's permissions."""

from __future__ import annotations

import datetime as dt

import pytest

from rapport.audit.models import AuditEntry
from rapport.feedback import services
from rapport.feedback.models import Action

pytestmark = pytest.mark.django_db


def test_cycles_api_lists_only_visible_projects(client, carol, project, other_project, dave):
    services.plan_cycle(project, "2026-03", by=carol)
    services.plan_cycle(other_project, "2026-03", by=dave)
    client.force_login(carol)
    data = client.get("/api/feedback/cycles").json()
    assert [c["project_name"] for c in data["items"]] == ["Branch booking"]
    assert data["items"][0]["state"] == "planned" and data["items"][0]["invited"] == 0


# --- Corrective actions -----------------------------------------------------------------------


def _actions(project, carol, *, confidentiality="attributed"):
    """An open review with an issue and two actions: one overdue, one due next year."""
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="meeting")
    cycle.confidentiality = confidentiality
    cycle.save(update_fields=["confidentiality"])
    issue = services.raise_issue(cycle, by=carol, text="We hear about delays too late")
    late = services.add_action(
        cycle,
        by=carol,
        title="Weekly delay note",
        due=dt.date(2026, 1, 10),
        issue=issue,
        owner=carol,
    )
    later = services.add_action(
        cycle, by=carol, title="Delay page on the intranet", due=dt.date(2999, 1, 1)
    )
    return cycle, issue, late, later


def _set(client, action, status):
    return client.post(
        f"/api/feedback/actions/{action.pk}/status",
        {"status": status},
        content_type="application/json",
    )


def test_actions_are_listed_with_their_owner_and_whether_they_are_overdue(
    client, bob, carol, project, other_project, dave
):
    cycle, issue, late, later = _actions(project, carol)
    services.add_action(
        services.plan_cycle(other_project, "2026-03", by=dave),
        by=dave,
        title="Other project's action",
        due=dt.date(2026, 5, 1),
    )
    client.force_login(bob)
    items = client.get(f"/api/feedback/actions?project_id={project.pk}").json()["items"]
    assert [i["id"] for i in items] == [late.pk, later.pk]
    first = items[0]
    assert first["title"] == "Weekly delay note" and first["issue_id"] == issue.pk
    assert (first["owner_id"], first["owner_name"], first["overdue"]) == (
        carol.pk,
        "Carol Manager",
        True,
    )
    assert (first["cycle_id"], first["period"], first["confidentiality"]) == (
        cycle.pk,
        "2026-03",
        "attributed",
    )
    assert items[1]["overdue"] is False and items[1]["owner_id"] is None
    # A project manager lists their own projects' actions only.
    client.force_login(carol)
    assert {i["project_id"] for i in client.get("/api/feedback/actions").json()["items"]} == {
        project.pk
    }


def test_a_sponsor_sees_that_there_are_actions_but_not_words_said_in_confidence(
    client, carol, erin, project
):
    _actions(project, carol, confidentiality="confidential")
    client.force_login(erin)
    items = client.get("/api/feedback/actions").json()["items"]
    assert len(items) == 2 and {i["title"] for i in items} == {None}
    assert {i["confidentiality"] for i in items} == {"confidential"}
    client.force_login(carol)  # the project's manager reads them, as on the review page
    assert {i["title"] for i in client.get("/api/feedback/actions").json()["items"]} == {
        "Weekly delay note",
        "Delay page on the intranet",
    }


def test_the_projects_manager_marks_an_action_done_as_on_the_review_page(client, carol, project):
    _, issue, late, _ = _actions(project, carol)
    client.force_login(carol)
    response = _set(client, late, "done")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "done" and body["done_on"] is not None and body["overdue"] is False
    issue.refresh_from_db()
    assert issue.status == "addressed"
    assert AuditEntry.objects.filter(action="feedback.action.updated", actor=carol).exists()
    open_only = client.get("/api/feedback/actions?open=true").json()["items"]
    assert [i["title"] for i in open_only] == ["Delay page on the intranet"]
    finished = client.get("/api/feedback/actions?open=false&status=done").json()["items"]
    assert [i["id"] for i in finished] == [late.pk]


def test_others_may_not_change_actions_and_bad_input_changes_nothing(
    client, bob, carol, dave, erin, project
):
    _, _, late, _ = _actions(project, carol)
    for who in (erin, dave):  # a sponsor reads; another project's manager does not see it
        client.force_login(who)
        assert _set(client, late, "done").status_code == 403
    client.force_login(bob)
    refused = _set(client, late, "finished")
    assert refused.status_code == 422
    assert (
        "Choose one of: open, in_progress, done, dropped" in refused.json()["errors"]["status"][0]
    )
    assert client.get("/api/feedback/actions?status=finished").status_code == 422
    assert (
        client.post(
            "/api/feedback/actions/999999/status",
            {"status": "done"},
            content_type="application/json",
        ).status_code
        == 404
    )
    late.refresh_from_db()
    assert late.status == "open" and not Action.objects.filter(status="done").exists()


# --- Issues, and adding issues and actions through the API -----------------------------------


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_the_projects_manager_raises_an_issue_and_agrees_an_action(client, carol, bob, project):
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="meeting")
    client.force_login(carol)
    raised = _post(
        client,
        f"/api/feedback/cycles/{cycle.pk}/issues",
        {"text": "We hear about delays too late", "priority": "high"},
    )
    assert raised.status_code == 201, raised.json()
    issue = raised.json()
    assert (issue["text"], issue["priority"], issue["status"]) == (
        "We hear about delays too late",
        "high",
        "open",
    )
    agreed = _post(
        client,
        f"/api/feedback/cycles/{cycle.pk}/actions",
        {
            "title": "Weekly delay note",
            "due": "2026-04-10",
            "owner_id": bob.pk,
            "issue_id": issue["id"],
        },
    )
    assert agreed.status_code == 201, agreed.json()
    action = agreed.json()
    assert (action["title"], action["owner_id"], action["issue_id"]) == (
        "Weekly delay note",
        bob.pk,
        issue["id"],
    )
    listed = client.get(f"/api/feedback/issues?cycle_id={cycle.pk}").json()["items"]
    assert [i["id"] for i in listed] == [issue["id"]]
    actions = {e.action for e in AuditEntry.objects.all()}
    assert {"feedback.issue.raised", "feedback.action.added"} <= actions


def test_a_sponsor_lists_issues_without_the_words_said_in_confidence(client, carol, erin, project):
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="meeting")
    cycle.confidentiality = "confidential"
    cycle.save(update_fields=["confidentiality"])
    services.raise_issue(cycle, by=carol, text="The sponsor never answers")
    client.force_login(erin)
    items = client.get("/api/feedback/issues").json()["items"]
    assert [(i["text"], i["confidentiality"]) for i in items] == [(None, "confidential")]
    client.force_login(carol)
    assert client.get("/api/feedback/issues").json()["items"][0]["text"] == (
        "The sponsor never answers"
    )


def test_bad_input_and_other_people_change_nothing(
    client, carol, dave, erin, project, other_project
):
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="meeting")
    theirs = services.plan_cycle(other_project, "2026-03", by=dave, mode="meeting")
    other_issue = services.raise_issue(theirs, by=dave, text="Not this project's")
    issues, actions = (
        f"/api/feedback/cycles/{cycle.pk}/issues",
        f"/api/feedback/cycles/{cycle.pk}/actions",
    )
    for who in (erin, dave):  # a sponsor reads; another project's manager does not see it
        client.force_login(who)
        assert _post(client, issues, {"text": "x"}).status_code == 403
        assert _post(client, actions, {"title": "x", "due": "2026-04-01"}).status_code == 403
    client.force_login(carol)
    checks = [
        (issues, {"text": "x", "priority": "urgent"}, "priority"),
        (issues, {"text": "   "}, "__all__"),
        (actions, {"title": "x", "due": "2026-04-01", "owner_id": 999999}, "owner_id"),
        (actions, {"title": "x", "due": "2026-04-01", "issue_id": other_issue.pk}, "issue_id"),
    ]
    for url, body, field in checks:
        response = _post(client, url, body)
        assert response.status_code == 422 and field in response.json()["errors"], response.json()
    assert _post(client, actions, {"title": "x" * 301, "due": "2026-04-01"}).status_code == 422
    assert _post(client, actions, {"title": "a\x07b", "due": "2026-04-01"}).status_code == 422
    assert _post(client, actions, {"title": "x", "due": "not a date"}).status_code == 422
    assert client.get("/api/feedback/issues?status=bogus").status_code == 422
    assert not cycle.issues.exists() and not cycle.actions.exists()
    # A cancelled review takes nothing more.
    cycle.state = "cancelled"
    cycle.save(update_fields=["state"])
    refused = _post(client, issues, {"text": "Too late"})
    assert refused.status_code == 422 and "cancelled" in str(refused.json()["errors"])
    assert not cycle.issues.exists()
