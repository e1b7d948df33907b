"""Single sign-on through OpenID Connect against a local provider the test starts
(``rapport.testing.oidc_provider`` on the live server), with roles from the IdP's groups."""

from __future__ import annotations

import html
import re

import pytest
import requests
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ImproperlyConfigured

from rapport.accounts import twofactor
from rapport.accounts.models import Role, User
from rapport.accounts.signin_settings import role_map, roles
from rapport.accounts.sso import groups_from, role_for_groups
from rapport.audit.models import AuditEntry
from rapport.testing import oidc_provider

PM_GROUP = "CN=Project Managers,OU=Groups,DC=example,DC=org"


@pytest.fixture
def idp(live_server, settings):
    oidc_provider.configure(settings, live_server.url)
    return live_server.url


def _form_field(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def sign_in_through_idp(base: str, email: str, groups: str, name: str = "") -> requests.Response:
    """What a browser does: the login page's SSO button, the IdP's page, back to Rapport."""
    browser = requests.Session()
    login_page = browser.get(f"{base}/accounts/login/", timeout=10)
    assert "Sign in with Test IdP" in login_page.text
    action = re.search(r'<form method="post" action="([^"]+)">', login_page.text).group(1)
    csrf = _form_field(login_page.text, "csrfmiddlewaretoken")
    idp_page = browser.post(
        base + action.replace("&amp;", "&"), data={"csrfmiddlewaretoken": csrf}, timeout=10
    )
    assert "Test identity provider" in idp_page.text
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', idp_page.text)
    carried = {name: html.unescape(value) for name, value in hidden}
    response = browser.post(
        idp_page.url,
        data={**carried, "email": email, "groups": groups, "name": name},
        timeout=10,
    )
    response.browser = browser  # type: ignore[attr-defined]
    return response


@pytest.mark.django_db(transaction=True)
def test_a_new_person_is_created_with_the_role_of_their_group(idp):
    response = sign_in_through_idp(idp, "Nina.New@Example.org", PM_GROUP, name="Nina New")
    assert response.status_code == 200
    assert response.url == f"{idp}/"
    assert "My projects" in response.text
    nina = User.objects.get(email="nina.new@example.org")
    assert (nina.role, nina.full_name) == (Role.PROJECT_MANAGER, "Nina New")
    assert not nina.has_usable_password(), "signs in through the IdP only"
    entry = AuditEntry.objects.get(action="accounts.user.created")
    assert entry.changes["via"] == "idp", "the provider it came through"


@pytest.mark.django_db(transaction=True)
def test_an_existing_account_is_used_and_its_role_follows_the_groups(idp, carol):
    response = sign_in_through_idp(idp, carol.email, "Sponsors")
    assert response.status_code == 200
    assert User.objects.filter(email=carol.email).count() == 1
    carol.refresh_from_db()
    assert carol.role == Role.EXECUTIVE_SPONSOR
    assert AuditEntry.objects.filter(action="accounts.user.role_changed").exists()


@pytest.mark.django_db(transaction=True)
def test_a_deactivated_account_stays_out(idp, carol):
    carol.is_active = False
    carol.save()
    response = sign_in_through_idp(idp, carol.email, PM_GROUP)
    assert "Your Rapport account is deactivated" in response.text
    home = response.browser.get(f"{idp}/", timeout=10)  # type: ignore[attr-defined]
    assert home.url.startswith(f"{idp}/accounts/login/"), "not signed in"


@pytest.mark.django_db(transaction=True)
def test_unknown_groups_are_refused_and_nothing_is_created(idp):
    response = sign_in_through_idp(idp, "stranger@example.org", "Finance; Everyone")
    assert response.status_code == 403
    assert "none of your groups gives access to Rapport" in response.text
    assert not User.objects.filter(email="stranger@example.org").exists()
    home = response.browser.get(f"{idp}/", timeout=10)  # type: ignore[attr-defined]
    assert home.url.startswith(f"{idp}/accounts/login/"), "not signed in"


@pytest.mark.django_db(transaction=True)
def test_the_identity_provider_counts_as_the_second_factor(idp, settings):
    settings.RAPPORT_REQUIRE_2FA = ["pmo_lead"]
    response = sign_in_through_idp(idp, "lena.lead@example.org", "PMO Leads")
    assert response.url == f"{idp}/", "not sent to set up an authenticator"
    assert "PMO overview" in response.text
    cookie = response.browser.cookies["sessionid"]  # type: ignore[attr-defined]
    assert SessionStore(session_key=cookie)[twofactor.SESSION_KEY] == twofactor.SSO


def test_groups_from_oidc_claims_and_saml_attributes():
    assert groups_from({"userinfo": {"groups": ["a", "b"]}}, "groups") == ["a", "b"]
    assert groups_from({"id_token": {"roles": "a"}}, "roles") == ["a"]
    assert groups_from({"groups": ["x"], "email": ["e"]}, "groups") == ["x"]
    assert groups_from({"userinfo": {}}, "groups") == []


def test_the_most_capable_mapped_role_wins():
    mapping = {"pm": "project_manager", "lead": "pmo_lead"}
    assert role_for_groups(["pm", "lead", "other"], mapping) == "pmo_lead"
    assert role_for_groups(["other"], mapping) is None


def test_role_map_setting_is_parsed_strictly():
    assert role_map(f"PMO Leads=pmo_lead; {PM_GROUP}=project_manager") == {
        "PMO Leads": "pmo_lead",
        PM_GROUP: "project_manager",
    }
    assert role_map("") == {}
    with pytest.raises(ImproperlyConfigured, match="unknown role"):
        role_map("Leads=boss")
    with pytest.raises(ImproperlyConfigured, match="GROUP=ROLE"):
        role_map("Leads")


def test_required_roles_setting_is_checked():
    assert roles("RAPPORT_REQUIRE_2FA", ["pmo_lead", "pmo_analyst"]) == ["pmo_lead", "pmo_analyst"]
    assert roles("RAPPORT_REQUIRE_2FA", ["none"]) == []
    with pytest.raises(ImproperlyConfigured, match="RAPPORT_REQUIRE_2FA: unknown role"):
        roles("RAPPORT_REQUIRE_2FA", ["admins"])
