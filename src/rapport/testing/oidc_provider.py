"""A tiny OpenID Connect provider for tests, served by the live server under ``/test-idp/``
(``rapport.testing.urls``). Never part of the product's URLs.

It implements what Rapport's single sign-on uses: discovery, the authorization-code flow with
PKCE (S256), client authentication by secret, an RS256-signed ID token with its key set, and
userinfo. Its "sign-in page" is a form where the test (or the browser test) types who the
person is and their groups, as an identity provider would know them.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from typing import Any
from urllib.parse import urlencode

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.views.decorators.csrf import csrf_exempt

CLIENT_ID = "rapport-test"
CLIENT_SECRET = "test-client-secret-0123456789"
KEY_ID = "test-key"

_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
_CODES: dict[str, dict[str, Any]] = {}
_TOKENS: dict[str, dict[str, Any]] = {}


def _issuer(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}/test-idp"


def discovery(request: HttpRequest) -> JsonResponse:
    issuer = _issuer(request)
    return JsonResponse(
        {
            "issuer": issuer,
            "authorization_endpoint": f"{issuer}/authorize",
            "token_endpoint": f"{issuer}/token",
            "userinfo_endpoint": f"{issuer}/userinfo",
            "jwks_uri": f"{issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
        }
    )


def jwks(request: HttpRequest) -> JsonResponse:
    key = jwt.algorithms.RSAAlgorithm.to_jwk(_KEY.public_key(), as_dict=True)
    key.update({"kid": KEY_ID, "alg": "RS256", "use": "sig"})
    return JsonResponse({"keys": [key]})


_CARRIED = ("client_id", "redirect_uri", "state", "nonce", "code_challenge", "scope")


@csrf_exempt
def authorize(request: HttpRequest) -> HttpResponse:
    params = request.POST if request.method == "POST" else request.GET
    if params.get("client_id") != CLIENT_ID or not params.get("redirect_uri"):
        return HttpResponseBadRequest("unknown client or no redirect_uri")
    if request.method == "GET":
        hidden = format_html_join(
            "",
            '<input type="hidden" name="{}" value="{}">',
            ((k, params.get(k, "")) for k in _CARRIED),
        )
        return HttpResponse(
            format_html(
                "<!doctype html><html lang='en'><head><title>Test identity provider</title></head>"
                "<body><h1>Test identity provider</h1><form method='post'>{}"
                "<p><label>Email <input name='email'></label></p>"
                "<p><label>Name <input name='name'></label></p>"
                "<p><label>Groups (separated by ;) <input name='groups'></label></p>"
                "<button type='submit'>Continue</button></form></body></html>",
                hidden,
            )
        )
    code = secrets.token_urlsafe(24)
    email = params.get("email", "").strip()
    _CODES[code] = {
        "redirect_uri": params["redirect_uri"],
        "nonce": params.get("nonce") or None,
        "code_challenge": params.get("code_challenge", ""),
        "claims": {
            "sub": "idp-" + hashlib.sha256(email.lower().encode()).hexdigest()[:16],
            "email": email,
            "email_verified": True,
            "name": params.get("name", ""),
            "groups": [g.strip() for g in params.get("groups", "").split(";") if g.strip()],
        },
    }
    query = urlencode({"code": code, "state": params.get("state", "")})
    return redirect(f"{params['redirect_uri']}?{query}")


def _client_ok(request: HttpRequest) -> bool:
    header = request.headers.get("Authorization", "")
    if header.startswith("Basic "):
        client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
    else:
        client_id, secret = request.POST.get("client_id", ""), request.POST.get("client_secret", "")
    return client_id == CLIENT_ID and secrets.compare_digest(secret, CLIENT_SECRET)


@csrf_exempt
def token(request: HttpRequest) -> JsonResponse:
    if request.method != "POST" or not _client_ok(request):
        return JsonResponse({"error": "invalid_client"}, status=401)
    grant = _CODES.pop(request.POST.get("code", ""), None)
    if grant is None or grant["redirect_uri"] != request.POST.get("redirect_uri"):
        return JsonResponse({"error": "invalid_grant"}, status=400)
    verifier = request.POST.get("code_verifier", "")
    digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    # Rapport always sends a PKCE challenge (S256); a grant without one is refused here.
    if not grant["code_challenge"] or digest.decode() != grant["code_challenge"]:
        return JsonResponse({"error": "invalid_grant", "error_description": "PKCE"}, status=400)
    access = secrets.token_urlsafe(24)
    _TOKENS[access] = grant["claims"]
    now = int(time.time())
    id_claims = {"iss": _issuer(request), "aud": CLIENT_ID, "iat": now, "exp": now + 300}
    if grant["nonce"]:
        id_claims["nonce"] = grant["nonce"]
    id_token = jwt.encode(
        {**grant["claims"], **id_claims}, _KEY, algorithm="RS256", headers={"kid": KEY_ID}
    )
    return JsonResponse(
        {"access_token": access, "token_type": "Bearer", "expires_in": 300, "id_token": id_token}
    )


def userinfo(request: HttpRequest) -> JsonResponse:
    access = request.headers.get("Authorization", "").removeprefix("Bearer ")
    claims = _TOKENS.get(access)
    if claims is None:
        return JsonResponse({"error": "invalid_token"}, status=401)
    return JsonResponse(claims)


urlpatterns = [
    path(".well-known/openid-configuration", discovery),
    path("jwks", jwks),
    path("authorize", authorize),
    path("token", token),
    path("userinfo", userinfo),
]


def configure(settings: Any, base_url: str) -> None:
    """Point Rapport's single sign-on at this provider on a live server (pytest-django's
    ``settings`` fixture), with a group → role map for the tests."""
    settings.ROOT_URLCONF = "rapport.testing.urls"
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "idp",
                    "name": "Test IdP",
                    "client_id": CLIENT_ID,
                    "secret": CLIENT_SECRET,
                    "settings": {"server_url": f"{base_url}/test-idp"},
                }
            ],
        }
    }
    settings.RAPPORT_SSO_ROLE_MAP = {
        "PMO Leads": "pmo_lead",
        "CN=Project Managers,OU=Groups,DC=example,DC=org": "project_manager",
        "Sponsors": "executive_sponsor",
    }
