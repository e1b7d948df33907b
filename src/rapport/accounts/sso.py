"""Single sign-on (OpenID Connect, SAML) through django-allauth, with roles from the identity
provider's groups (``RAPPORT_SSO_ROLE_MAP``; docs/sign-in.md).

- Someone whose groups map to no role is refused with a page that says so; nothing is created.
- A new person is created with the mapped role (the most capable one if several groups map).
- Someone who already has an account with the same email address is signed in to it; their
  role follows the groups at each sign-in (except that the last active PMO lead stays one).
- Local sign-up and allauth's own password pages are closed: passwords stay at /accounts/login/.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from rapport.accounts import services
from rapport.accounts.models import Role, User
from rapport.audit.services import record

# The most capable role first: someone in several mapped groups gets the first one they hold.
ROLE_ORDER = [Role.PMO_LEAD, Role.PMO_ANALYST, Role.PROJECT_MANAGER, Role.EXECUTIVE_SPONSOR]


def groups_from(extra_data: Mapping[str, Any], claim: str) -> list[str]:
    """The group names in what the identity provider sent: an OIDC claim (from userinfo or the
    ID token) or a SAML attribute (a list of values)."""
    value: Any = None
    for source in (extra_data.get("userinfo"), extra_data.get("id_token"), extra_data):
        if isinstance(source, Mapping) and source.get(claim):
            value = source[claim]
            break
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def role_for_groups(groups: Iterable[str], mapping: Mapping[str, str]) -> str | None:
    """The role the groups give, or None when no group is mapped."""
    mapped = {mapping[g] for g in groups if g in mapping}
    return next((role.value for role in ROLE_ORDER if role.value in mapped), None)


def _refuse(request: HttpRequest, reason: str) -> ImmediateHttpResponse:
    response = render(request, "accounts/sso_refused.html", {"reason": reason}, status=403)
    return ImmediateHttpResponse(response)


class ClosedAccountAdapter(DefaultAccountAdapter):
    """No sign-up form: people are invited by a PMO lead or come through single sign-on."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False


class RoleMappingAdapter(DefaultSocialAccountAdapter):
    def _role(self, sociallogin: SocialLogin) -> str | None:
        claim = settings.RAPPORT_SSO_GROUPS_CLAIM
        groups = groups_from(sociallogin.account.extra_data or {}, claim)
        return role_for_groups(groups, settings.RAPPORT_SSO_ROLE_MAP)

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        role = self._role(sociallogin)
        if role is None:
            raise _refuse(
                request,
                _(
                    "Your organisation's sign-in knows who you are, but none of your groups "
                    "gives access to Rapport."
                ),
            )
        email = (sociallogin.user.email or "").strip().lower()
        if not email:
            raise _refuse(request, _("Your organisation's sign-in sent no email address."))
        if not sociallogin.is_existing:
            user = User.objects.filter(email__iexact=email).first()
            if user is not None:
                sociallogin.connect(request, user)
        user = sociallogin.user
        if user.pk is not None and user.role != role:
            # The last active PMO lead keeps the role (change_role refuses; nothing changes).
            with contextlib.suppress(ValidationError):
                services.change_role(user, role, by=None)
        # Read by twofactor.on_login: the identity provider vouched for this sign-in.
        request.rapport_sso = True  # type: ignore[attr-defined]

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return self._role(sociallogin) is not None

    def populate_user(
        self, request: HttpRequest, sociallogin: SocialLogin, data: dict[str, Any]
    ) -> User:
        user: User = super().populate_user(request, sociallogin, data)
        user.email = (user.email or "").strip().lower()
        user.role = self._role(sociallogin) or Role.PROJECT_MANAGER
        name = data.get("name") or " ".join(
            p for p in (data.get("first_name"), data.get("last_name")) if p
        )
        user.full_name = (name or "")[:150]
        return user

    def save_user(self, request: HttpRequest, sociallogin: SocialLogin, form: Any = None) -> User:
        user: User = super().save_user(request, sociallogin, form)
        record(
            "accounts.user.created",
            by=None,
            obj=user,
            changes={"email": user.email, "role": user.role, "via": sociallogin.account.provider},
        )
        return user
