"""Signing in and out, and resetting a forgotten password by email."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from rapport.testing.browser import PASSWORD

pytestmark = pytest.mark.django_db


def test_console_requires_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_sign_in_with_email_lands_on_the_role_home(client, carol, project):
    response = client.post(
        reverse("accounts:login"),
        {"username": "CAROL@pmo.test", "password": PASSWORD},
        follow=True,
    )
    assert response.status_code == 200
    assert b"My projects" in response.content
    assert b"Branch booking" in response.content


def test_wrong_password_is_refused(client, carol):
    response = client.post(reverse("accounts:login"), {"username": carol.email, "password": "x"})
    assert response.status_code == 200
    assert b"Please enter a correct email address and password" in response.content


def test_sign_out_needs_a_post(client, carol):
    client.force_login(carol)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_password_reset_by_email(client, carol):
    response = client.post(reverse("accounts:password_reset"), {"email": carol.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [carol.email]
    assert message.subject == "Choose a new Rapport password"
    assert message.alternatives, "the reset email has an HTML part too"
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert b"Choose a new password" in form_page.content
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url,
        {"new_password1": "a new long passphrase", "new_password2": "a new long passphrase"},
    )
    assert done.status_code == 302
    carol.refresh_from_db()
    assert carol.check_password("a new long passphrase")


def test_password_reset_for_unknown_email_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@x.test"})
    assert response.status_code == 302
    assert mail.outbox == []
