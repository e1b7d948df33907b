"""Signing in, in a real browser: through the organisation's identity provider (a local OpenID
Connect provider on the live server) and with an authenticator app (TOTP)."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from rapport.testing import oidc_provider
from rapport.testing.browser import PASSWORD
from rapport.testing.otp import current_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_through_the_identity_provider(page, live_server, settings, screenshot):
    oidc_provider.configure(settings, live_server.url)
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in with Test IdP").click()
    page.wait_for_url("**/test-idp/authorize**")
    page.get_by_label("Email").fill("lena.lead@example.org")
    page.get_by_label("Name").fill("Lena Lead")
    page.get_by_label("Groups").fill("PMO Leads")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="PMO overview").is_visible()
    assert page.get_by_text("Lena Lead").first.is_visible()
    screenshot("signed-in")


def test_set_up_an_authenticator_then_sign_in_with_a_code(page, settings, alice, screenshot):
    settings.RAPPORT_REQUIRE_2FA = ["pmo_lead"]
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(alice.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # A PMO lead must use two-factor sign-in: sent to set it up first.
    page.wait_for_url("**/accounts/two-factor/")
    assert page.get_by_text("Your role must use two-factor sign-in").is_visible()
    page.get_by_role("button", name="Set up an authenticator app").click()
    qr = page.get_by_alt_text("QR code of your authenticator key")
    width = qr.evaluate("img => img.decode().then(() => img.naturalWidth)")
    assert width > 0, "the QR code is drawn"
    screenshot("qr")
    device = TOTPDevice.objects.get(user=alice, confirmed=False)
    page.get_by_label("Authentication code").fill(current_code(device))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    # Waits for the next page (a bare is_visible() would read the page before it arrived).
    page.get_by_role("heading", name="Your recovery codes").wait_for(timeout=15_000)
    recovery = page.locator("ul.recovery-codes code").first.inner_text()
    page.get_by_role("link", name="Done").click()
    assert page.get_by_role("heading", name="PMO overview").is_visible()

    page.get_by_role("button", name="Sign out").click()
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(alice.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/login/verify/")
    # The app's code of this half-minute was used to confirm it: a recovery code instead.
    page.get_by_label("Authentication code").fill(recovery)
    page.get_by_role("button", name="Verify").click()
    assert page.get_by_role("heading", name="PMO overview").is_visible()


def test_sign_in_with_password_and_an_authenticator_code(page, carol):
    device = TOTPDevice.objects.create(user=carol, name="phone", confirmed=True)
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(carol.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/login/verify/")
    page.get_by_label("Authentication code").fill(current_code(device))
    page.get_by_role("button", name="Verify").click()
    assert page.get_by_role("heading", name="My projects").is_visible()
