"""The customer view in a real browser: the pictures show, htmx adds items inline."""

from __future__ import annotations

import pytest

from rapport.customers import services
from rapport.testing.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def known_customer(alice, project, stakeholder):
    customer = project.customer
    stages = services.ensure_journey(customer, by=alice)
    for stage, experience in zip(stages, [1, -2, -1, 1, 0, -1], strict=True):
        services.update_journey_stage(stage, by=alice, experience=experience)
    services.create_pain_point(
        customer, by=alice, stage=stages[1], description="Our request waits weeks.", severity=5
    )
    session = services.create_listening_session(
        customer, by=alice, attendees=[stakeholder], story="We lose time waiting for intake."
    )
    services.add_value_statement(session, by=alice, text="Tell us early", weight=5)
    services.create_concern(customer, by=alice, text="Dates slip without warning.")
    return customer, session


def test_lead_sees_the_one_page_customer_view(page, screenshot, alice, known_customer):
    customer, _ = known_customer
    login(page, alice)
    page.goto(f"/customers/{customer.pk}/")
    assert page.get_by_role(
        "img", name="Power and interest of Retail Banking's stakeholders"
    ).is_visible()
    assert page.get_by_role("img", name="Retail Banking's journey with the PMO").is_visible()
    assert page.get_by_text("Stakeholder engagement assessment matrix").is_visible()
    assert page.get_by_text("Dates slip without warning.").is_visible()
    assert screenshot("customer").stat().st_size > 20_000


def test_value_statement_is_added_inline_with_htmx(page, screenshot, alice, known_customer):
    customer, session = known_customer
    login(page, alice)
    page.goto(f"/customers/{customer.pk}/listening/{session.pk}/")
    page.get_by_label("What they value").fill("Same team to the end")
    page.get_by_label("Weight (1–5)").fill("4")
    page.get_by_role("button", name="Add").click()
    page.get_by_text("“Same team to the end”").wait_for()
    assert page.get_by_label("What they value").input_value() == ""  # a fresh form, same page
    screenshot("session")
    assert session.value_statements.count() == 2
