"""Passwords: hashed with argon2 (older hashes still work and are upgraded), and Django's
validators wherever a password is chosen."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.urls import reverse

from rapport import settings as rapport_settings
from rapport.testing.browser import PASSWORD

pytestmark = pytest.mark.django_db


def test_argon2_first_and_the_older_hashers_after_it():
    hashers = rapport_settings.PASSWORD_HASHERS
    assert hashers[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in hashers[1:]


def test_an_old_pbkdf2_hash_still_signs_in_and_is_rehashed_with_argon2(client, settings, carol):
    settings.PASSWORD_HASHERS = rapport_settings.PASSWORD_HASHERS
    carol.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    carol.save()
    response = client.post(
        reverse("accounts:login"), {"username": carol.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    carol.refresh_from_db()
    assert carol.password.startswith("argon2$argon2id$")
    assert carol.check_password(PASSWORD)


def _change(old: str, new: str) -> dict[str, str]:
    return {"old_password": old, "new_password1": new, "new_password2": new}


def test_change_password_checks_the_old_one_and_the_validators(client, carol):
    client.force_login(carol)
    url = reverse("accounts:password_change")
    assert client.get(reverse("accounts:profile")).content.count(url.encode()) == 1
    weak = client.post(url, _change(PASSWORD, "password"))
    assert weak.status_code == 200
    assert b"This password is too common" in weak.content
    like_email = client.post(url, _change(PASSWORD, "carol@pmo.test"))
    assert b"too similar to the email address" in like_email.content
    wrong_old = client.post(url, _change("nope", "a fine long phrase"))
    assert b"Your old password was entered incorrectly" in wrong_old.content
    carol.refresh_from_db()
    assert carol.check_password(PASSWORD), "nothing changed on refused input"
    done = client.post(url, _change(PASSWORD, "a fine long phrase"))
    assert done.status_code == 302
    carol.refresh_from_db()
    assert carol.check_password("a fine long phrase")


def test_invitation_set_password_refuses_a_weak_password(
    client, alice, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("people:invite"),
            {"email": "pia@pmo.test", "full_name": "Pia New", "role": "project_manager"},
        )
    client.logout()
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[-1].body).group(1)
    page = client.get(link, follow=True)
    set_url = page.redirect_chain[-1][0]
    refused = client.post(set_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert refused.status_code == 200
    assert b"This password is entirely numeric" in refused.content
    accepted = client.post(
        set_url, {"new_password1": "pia's own words", "new_password2": "pia's own words"}
    )
    assert accepted.status_code == 302
