"""Two-factor sign-in with an authenticator app (TOTP) and recovery codes."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from rapport.accounts import services
from rapport.audit.models import AuditEntry
from rapport.testing.browser import PASSWORD
from rapport.testing.otp import current_code

pytestmark = pytest.mark.django_db

TWO_FACTOR = "/accounts/two-factor/"


def _sign_in(client, user, next_url: str = ""):
    data = {"username": user.email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:login"), data)


def test_set_up_an_authenticator_with_a_qr_code_and_get_recovery_codes(client, carol):
    client.force_login(carol)
    assert b"Set up an authenticator app" in client.get(TWO_FACTOR).content
    page = client.post(TWO_FACTOR, {"action": "start"})
    assert b"Scan this code" in page.content
    main = page.content.split(b"<main", 1)[1]
    assert b"<script" not in main and b"style=" not in main, "nothing inline (CSP)"
    qr = client.get(reverse("accounts:two_factor_qr"))
    assert qr["Content-Type"] == "image/svg+xml"
    assert b"<svg" in qr.content and b"<script" not in qr.content
    device = TOTPDevice.objects.get(user=carol, confirmed=False)
    assert not services.has_two_factor(carol), "not on until a code confirms it"

    wrong = client.post(TWO_FACTOR, {"action": "confirm", "code": "000000"})
    assert wrong.status_code == 400
    assert b"That code does not match" in wrong.content
    assert not services.has_two_factor(carol)

    done = client.post(TWO_FACTOR, {"action": "confirm", "code": current_code(device)})
    assert done.status_code == 200
    assert b"shown only once" in done.content
    codes = StaticToken.objects.filter(device__user=carol).values_list("token", flat=True)
    assert len(codes) == services.RECOVERY_CODES
    assert all(code.encode() in done.content for code in codes)
    assert services.has_two_factor(carol)
    assert AuditEntry.objects.filter(action="accounts.two_factor.enabled").count() == 1
    # The session that set it up counts as verified: the console opens.
    assert client.get("/").status_code == 200


def _with_totp(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def test_password_alone_does_not_sign_in_someone_with_two_factor(client, carol):
    device = _with_totp(carol)
    response = _sign_in(client, carol, next_url="/projects/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:verify")
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302, "the console still wants a sign-in"

    wrong = client.post(reverse("accounts:verify"), {"code": "123456"})
    assert wrong.status_code == 400
    assert b"That code does not match" in wrong.content
    assert "_auth_user_id" not in client.session

    waiting = client.post(reverse("accounts:verify"), {"code": current_code(device)})
    assert b"wait a few seconds" in waiting.content, "each wrong code slows the next try"
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    ok = client.post(reverse("accounts:verify"), {"code": current_code(device)})
    assert ok.status_code == 302
    assert ok["Location"] == "/projects/"
    assert client.session["_auth_user_id"] == str(carol.pk)
    assert client.get("/").status_code == 200


def test_a_recovery_code_works_once(client, carol):
    _with_totp(carol)
    client.force_login(carol)  # an unverified session: signed out at the next request
    assert client.get("/")["Location"].startswith(reverse("accounts:login"))
    codes = services.renew_recovery_codes(carol, by=carol)
    _sign_in(client, carol)
    assert client.post(reverse("accounts:verify"), {"code": codes[0]}).status_code == 302
    client.logout()
    _sign_in(client, carol)
    assert client.post(reverse("accounts:verify"), {"code": codes[0]}).status_code == 400


def test_five_wrong_codes_send_back_to_the_password(client, carol):
    _with_totp(carol)
    _sign_in(client, carol)
    for _ in range(4):
        assert client.post(reverse("accounts:verify"), {"code": "000000"}).status_code == 400
    fifth = client.post(reverse("accounts:verify"), {"code": "000000"})
    assert fifth.status_code == 302
    assert fifth["Location"] == reverse("accounts:login")
    assert client.get(reverse("accounts:verify"))["Location"] == reverse("accounts:login")


def test_roles_that_must_use_it_are_sent_to_set_it_up(client, settings, alice, carol):
    settings.RAPPORT_REQUIRE_2FA = ["pmo_lead"]
    client.force_login(alice)
    assert client.get("/")["Location"] == TWO_FACTOR
    assert client.get("/api/accounts/me").status_code == 403
    page = client.get(TWO_FACTOR)
    assert b"Your role must use two-factor sign-in" in page.content
    client.force_login(carol)
    assert client.get("/").status_code == 200, "a project manager is not asked"


def test_a_lead_resets_a_lost_phone_with_the_command(carol, capsys):
    _with_totp(carol)
    services.renew_recovery_codes(carol, by=carol)
    call_command("unlock", carol.email, "--reset-2fa")
    assert "two-factor sign-in reset" in capsys.readouterr().out
    assert not services.has_two_factor(carol)
    assert AuditEntry.objects.filter(action="accounts.two_factor.disabled").count() == 1


def test_turning_it_off_is_refused_for_a_role_that_must_use_it(client, settings, alice):
    settings.RAPPORT_REQUIRE_2FA = ["pmo_lead"]
    _with_totp(alice)
    _sign_in(client, alice)
    client.post(reverse("accounts:verify"), {"code": current_code(alice.totpdevice_set.get())})
    page = client.post(TWO_FACTOR, {"action": "disable"})
    assert b"stays on" in page.content
    assert services.has_two_factor(alice)


def test_a_lead_resets_two_factor_from_the_people_page(client, alice, carol):
    _with_totp(carol)
    client.force_login(alice)
    page = client.get(reverse("people:list"))
    assert f"Reset the two-factor sign-in of {carol}".encode() in page.content
    done = client.post(reverse("people:reset_two_factor", args=[carol.pk]), follow=True)
    assert b"authenticator and recovery codes are removed" in done.content
    assert not services.has_two_factor(carol)
