"""A refused form on the review page, in a real browser: the page comes back with what was
typed, the error beside the field and the cursor in it, however far down the form sits."""

from __future__ import annotations

import pytest

from rapport.feedback import services
from rapport.feedback.models import Issue
from rapport.testing.browser import login
from rapport.testing.factories import ProjectStakeholderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_issue_pasted_with_a_form_feed_comes_back_as_typed(page, screenshot, project, carol):
    ProjectStakeholderFactory(project=project)
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="email")
    services.open_cycle(cycle, by=carol)
    login(page, carol)
    page.goto(f"/reviews/{cycle.pk}/")
    # Text copied from a PDF can carry a form feed between its pages.
    typed = "Invoices arrive late\fand the totals are wrong"
    page.get_by_label("Issue, in the customer's words").fill(typed)
    page.get_by_label("Customer's priority").select_option("high")
    page.get_by_role("button", name="Add the issue").click()
    text = page.get_by_label("Issue, in the customer's words")
    assert text.input_value() == typed
    assert text.evaluate("el => el === document.activeElement")
    assert text.get_attribute("aria-invalid") == "true"
    assert page.locator("#id_text_error").is_visible()
    assert text.evaluate("el => el.getBoundingClientRect().top < window.innerHeight")
    assert page.get_by_label("Customer's priority").input_value() == "high"
    screenshot("refused")
    assert not Issue.objects.exists()
