"""Helpers for browser tests (Playwright driving Debian's Chromium)."""

from __future__ import annotations

PASSWORD = "correct horse battery staple"


def login(page, user, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
