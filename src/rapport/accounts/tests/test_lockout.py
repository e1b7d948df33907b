"""Repeated wrong passwords lock the account out from that client (django-axes)."""

from __future__ import annotations

import base64

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.urls import reverse

from rapport.accounts import services
from rapport.audit.models import AuditEntry
from rapport.testing.browser import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _try(client, email: str, password: str, ip: str = "203.0.113.7"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_twenty_wrong_passwords_lock_the_account_out_from_that_client(client, settings, carol):
    statuses = [_try(client, carol.email, f"guess {i}").status_code for i in range(20)]
    limit = settings.AXES_FAILURE_LIMIT
    assert statuses[: limit - 1] == [200] * (limit - 1), "wrong passwords show the form again"
    assert set(statuses[limit - 1 :]) == {429}, "then every try is refused as locked"
    # The right password no longer opens the account from here, and the page says why.
    locked = _try(client, carol.email, PASSWORD)
    assert locked.status_code == 429
    assert b"Too many failed sign-ins" in locked.content
    assert b"rapport unlock" in locked.content
    assert "_auth_user_id" not in client.session
    # Typing the address in another case is the same account.
    assert _try(client, carol.email.upper(), PASSWORD).status_code == 429


def test_the_lock_holds_one_account_from_one_client(client, carol, dave):
    for i in range(20):
        _try(client, carol.email, f"guess {i}")
    # Carol from her own desk, and Dave from the attacker's address, still sign in.
    assert _try(client, carol.email, PASSWORD, ip="198.51.100.2").status_code == 302
    client.logout()
    assert _try(client, dave.email, PASSWORD).status_code == 302


def test_a_lead_unlocks_with_the_command_and_it_is_audited(client, carol, capsys):
    for i in range(12):
        _try(client, carol.email, f"guess {i}")
    assert _try(client, carol.email, PASSWORD).status_code == 429
    call_command("unlock", carol.email)
    assert "lockout record(s) removed" in capsys.readouterr().out
    assert not AccessAttempt.objects.filter(username=carol.email).exists()
    assert _try(client, carol.email, PASSWORD).status_code == 302
    assert AuditEntry.objects.filter(action="accounts.user.unlocked").count() == 1


def test_unlock_service_and_unknown_email(carol):
    assert services.unlock_sign_in(carol, by=None) == 0
    with pytest.raises(Exception, match="No user with email"):
        call_command("unlock", "nobody@pmo.test")


def test_a_success_clears_earlier_failures(client, carol):
    for i in range(5):
        _try(client, carol.email, f"guess {i}")
    assert _try(client, carol.email, PASSWORD).status_code == 302
    client.logout()
    assert not AccessAttempt.objects.filter(username=carol.email).exists()


def test_the_api_takes_no_password_to_guess(client, carol):
    # The API accepts a session or a 256-bit random bearer token, never an email and password:
    # there is no password to guess through it.
    basic = base64.b64encode(f"{carol.email}:{PASSWORD}".encode()).decode()
    response = client.get("/api/accounts/me", HTTP_AUTHORIZATION=f"Basic {basic}")
    assert response.status_code == 401
    guessed = client.get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {PASSWORD}")
    assert guessed.status_code == 401


def test_the_admin_sign_in_is_the_console_one(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login") + "?next=/admin/"


def test_a_lead_sees_the_lock_on_the_people_page_and_lifts_it(client, alice, carol):
    for i in range(10):
        _try(client, carol.email, f"guess {i}")
    lead = client.__class__()
    lead.force_login(alice)
    page = lead.get(reverse("people:list"))
    assert page.content.count(b"Locked out after failed sign-ins") == 1
    assert f"Unlock {carol}".encode() in page.content
    # Others may not.
    other = client.__class__()
    other.force_login(carol)
    assert other.post(reverse("people:unlock", args=[carol.pk])).status_code == 403
    assert _try(client, carol.email, PASSWORD).status_code == 429
    done = lead.post(reverse("people:unlock", args=[carol.pk]), follow=True)
    assert b"can sign in again" in done.content
    assert b"Locked out after failed sign-ins" not in done.content
    assert _try(client, carol.email, PASSWORD).status_code == 302
