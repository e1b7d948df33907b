"""A PMO's first day in a real browser, from an empty database: the first lead made by the
command without a terminal, a project manager invited through the console, a customer, its
stakeholders and a project, feedback-givers linked from the project page, the first review
planned and opened, with the first-run checklist ticking along."""

from __future__ import annotations

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command

from rapport.accounts.models import User
from rapport.feedback.models import CycleState, ReviewCycle
from rapport.feedback.services.cycles import current_period

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEAD_PASSWORD = "our pmo runs on trust"
PM_PASSWORD = "monthly reviews for all"


def _step(page, label: str) -> str:
    """'done' or 'todo' for the checklist step named ``label`` on the home page."""
    page.goto("/")
    return page.locator(".checklist li", has_text=label).get_attribute("class")


def test_a_pmo_first_day_from_an_empty_database(page, browser, live_server, screenshot):
    assert not User.objects.exists()
    call_command(
        "create_user",
        "lena@pmo.test",
        "--name",
        "Lena Lead",
        "--password-stdin",
        stdin=io.StringIO(LEAD_PASSWORD + "\n"),
        stdout=io.StringIO(),
    )

    # Sign in: the checklist has everything still to do.
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill("lena@pmo.test")
    page.get_by_label("Password").fill(LEAD_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
    checklist = page.locator(".checklist")
    assert checklist.get_by_role("heading", name="Your first steps").is_visible()
    assert checklist.locator("li.todo").count() == 6
    screenshot("checklist-empty")

    # Invite a project manager from the checklist's link.
    checklist.get_by_role("link", name="Invite your project managers").click()
    page.wait_for_url("**/people/**")
    page.locator("#id_full_name").fill("Paul Manager")
    page.locator("#id_email").fill("paul@pmo.test")
    assert page.locator("#id_role").input_value() == "project_manager"
    page.get_by_role("button", name="Send the invitation").click()
    assert page.get_by_text("Paul Manager invited as Project manager").is_visible()
    assert page.get_by_text("Invited: no password yet").is_visible()
    assert _step(page, "Invite your project managers") == "done"

    # Paul follows the link from his email, in his own browser, and chooses a password.
    [invitation] = mail.outbox
    assert invitation.to == ["paul@pmo.test"]
    path = re.search(r"http://testserver(/accounts/reset/\S+/)", invitation.body).group(1)
    pauls = browser.new_context(base_url=live_server.url, locale="en-US")
    paul = pauls.new_page()
    paul.goto(path)
    paul.get_by_label("New password", exact=True).fill(PM_PASSWORD)
    paul.get_by_label("New password again").fill(PM_PASSWORD)
    paul.get_by_role("button", name="Save the password").click()
    paul.goto("/accounts/login/")
    paul.get_by_label("Email address").fill("paul@pmo.test")
    paul.get_by_label("Password").fill(PM_PASSWORD)
    paul.get_by_role("button", name="Sign in").click()
    paul.wait_for_url("**/")
    assert paul.get_by_role("heading", name="My projects").is_visible()

    # The first customer and its stakeholders.
    page.locator(".checklist").get_by_role("link", name="Add your first customer").click()
    page.locator("#id_name").fill("Retail Banking")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r".*/customers/\d+/$"))
    assert _step(page, "Add your first customer") == "done"
    page.goto("/")
    step = page.locator(".checklist").get_by_role("link", name="Add the customer’s stakeholders")
    add_stakeholder = step.get_attribute("href")
    for name, email in (("Olivia Walker", "olivia@retail.test"), ("Noah Chen", "noah@retail.test")):
        page.goto(add_stakeholder)
        page.locator("#id_name").fill(name)
        page.locator("#id_email").fill(email)
        page.get_by_role("button", name="Save").click()
        assert page.get_by_text(f"{name} added.").is_visible()
    assert _step(page, "Add the customer’s stakeholders") == "done"

    # The first project, managed by Paul: the form offers him.
    page.locator(".checklist").get_by_role("link", name="Add the first project").click()
    page.locator("#id_name").fill("Branch booking")
    page.locator("#id_project_manager").select_option(label="Paul Manager")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r".*/projects/\d+/$"))
    assert _step(page, "Add the first project") == "done"

    # Link the feedback-givers from the project page.
    page.locator(".checklist").get_by_role("link", name="Link the feedback-givers").click()
    section = page.locator("#feedback-givers")
    assert section.get_by_text("Nobody gives feedback on this project yet.").is_visible()
    for name in ("Olivia Walker", "Noah Chen"):
        section.get_by_label("Stakeholder of Retail Banking").select_option(label=name)
        section.get_by_role("button", name="Link", exact=True).click()
        assert page.get_by_text(f"{name} now gives feedback on Branch booking.").is_visible()
        section = page.locator("#feedback-givers")
    assert section.get_by_role("button", name="Unlink Olivia Walker").is_visible()
    assert section.get_by_text(
        "No other stakeholder of Retail Banking is left to link."
    ).is_visible()
    screenshot("feedback-givers")
    assert _step(page, "Link the feedback-givers") == "done"

    # Plan and open the first review.
    page.locator(".checklist").get_by_role(
        "link", name="Plan and open the first monthly review"
    ).click()
    page.get_by_label("Month").fill(current_period())
    page.get_by_label("Mode").select_option(value="email")
    page.get_by_role("button", name="Plan a review").click()
    page.wait_for_url("**/open/")
    assert _step(page, "Plan and open the first monthly review") == "todo"
    page.locator(".checklist").get_by_role(
        "link", name="Plan and open the first monthly review"
    ).click()
    page.get_by_role("button", name="Open the review and send").click()
    assert page.get_by_text("Review opened: 2 invitation(s) queued.").is_visible()
    cycle = ReviewCycle.objects.get()
    assert (
        cycle.state == CycleState.INVITED and cycle.project.project_manager.email == "paul@pmo.test"
    )

    # Every step done: the checklist is gone.
    page.goto("/")
    assert page.locator(".checklist").count() == 0
    assert page.get_by_role("heading", name="PMO overview").is_visible()
    screenshot("checklist-done")
    pauls.close()
