"""The console in a real browser: headless Chromium through Playwright, against a live server."""

from __future__ import annotations

import pytest

from rapport.testing.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pmo_lead_signs_in_and_sees_the_portfolio(page, screenshot, alice, project):
    login(page, alice)
    assert page.get_by_role("heading", name="PMO overview").is_visible()
    assert page.get_by_role("link", name="Admin").is_visible()
    header_colour = page.locator("header.top").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    assert header_colour == "rgb(47, 93, 138)", "the console stylesheet is served"
    assert page.evaluate("typeof htmx") == "object", "htmx is served from django-htmx"
    shot = screenshot("home")
    assert shot.stat().st_size > 10_000
    page.get_by_role("link", name="Projects").click()
    assert page.get_by_role("link", name="Branch booking").is_visible()
    screenshot("projects")


def test_wrong_password_is_refused_with_a_clear_message(page, alice):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(alice.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_text("Please enter a correct email address and password").is_visible()


def test_project_manager_sees_only_their_projects(page, carol, project, other_project):
    login(page, carol)
    assert page.get_by_role("heading", name="My projects").is_visible()
    assert page.get_by_role("link", name="Branch booking").is_visible()
    assert page.get_by_text("Close automation").count() == 0
    assert page.get_by_role("link", name="Admin").count() == 0
