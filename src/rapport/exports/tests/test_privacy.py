"""Exports show exactly what their reader may see: projects, answers, words."""

from __future__ import annotations

import pytest

from rapport.accounts.permissions import can_view_individual_responses, readable_responses
from rapport.exports.lists import HIDDEN
from rapport.exports.tests.files import download
from rapport.feedback.models import Response

pytestmark = pytest.mark.django_db

BY_PROJECT = ["projects", "reviews", "issues", "actions", "health"]


@pytest.mark.parametrize("name", BY_PROJECT)
def test_a_project_managers_export_holds_only_their_projects(client, carol, world, project, name):
    rows = download(client, carol, name)
    assert rows, name
    assert {r["project"] for r in rows} == {project.name}


def test_a_project_manager_exports_only_their_customers(client, carol, world, project):
    assert [r["customer"] for r in download(client, carol, "customers")] == [project.customer.name]
    assert {r["customer"] for r in download(client, carol, "stakeholders")} == {
        project.customer.name
    }
    assert {r["customer"] for r in download(client, carol, "roadmap")} == {project.customer.name}


def test_pmo_reads_attributed_and_confidential_answers_with_who_but_never_anonymous(
    client, alice, world
):
    rows = download(client, alice, "responses")
    assert {(r["confidentiality"], r["respondent"]) for r in rows} == {
        ("attributed", "Olivia Walker"),
        ("confidential", "Quinn Insider"),
    }
    assert "Nobody knows who" not in {r["comment"] for r in rows}


def test_a_project_manager_never_gets_answers_given_in_confidence(client, carol, world):
    rows = download(client, carol, "responses")
    assert [r["confidentiality"] for r in rows] == ["attributed"]
    assert "Said in confidence" not in {r["comment"] for r in rows}


def test_a_project_manager_gets_no_answers_from_other_projects(client, dave, world):
    # Dave's only review is anonymous: nothing to read one by one.
    assert download(client, dave, "responses") == []


def test_sponsors_may_not_export_answers(client, erin, world):
    client.force_login(erin)
    response = client.get("/exports/responses.csv")
    assert response.status_code == 403
    assert b"Sponsors read totals only" in response.content


def test_sponsors_see_counts_of_protected_issues_but_not_their_words(client, erin, world):
    rows = download(client, erin, "issues")
    words = {r["confidentiality"]: r["issue"] for r in rows}
    assert words["attributed"] == "Open words"
    assert words["confidential"] == HIDDEN and words["anonymous"] == HIDDEN
    actions = {r["confidentiality"]: r["action"] for r in download(client, erin, "actions")}
    assert actions == {"attributed": "Fix: Open words", "confidential": HIDDEN}


def test_sponsors_get_health_rules_but_not_signal_messages(client, erin, alice, world):
    assert {r["signals"] for r in download(client, erin, "health")} == {"drop"}
    assert {r["signals"] for r in download(client, alice, "health")} == {"a stakeholder scored 3"}


def test_sponsors_do_not_read_the_customers_comments_on_the_roadmap(client, erin, alice, world):
    assert {r["customer_comments"] for r in download(client, erin, "roadmap")} == {""}
    assert "We want this before summer" in {
        r["customer_comments"] for r in download(client, alice, "roadmap")
    }


@pytest.mark.parametrize(
    ("name", "who"), [("alerts", "carol"), ("alerts", "erin"), ("audit", "carol")]
)
def test_pmo_lists_are_refused_to_others(client, users, world, name, who):
    client.force_login(users[who])
    assert client.get(f"/exports/{name}.csv").status_code == 403


def test_readable_responses_agrees_with_the_page_rule(users, world):
    """The set-based filter is ``can_view_individual_responses``, row by row, for every role."""
    answers = list(Response.objects.select_related("project"))
    for user in users.values():
        expected = {
            a.pk
            for a in answers
            if can_view_individual_responses(user, a.project, a.confidentiality)
        }
        got = set(readable_responses(user, Response.objects.all()).values_list("pk", flat=True))
        assert got == expected, user.email


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/exports/responses.csv?since=garbage", "since"),
        ("/exports/responses.xlsx?until=2026-13", "until"),
        ("/exports/reviews.csv?period=notaperiod", "period"),
    ],
)
def test_a_month_filter_that_is_not_a_month_is_refused_by_name(client, alice, world, path, name):
    client.force_login(alice)
    response = client.get(path)
    assert response.status_code == 400
    assert response.content.decode().startswith(f"{name}: Give the month as YYYY-MM")


def test_the_api_refuses_a_month_filter_that_is_not_a_month(client, alice, world):
    client.force_login(alice)
    response = client.get("/api/exports/responses?since=2026-13")
    assert response.status_code == 422
    assert "since" in response.json()["errors"]
    assert client.get("/api/exports/responses?since=2026-01").status_code == 200
