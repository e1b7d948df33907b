"""Every console page each role reaches, audited by axe-core (WCAG 2.0–2.2 A/AA) in Chromium.

A small demo portfolio gives every page something to show; each role signs in and the crawler
follows every link it is offered, auditing one page per view. A serious or critical violation
fails the test, and so does a CSP violation or a script error on any page visited.
"""

from __future__ import annotations

from typing import Any

import pytest

from rapport.console.tests.conftest import DEMO_ROLES
from rapport.demo.catalog import DEMO_PASSWORD
from rapport.testing.a11y import ConsoleWatch, axe_violations, crawl_and_audit, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = DEMO_ROLES


def _sign_in(page: Any, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


@pytest.mark.parametrize("role", list(ROLES))
def test_every_console_page_a_role_reaches_passes_axe(page, live_server, demo, role):
    watch = ConsoleWatch().attach(page)
    page.goto("/accounts/login/")
    sign_in = axe_violations(page)
    assert not sign_in, describe(sign_in, "sign-in page")
    _sign_in(page, ROLES[role])
    report = crawl_and_audit(page, live_server.url, ["/"])
    assert len(report.pages) >= 8, f"the crawl reached too few pages: {sorted(report.pages)}"
    assert not report.failures, "\n".join(report.failures)
    assert not watch.violations, "\n".join(watch.violations)
    assert not watch.errors, "\n".join(watch.errors)


@pytest.mark.parametrize("width", [320, 390], ids=["320px", "phone"])
def test_console_pages_reflow_on_a_phone(page, live_server, demo, width):
    """At 320 px (400% zoom of a 1280 px screen) no page scrolls sideways as a whole, and a
    table that scrolls inside its box can be scrolled with the keyboard (axe-core)."""
    page.set_viewport_size({"width": width, "height": 800})
    _sign_in(page, ROLES["lead"])
    wide = []
    for path in ["/", "/customers/", "/projects/", "/reviews/", "/insights/", "/audit/"]:
        page.goto(path)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width + 1:
            wide.append(f"{path}: {scroll}px wide")
        found = axe_violations(page)
        if found:
            wide.append(describe(found, f"{path} at {width}px"))
    assert not wide, "\n".join(wide)
