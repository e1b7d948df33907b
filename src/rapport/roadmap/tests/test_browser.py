"""The plain-language check and the glossary in a real browser (htmx at work)."""

from __future__ import annotations

import pytest

from rapport.roadmap.services import load_starter_glossary
from rapport.testing.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def glossary(alice):
    # Transactional tests empty the database between tests, migration data included.
    return load_starter_glossary(by=alice)


def test_the_outcome_is_checked_as_the_lead_types(page, screenshot, alice):
    login(page, alice)
    page.goto("/roadmap/services/new/")
    outcome = page.get_by_label("Outcome statement")
    outcome.fill("")
    outcome.press_sequentially(
        "We baseline the deliverables and escalate RAID log items to the steering committee."
    )
    report = page.locator("#id_outcome-language")
    report.get_by_text("Not plain language yet").wait_for()
    assert "decision group" in report.inner_text()
    screenshot("jargon")
    outcome.fill("")
    outcome.press_sequentially("You get one page that shows how your projects are doing.")
    report.get_by_text("Plain language ✓").wait_for()
    screenshot("plain")


def test_the_lead_adds_and_edits_a_glossary_term_inline(page, screenshot, alice):
    login(page, alice)
    page.goto("/roadmap/glossary/")
    page.get_by_label("Term").first.fill("swimlane")
    page.get_by_label("Plain wording").first.fill("who does which step")
    page.get_by_role("button", name="Add").click()
    row = page.locator("#glossary-rows tr", has_text="swimlane")
    row.wait_for()
    row.get_by_role("button", name="Edit").click()
    editing = page.locator("#glossary-rows tr.editing")
    editing.get_by_label("Plain wording").fill("who does each step")
    editing.get_by_role("button", name="Save").click()
    page.locator("#glossary-rows tr", has_text="who does each step").wait_for()
    screenshot("glossary")


def test_a_stakeholder_comments_on_the_shared_roadmap_and_the_lead_accepts(
    page, screenshot, alice, customer, stakeholder
):
    from django.urls import reverse

    from rapport.roadmap.services.items import create_item, replan_roadmap
    from rapport.roadmap.services.sharing import create_share_link

    plain = "You book a branch visit in two clicks. No more calls to find a free slot."
    create_item(customer, by=alice, title="Online booking", outcome=plain, pain_relief=3, effort=2)
    create_item(customer, by=alice, title="Booking link", outcome=plain, pain_relief=5, effort=1)
    replan_roadmap(customer, by=alice)
    _link, token = create_share_link(customer, by=alice, stakeholder=stakeholder)
    page.goto(reverse("roadmap_public:show", args=[token]))
    page.get_by_text("Add a note on this step").first.click()
    page.get_by_label("Your note").first.fill("Please start with the northern branches.")
    page.get_by_label("3", exact=True).first.check()
    page.get_by_role("button", name="Send").first.click()
    page.get_by_text("Thank you.").wait_for()
    screenshot("customer")
    login(page, alice)
    page.goto(reverse("roadmap:customer_roadmap", args=[customer.pk]))
    page.get_by_text("Please start with the northern branches.").wait_for()
    page.get_by_role("button", name="Accept relief").click()
    page.get_by_text("Pain relief updated.").wait_for()
    screenshot("pmo")
