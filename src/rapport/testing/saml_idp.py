"""Signed SAML responses for tests, as an identity provider would post them to Rapport.

The IdP's key and certificate are made once per test run (``make_idp``); ``signed_response``
writes a response to an authentication request with an assertion signed by that key
(python3-saml's own signing, RSA-SHA256).
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from onelogin.saml2.constants import OneLogin_Saml2_Constants
from onelogin.saml2.utils import OneLogin_Saml2_Utils

IDP_ENTITY_ID = "https://idp.example.org/saml"
IDP_SSO_URL = "https://idp.example.org/saml/sso"
NS = (
    'xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
    'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"'
)


@dataclass(frozen=True)
class TestIdP:
    key_pem: str
    cert_pem: str


def make_idp() -> TestIdP:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test IdP")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return TestIdP(key_pem, cert.public_bytes(serialization.Encoding.PEM).decode())


def provider_settings(idp: TestIdP) -> dict[str, Any]:
    """``SOCIALACCOUNT_PROVIDERS`` for this IdP, as ``signin_settings.providers`` builds it."""
    return {
        "saml": {
            "APPS": [
                {
                    "provider_id": "saml",
                    "name": "Test SAML IdP",
                    "client_id": "idp",
                    "settings": {
                        "attribute_mapping": {"uid": "uid", "email": "email", "name": "name"},
                        "idp": {
                            "entity_id": IDP_ENTITY_ID,
                            "sso_url": IDP_SSO_URL,
                            "x509cert": idp.cert_pem,
                        },
                        "advanced": {
                            "want_assertion_signed": True,
                            "want_message_signed": False,
                            "reject_idp_initiated_sso": True,
                        },
                    },
                }
            ]
        }
    }


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def assertion_xml(
    *, request_id: str, acs_url: str, sp_entity_id: str, attributes: dict[str, list[str]]
) -> str:
    now = datetime.now(UTC)
    later, before = _when(now + timedelta(minutes=5)), _when(now - timedelta(minutes=1))
    email = escape(attributes.get("email", [""])[0])
    attrs = "".join(
        f"<saml:Attribute Name={quoteattr(name)}>"
        + "".join(f"<saml:AttributeValue>{escape(v)}</saml:AttributeValue>" for v in values)
        + "</saml:Attribute>"
        for name, values in attributes.items()
    )
    return (
        f'<saml:Assertion {NS} ID="_a{secrets.token_hex(16)}" Version="2.0" '
        f'IssueInstant="{_when(now)}"><saml:Issuer>{IDP_ENTITY_ID}</saml:Issuer>'
        "<saml:Subject><saml:NameID "
        'Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">'
        f"{email}</saml:NameID>"
        '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
        f'<saml:SubjectConfirmationData NotOnOrAfter="{later}" Recipient={quoteattr(acs_url)} '
        f'InResponseTo="{request_id}"/></saml:SubjectConfirmation></saml:Subject>'
        f'<saml:Conditions NotBefore="{before}" NotOnOrAfter="{later}"><saml:AudienceRestriction>'
        f"<saml:Audience>{escape(sp_entity_id)}</saml:Audience></saml:AudienceRestriction>"
        f'</saml:Conditions><saml:AuthnStatement AuthnInstant="{_when(now)}" '
        f'SessionIndex="_s{secrets.token_hex(8)}"><saml:AuthnContext><saml:AuthnContextClassRef>'
        "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
        "</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"
        f"<saml:AttributeStatement>{attrs}</saml:AttributeStatement></saml:Assertion>"
    )


def sign(idp: TestIdP, xml: str) -> str:
    signed = OneLogin_Saml2_Utils.add_sign(
        xml,
        idp.key_pem,
        idp.cert_pem,
        sign_algorithm=OneLogin_Saml2_Constants.RSA_SHA256,
        digest_algorithm=OneLogin_Saml2_Constants.SHA256,
    )
    text = signed.decode() if isinstance(signed, bytes) else signed
    return text.split("?>", 1)[1] if text.startswith("<?xml") else text


def response_b64(*, request_id: str, acs_url: str, assertion: str) -> str:
    now = _when(datetime.now(UTC))
    xml = (
        f'<samlp:Response {NS} ID="_r{secrets.token_hex(16)}" Version="2.0" '
        f'IssueInstant="{now}" Destination={quoteattr(acs_url)} InResponseTo="{request_id}">'
        f"<saml:Issuer>{IDP_ENTITY_ID}</saml:Issuer><samlp:Status><samlp:StatusCode "
        'Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>'
        f"{assertion}</samlp:Response>"
    )
    return base64.b64encode(xml.encode()).decode()
