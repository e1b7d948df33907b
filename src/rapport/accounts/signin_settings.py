"""Parsing of the sign-in settings (read by ``rapport/settings.py``; no models imported here).

Every helper fails at start with a message naming the variable, like ``rapport.env``.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from rapport.env import Env

ROLES = ("pmo_lead", "pmo_analyst", "project_manager", "executive_sponsor")
LOCKOUT_BY = ("account-and-client", "account", "client")


def cooloff(minutes: int) -> timedelta:
    return timedelta(minutes=minutes)


def lockout_parameters(by: str) -> list[Any]:
    """django-axes' lockout parameters for ``RAPPORT_LOCKOUT_BY``.

    ``account-and-client`` (the default) locks one account from one address: guessing is stopped
    and a stranger cannot lock a colleague out from elsewhere. ``account`` locks the account
    from everywhere; ``client`` locks the address for every account.
    """
    choices: dict[str, list[Any]] = {
        "account-and-client": [["username", "ip_address"]],
        "account": ["username"],
        "client": ["ip_address"],
    }
    return choices[by]


def roles(name: str, values: list[str]) -> list[str]:
    """Role names, checked; ``none`` alone means no role (an empty variable means the default)."""
    if values == ["none"]:
        return []
    unknown = [v for v in values if v not in ROLES]
    if unknown:
        raise ImproperlyConfigured(
            f"{name}: unknown role(s) {', '.join(unknown)}; use {', '.join(ROLES)}."
        )
    return values


def role_map(raw: str) -> dict[str, str]:
    """``"PMO Leads=pmo_lead; CN=PM,OU=Groups,DC=example=project_manager"`` → a dict.

    Entries are separated by ``;`` (group names such as LDAP names hold commas); the role is after
    the last ``=``.
    """
    mapping: dict[str, str] = {}
    for entry in (e.strip() for e in raw.split(";")):
        if not entry:
            continue
        group, sep, role = entry.rpartition("=")
        if not sep or not group.strip():
            raise ImproperlyConfigured(
                f"RAPPORT_SSO_ROLE_MAP: {entry!r} is not GROUP=ROLE (entries separated by ';')."
            )
        mapping[group.strip()] = roles("RAPPORT_SSO_ROLE_MAP", [role.strip()])[0]
    return mapping


def _read_pem(name: str, path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError as exc:
        raise ImproperlyConfigured(f"{name}: cannot read {path}: {exc.strerror}.") from None


def providers(env: Env) -> dict[str, Any]:
    """django-allauth's ``SOCIALACCOUNT_PROVIDERS`` from ``RAPPORT_OIDC_*`` and
    ``RAPPORT_SAML_*``; empty when neither is set (sign-in by password only)."""
    result: dict[str, Any] = {}
    server_url = env.optional_str("RAPPORT_OIDC_SERVER_URL")
    if server_url:
        result["openid_connect"] = {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "idp",
                    "name": env.str("RAPPORT_OIDC_NAME", "your organisation's sign-in"),
                    "client_id": env.str("RAPPORT_OIDC_CLIENT_ID", required=True),
                    "secret": env.str("RAPPORT_OIDC_CLIENT_SECRET", required=True),
                    "settings": {
                        "server_url": server_url,
                        "scope": env.list("RAPPORT_OIDC_SCOPES", ["openid", "email", "profile"]),
                    },
                }
            ],
        }
    entity_id = env.optional_str("RAPPORT_SAML_IDP_ENTITY_ID")
    if entity_id:
        result["saml"] = {
            "APPS": [
                {
                    "provider_id": "saml",
                    "name": env.str("RAPPORT_SAML_NAME", "your organisation's sign-in (SAML)"),
                    "client_id": "idp",
                    "settings": {
                        "attribute_mapping": {
                            "uid": env.str("RAPPORT_SAML_UID_ATTRIBUTE", "uid"),
                            "email": env.str("RAPPORT_SAML_EMAIL_ATTRIBUTE", "email"),
                            "name": env.str("RAPPORT_SAML_NAME_ATTRIBUTE", "name"),
                        },
                        "idp": {
                            "entity_id": entity_id,
                            "sso_url": env.str("RAPPORT_SAML_IDP_SSO_URL", required=True),
                            "x509cert": _read_pem(
                                "RAPPORT_SAML_IDP_CERT_FILE",
                                env.str("RAPPORT_SAML_IDP_CERT_FILE", required=True),
                            ),
                        },
                        "advanced": {
                            "want_assertion_signed": True,
                            "want_message_signed": False,
                            "reject_idp_initiated_sso": True,
                        },
                    },
                }
            ],
        }
    return result
