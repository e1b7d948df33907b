"""Every export filter takes only the values it understands: anything else is refused, naming
the filter and what it takes (400 on the console's links, 422 in the API, a message on the
command line), never dropped into a file the reader did not ask for."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from rapport.customers.models import Stakeholder
from rapport.exports.services import EXPORTS
from rapport.exports.tests.files import download, read_csv
from rapport.portfolio.models import Project

pytestmark = pytest.mark.django_db


def refused(client, user, path):
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 400, response.content[:200]
    return response.content.decode()


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (
            "/exports/projects.csv?delivery_status=ZZ",
            "delivery_status: Choose one of: G, AG, A, AR, R; got “ZZ”.",
        ),
        ("/exports/projects.xlsx?state=open", "state: Choose one of: active, paused, closed;"),
        ("/exports/projects.csv?customer=abc", "customer: Give an id, a whole number from 1"),
        ("/exports/stakeholders.csv?customer=0", "customer: Give an id"),
        ("/exports/stakeholders.csv?customer=99999999999999999999", "customer: Give an id"),
        ("/exports/stakeholders.csv?customer=%C2%B2", "customer: Give an id"),  # "²"
        ("/exports/stakeholders.csv?all=yes", "all: Give 1 (yes) or 0 (no); got “yes”."),
        ("/exports/reviews.csv?in_flight=true", "in_flight: Give 1 (yes) or 0 (no)"),
        ("/exports/reviews.csv?state=done", "state: Choose one of: planned, invited,"),
        ("/exports/reviews.csv?project=1.5", "project: Give an id"),
        ("/exports/responses.csv?review=abc", "review: Give an id"),
        ("/exports/responses.csv?customer=-3", "customer: Give an id"),
        ("/exports/issues.csv?status=closed", "status: Choose one of: open, addressed, resolved;"),
        ("/exports/issues.csv?cycle=x", "cycle: Give an id"),
        ("/exports/actions.csv?status=closed", "status: Choose one of: open, in_progress, done,"),
        (
            "/exports/alerts.csv?state=all",
            "state: Choose one of: active, open, acknowledged, resolved; got “all”.",
        ),
        ("/exports/health.csv?project=abc", "project: Give an id"),
        ("/exports/health.xlsx?customer=abc", "customer: Give an id"),
        ("/exports/roadmap.csv?status=later", "status: Choose one of: proposed, planned,"),
        ("/exports/audit.csv?action=Feedback!", "action: Give an action or its first part"),
        ("/exports/customers.csv?q=a%00b", "q: Remove the control character"),
        (f"/exports/customers.csv?q={'x' * 201}", "q: Keep this to 200 characters at most"),
    ],
)
def test_a_value_a_filter_does_not_take_is_refused_naming_it(client, alice, world, path, message):
    assert refused(client, alice, path).startswith(message)


def test_every_wrong_filter_is_named_at_once(client, alice, world):
    body = refused(client, alice, "/exports/projects.csv?delivery_status=ZZ&customer=abc")
    assert [line.split(":")[0] for line in body.splitlines()] == ["customer", "delivery_status"]


def test_a_long_value_is_shown_cut(client, alice, world):
    body = refused(client, alice, f"/exports/roadmap.csv?status={'z' * 500}")
    assert f"got “{'z' * 20}”." in body


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_every_filter_of_every_list_is_checked(name):
    for spec in EXPORTS[name].filters:
        with pytest.raises(ValueError):
            spec.clean("\x00 no such value")


def test_valid_values_filter_as_before(client, alice, world, project, other_project):
    Project.objects.filter(pk=other_project.pk).update(delivery_status="R")
    Project.objects.filter(pk=project.pk).update(delivery_status="G")
    rows = download(client, alice, "projects", delivery_status="R")
    assert [r["project"] for r in rows] == [other_project.name]
    assert len(download(client, alice, "projects", state="active", customer="")) == 2
    rows = download(client, alice, "issues", status="open", cycle=f" {world['open'].pk} ")
    assert [r["issue"] for r in rows] == ["Open words"]
    assert download(client, alice, "actions", status="done") == []
    assert len(download(client, alice, "reviews", state="planned", in_flight="0")) == 3
    assert len(download(client, alice, "roadmap", status="proposed")) == 2
    assert len(download(client, alice, "audit", action="customers.customer.")) == 1
    assert len(download(client, alice, "alerts", state="open")) == 2


def test_all_takes_1_for_everyone_and_0_for_active_people_only(client, alice, world, stakeholder):
    Stakeholder.objects.filter(pk=stakeholder.pk).update(is_active=False)
    assert len(download(client, alice, "stakeholders", all="1")) == 2
    # "0" used to mean the same as "1" (any text did).
    assert len(download(client, alice, "stakeholders", all="0")) == 1
    assert len(download(client, alice, "stakeholders")) == 1


@pytest.mark.parametrize(
    ("name", "key", "expected"),
    [
        ("projects", "customer", 1),
        ("stakeholders", "customer", 2),
        ("reviews", "project", 2),
        ("responses", "project", 1),
        ("issues", "project", 2),
        ("health", "project", 1),
        ("roadmap", "customer", 1),
    ],
)
def test_an_id_the_reader_may_not_see_gives_an_empty_file_as_an_unknown_one(
    client, carol, world, project, other_project, name, key, expected
):
    # Carol manages ``project`` only: Dave's project and its customer are not hers to see.
    own = project.pk if key == "project" else project.customer_id
    others = other_project.pk if key == "project" else other_project.customer_id
    assert len(download(client, carol, name, **{key: own})) == expected
    theirs = download(client, carol, name, fmt="xlsx", **{key: others})
    unknown = download(client, carol, name, fmt="xlsx", **{key: 987654})
    assert theirs == unknown == []


def test_the_api_refuses_a_filter_that_is_not_an_id(client, alice, world):
    client.force_login(alice)
    for value in ("abc", "0", "99999999999999999999"):
        response = client.get("/api/exports/responses", {"customer": value})
        assert response.status_code == 422, value
        assert response.json()["detail"][0]["loc"][-1] == "customer"


def test_the_api_gives_an_empty_file_for_an_id_the_reader_may_not_see(
    client, carol, world, other_project
):
    client.force_login(carol)
    for value in (other_project.pk, 987654):
        response = client.get("/api/exports/responses", {"project": value})
        assert response.status_code == 200
        assert read_csv(response) == []


def test_the_command_names_a_filter_value_it_does_not_take(alice, world):
    with pytest.raises(CommandError, match="delivery_status: Choose one of: G, AG, A, AR, R;"):
        call_command("export", "projects", "--filter", "delivery_status=ZZ", stdout=io.StringIO())
