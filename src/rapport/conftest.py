"""Fixtures for every app's tests.

Named users, one per role (as in healthchecks' alice/bob/charlie):
- alice: PMO lead; bob: PMO analyst; carol: project manager of ``project``;
  dave: project manager of ``other_project``; erin: executive sponsor.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from rapport.accounts.models import Role
from rapport.testing.factories import (
    CustomerFactory,
    ProjectFactory,
    StakeholderFactory,
    UserFactory,
)

PASSWORD = "correct horse battery staple"


@pytest.fixture
def alice(db):
    return UserFactory(email="alice@pmo.test", full_name="Alice Lead", role=Role.PMO_LEAD)


@pytest.fixture
def bob(db):
    return UserFactory(email="bob@pmo.test", full_name="Bob Analyst", role=Role.PMO_ANALYST)


@pytest.fixture
def carol(db):
    return UserFactory(email="carol@pmo.test", full_name="Carol Manager", role=Role.PROJECT_MANAGER)


@pytest.fixture
def dave(db):
    return UserFactory(email="dave@pmo.test", full_name="Dave Manager", role=Role.PROJECT_MANAGER)


@pytest.fixture
def erin(db):
    return UserFactory(email="erin@pmo.test", full_name="Erin Sponsor", role=Role.EXECUTIVE_SPONSOR)


@pytest.fixture
def customer(db):
    return CustomerFactory(name="Retail Banking")


@pytest.fixture
def other_customer(db):
    return CustomerFactory(name="Group Finance")


@pytest.fixture
def project(customer, carol, erin):
    return ProjectFactory(
        name="Branch booking", customer=customer, project_manager=carol, sponsor=erin
    )


@pytest.fixture
def other_project(other_customer, dave):
    return ProjectFactory(name="Close automation", customer=other_customer, project_manager=dave)


@pytest.fixture
def stakeholder(customer):
    return StakeholderFactory(
        customer=customer, name="Olivia Walker", email="olivia.walker@retail.test"
    )


@pytest.fixture
def users(alice, bob, carol, dave, erin):
    return {"alice": alice, "bob": bob, "carol": carol, "dave": dave, "erin": erin}


# --- Browser tests -----------------------------------------------------------------------------

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def chromium_executable():
    """Debian's chromium from PATH; never a downloaded browser build."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        message = (
            "Chromium is not on PATH (install Debian's 'chromium' package); browser tests need it."
        )
        if os.environ.get("RAPPORT_TEST_BROWSER") == "1":
            pytest.fail("RAPPORT_TEST_BROWSER=1 but " + message, pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser(chromium_executable):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the tests' own ORM calls are
    # still plain synchronous code, so Django's guard against async misuse does not apply.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=chromium_executable, headless=True, args=CHROMIUM_FLAGS
        )
        yield instance
        instance.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser, live_server):
    # An English browser whatever the machine's locale: signed-out console pages and the public
    # pages follow the browser's language.
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-US"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def screenshot(page, request):
    """Save a screenshot under test-artifacts/ (named after the test) and return its path."""

    def take(name: str = "") -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{request.node.name}{'-' + name if name else ''}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
