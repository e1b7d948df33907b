"""The first-run checklist on the PMO home page: each step ticks itself off from the data, links
to where it is done, and the list goes away once every step is done."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rapport.console.views import first_run_checklist
from rapport.feedback import services as feedback
from rapport.testing.factories import ProjectStakeholderFactory

pytestmark = pytest.mark.django_db


def _done(user) -> dict[str, bool]:
    return {step["label"]: step["done"] for step in first_run_checklist(user) or []}


def test_an_empty_install_shows_every_step_to_do_with_its_link(client, alice):
    client.force_login(alice)
    page = client.get("/").content.decode()
    assert "Your first steps" in page
    assert '<a href="/customers/new/">Add your first customer</a>' in page
    assert '<a href="/people/?role=project_manager">Invite your project managers</a>' in page
    assert set(_done(alice).values()) == {False}


def test_steps_tick_off_as_the_pmo_goes_and_the_list_goes_away(client, alice, project):
    # ``project`` brings a customer, its manager (carol) and a sponsor.
    done = _done(alice)
    assert done["Add your first customer"] and done["Add the first project"]
    assert done["Invite your project managers"]
    assert not done["Add the customer’s stakeholders"]
    ProjectStakeholderFactory(project=project)
    done = _done(alice)
    assert (
        done["Add the customer’s stakeholders"] and done["Link the feedback-givers to the project"]
    )
    assert not done["Plan and open the first monthly review"]
    cycle = feedback.plan_cycle(project, "2026-03", by=alice, mode="email")
    step = next(s for s in first_run_checklist(alice) if s["label"].startswith("Plan and open"))
    assert step["url"] == f"/reviews/{cycle.pk}/open/" and not step["done"]
    feedback.open_cycle(cycle, by=alice)
    assert first_run_checklist(alice) is None
    client.force_login(alice)
    assert "Your first steps" not in client.get("/").content.decode()


def test_analysts_see_the_list_but_are_not_sent_to_people(client, bob):
    client.force_login(bob)
    page = client.get("/").content.decode()
    assert "Your first steps" in page
    assert "your PMO lead invites them under People" in page
    assert 'href="/people/' not in page


def test_managers_and_sponsors_see_no_checklist(client, carol, erin):
    for user in (carol, erin):
        client.force_login(user)
        assert "Your first steps" not in client.get("/").content.decode()


def test_the_checklist_costs_a_fixed_number_of_queries(alice, project):
    with CaptureQueriesContext(connection) as queries:
        first_run_checklist(alice)
    assert len(queries) <= 8


def test_the_pmo_home_counts_emails_that_need_a_check(client, alice, carol):
    from rapport.feedback.models import OutboxMessage, OutboxState

    client.force_login(alice)
    assert "need a check" not in client.get("/").content.decode()
    OutboxMessage.objects.create(
        kind="alert", dedupe_key="alert:t", to_email="x@r.test", state=OutboxState.NEEDS_CHECK
    )
    page = client.get("/").content.decode()
    assert "1 email needs a check" in page and "state=needs_check" in page
    client.force_login(carol)
    assert "needs a check" not in client.get("/").content.decode()
