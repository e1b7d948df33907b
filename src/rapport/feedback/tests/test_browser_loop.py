"""One month from the customer's side, in a real browser: they answer the survey; the project
manager raises their issue and an action, closes the review; the action is done later; the
customer gets the "done — did it fix it?" email, follows its link and confirms; next month's
agenda shows it confirmed."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail

from rapport.feedback import services
from rapport.feedback.models import Action, CycleState, ReviewCycle
from rapport.testing.browser import login
from rapport.testing.factories import ProjectStakeholderFactory, StakeholderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _path(pattern: str, body: str) -> str:
    match = re.search(rf"http://testserver({pattern})", body)
    assert match, body
    return match.group(1)


def test_the_customer_hears_an_action_is_done_and_confirms_it(
    browser, live_server, page, screenshot, project, carol
):
    olivia = StakeholderFactory(
        customer=project.customer, name="Olivia Walker", email="olivia@retail.test"
    )
    ProjectStakeholderFactory(project=project, stakeholder=olivia)
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="email")
    services.open_cycle(cycle, by=carol)
    (invitation,) = [m for m in mail.outbox if m.to == [olivia.email]]

    # The customer answers from the link in their email (a browser of their own, no login).
    customer = browser.new_context(base_url=live_server.url, locale="en-US")
    theirs = customer.new_page()
    theirs.goto(_path(r"/s/[A-Za-z0-9_\-]+/", invitation.body))
    theirs.locator("fieldset#f_overall").get_by_text("5", exact=True).click()
    theirs.get_by_label("What would make this a 10?").fill("Tell us about delays earlier.")
    theirs.get_by_role("button", name="Send my answers").click()
    assert theirs.get_by_role("heading", name="Thank you").is_visible()

    # The project manager raises the issue and an action, then closes the review.
    login(page, carol)
    page.goto(f"/reviews/{cycle.pk}/")
    page.get_by_label("Issue, in the customer's words").fill("We hear about delays too late")
    page.get_by_role("button", name="Add the issue").click()
    page.get_by_label("What we will do").fill("Send a weekly delay note")
    page.get_by_label("Due").fill("2026-04-10")
    page.get_by_label("For issue").select_option(label="We hear about delays too late")
    page.get_by_role("button", name="Add the action").click()
    assert page.get_by_role("cell", name=re.compile("Send a weekly delay note")).is_visible()
    services.record_meeting(cycle, by=carol, held_on=dt.date(2026, 3, 20))
    page.goto(f"/reviews/{cycle.pk}/")
    page.get_by_role("button", name="Actions agreed").click()
    page.get_by_role("button", name="Close and send the summary").click()
    cycle.refresh_from_db()
    assert cycle.state == CycleState.CLOSED

    # Later, the action is done.
    mail.outbox.clear()
    page.get_by_label("Status").select_option("done")
    page.wait_for_selector("text=Action updated.")
    assert Action.objects.get().status == "done"

    # The customer is told, and confirms from the link.
    (told,) = [m for m in mail.outbox if m.to == [olivia.email]]
    assert "Send a weekly delay note" in told.body and "Did this fix it?" in told.body
    theirs.goto(_path(r"/s/fixed/[^\s]+/", told.body))
    assert theirs.get_by_role("heading", name="Did this fix your issue?").is_visible()
    theirs.get_by_role("button", name="Yes, this fixed my issue").click()
    assert theirs.get_by_role("status").is_visible()
    customer.close()
    assert Action.objects.get().customer_confirmed_at is not None

    # Next month's agenda says so.
    april = services.plan_cycle(project, "2026-04", by=carol, mode="meeting")
    page.goto(f"/reviews/{april.pk}/meeting/")
    agenda = page.locator(".agenda")
    assert agenda.get_by_text(re.compile("Send a weekly delay note — done")).is_visible()
    assert agenda.get_by_text(
        re.compile("the customer confirmed it fixed their issue")
    ).is_visible()
    screenshot("agenda")
    assert ReviewCycle.objects.count() == 2
