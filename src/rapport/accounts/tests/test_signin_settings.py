"""The sign-in settings as a deployment sets them (a fresh interpreter per case)."""

from __future__ import annotations

import json

from rapport.tests.test_env import GOOD_PRODUCTION, _run

SHOW = (
    "import json; from django.conf import settings as s; print(json.dumps({"
    "'require': s.RAPPORT_REQUIRE_2FA, 'providers': sorted(s.SOCIALACCOUNT_PROVIDERS),"
    "'roles': s.RAPPORT_SSO_ROLE_MAP, 'hasher': s.PASSWORD_HASHERS[0]}))"
)


def _show(env: dict[str, str], tmp_path) -> dict:
    result = _run(["shell", "-c", SHOW], env, tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_asks_pmo_roles_for_a_second_factor_and_development_none(tmp_path):
    production = _show(GOOD_PRODUCTION, tmp_path)
    assert production["require"] == ["pmo_lead", "pmo_analyst"]
    assert production["hasher"].endswith("Argon2PasswordHasher")
    assert _show({}, tmp_path)["require"] == [], "the demo signs in with a password alone"
    assert _show({**GOOD_PRODUCTION, "RAPPORT_REQUIRE_2FA": "none"}, tmp_path)["require"] == []


def test_sso_from_the_environment(tmp_path):
    cert = tmp_path / "idp.pem"
    cert.write_text("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
    shown = _show(
        {
            "RAPPORT_OIDC_SERVER_URL": "https://sso.example.org/realms/staff",
            "RAPPORT_OIDC_CLIENT_ID": "rapport",
            "RAPPORT_OIDC_CLIENT_SECRET": "s3cret",
            "RAPPORT_SAML_IDP_ENTITY_ID": "https://idp.example.org",
            "RAPPORT_SAML_IDP_SSO_URL": "https://idp.example.org/sso",
            "RAPPORT_SAML_IDP_CERT_FILE": str(cert),
            "RAPPORT_SSO_ROLE_MAP": "CN=PMO,OU=Groups,DC=example=pmo_lead",
        },
        tmp_path,
    )
    assert shown["providers"] == ["openid_connect", "saml"]
    assert shown["roles"] == {"CN=PMO,OU=Groups,DC=example": "pmo_lead"}


def test_incomplete_sso_settings_fail_at_start_naming_the_variable(tmp_path):
    result = _run(["check"], {"RAPPORT_OIDC_SERVER_URL": "https://sso.example.org"}, tmp_path)
    assert result.returncode != 0
    assert "RAPPORT_OIDC_CLIENT_ID must be set" in result.stderr
    missing_file = {
        "RAPPORT_SAML_IDP_ENTITY_ID": "https://idp.example.org",
        "RAPPORT_SAML_IDP_SSO_URL": "https://idp.example.org/sso",
        "RAPPORT_SAML_IDP_CERT_FILE": str(tmp_path / "nope.pem"),
    }
    result = _run(["check"], missing_file, tmp_path)
    assert "RAPPORT_SAML_IDP_CERT_FILE: cannot read" in result.stderr
    result = _run(["check"], {"RAPPORT_REQUIRE_2FA": "admins"}, tmp_path)
    assert "RAPPORT_REQUIRE_2FA: unknown role(s) admins" in result.stderr
