"""Single sign-on through SAML: signed assertions accepted, tampered or unsigned ones refused,
roles from the groups attribute."""

from __future__ import annotations

import base64
import re
import zlib
from urllib.parse import parse_qs, urlparse

import pytest

from rapport.accounts.models import Role, User
from rapport.testing import saml_idp

pytestmark = pytest.mark.django_db

HOST = "rapport.example.org"
ACS = f"http://{HOST}/sso/saml/idp/acs/"
SP_ENTITY_ID = f"http://{HOST}/sso/saml/idp/metadata/"


@pytest.fixture(scope="module")
def idp() -> saml_idp.TestIdP:
    return saml_idp.make_idp()


@pytest.fixture
def saml(settings, idp, client):
    # A browser always sends its host, which SAML checks (and wants a dotted name).
    settings.ALLOWED_HOSTS = [HOST]
    client.defaults["HTTP_HOST"] = HOST
    settings.SOCIALACCOUNT_PROVIDERS = saml_idp.provider_settings(idp)
    settings.RAPPORT_SSO_ROLE_MAP = {"pmo-analysts": "pmo_analyst"}
    return idp


def _start(client) -> str:
    """Rapport sends the browser to the IdP; returns the authentication request's ID."""
    response = client.post("/sso/saml/idp/login/")
    assert response.status_code == 302
    location = urlparse(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == saml_idp.IDP_SSO_URL
    request_xml = zlib.decompress(
        base64.b64decode(parse_qs(location.query)["SAMLRequest"][0]), -15
    ).decode()
    return re.search(r'ID="([^"]+)"', request_xml).group(1)


def _attributes(email: str, groups: list[str]) -> dict[str, list[str]]:
    return {"uid": [email.split("@")[0]], "email": [email], "name": ["Sam Saml"], "groups": groups}


def _post(client, request_id: str, assertion: str):
    data = saml_idp.response_b64(request_id=request_id, acs_url=ACS, assertion=assertion)
    return client.post("/sso/saml/idp/acs/", {"SAMLResponse": data}, follow=True)


def _assertion(request_id: str, email: str, groups: list[str]) -> str:
    return saml_idp.assertion_xml(
        request_id=request_id,
        acs_url=ACS,
        sp_entity_id=SP_ENTITY_ID,
        attributes=_attributes(email, groups),
    )


def test_a_signed_assertion_signs_in_with_the_mapped_role(client, saml):
    request_id = _start(client)
    signed = saml_idp.sign(saml, _assertion(request_id, "sam@example.org", ["pmo-analysts"]))
    response = _post(client, request_id, signed)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/"
    sam = User.objects.get(email="sam@example.org")
    assert (sam.role, sam.full_name) == (Role.PMO_ANALYST, "Sam Saml")
    assert client.session["_auth_user_id"] == str(sam.pk)


def test_a_tampered_assertion_is_refused(client, saml):
    request_id = _start(client)
    signed = saml_idp.sign(saml, _assertion(request_id, "sam@example.org", ["pmo-analysts"]))
    tampered = signed.replace("sam@example.org", "boss@example.org")
    response = _post(client, request_id, tampered)
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email__in=["sam@example.org", "boss@example.org"]).exists()
    assert response.status_code == 401
    assert b"Single sign-on failed" in response.content


def test_an_unsigned_assertion_is_refused(client, saml):
    request_id = _start(client)
    response = _post(client, request_id, _assertion(request_id, "sam@example.org", ["x"]))
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="sam@example.org").exists()
    assert response.status_code == 401


def test_an_assertion_signed_by_another_key_is_refused(client, saml):
    request_id = _start(client)
    stranger = saml_idp.make_idp()
    forged = saml_idp.sign(stranger, _assertion(request_id, "sam@example.org", ["pmo-analysts"]))
    assert _post(client, request_id, forged).status_code == 401
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="sam@example.org").exists()


def test_a_response_to_no_request_of_ours_is_refused(client, saml):
    _start(client)
    other = "_not-our-request"
    signed = saml_idp.sign(saml, _assertion(other, "sam@example.org", ["pmo-analysts"]))
    assert _post(client, other, signed).status_code == 403
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="sam@example.org").exists()


def test_groups_that_map_to_no_role_are_refused(client, saml):
    request_id = _start(client)
    signed = saml_idp.sign(saml, _assertion(request_id, "sam@example.org", ["finance"]))
    response = _post(client, request_id, signed)
    assert response.status_code == 403
    assert b"none of your groups gives access to Rapport" in response.content
    assert not User.objects.filter(email="sam@example.org").exists()
