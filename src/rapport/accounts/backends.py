"""Authentication backends: the lockout guard in front, then PMO leads holding every model
permission, so the admin is theirs."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from rapport.accounts.models import Role


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' guard: refuses every sign-in of a locked-out account or client.

    A sign-in through the web always carries its request. One without (a command, or a test's
    ``client.login``) has no client to lock out and is not an HTTP guess, so it passes on.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


class RoleBackend(ModelBackend):
    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if user_obj.is_active and getattr(user_obj, "role", None) == Role.PMO_LEAD:
            return True
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        if user_obj.is_active and getattr(user_obj, "role", None) == Role.PMO_LEAD:
            return True
        return super().has_module_perms(user_obj, app_label)


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The account a sign-in attempt names, as stored (lower case), so ``Carol@…`` and
    ``carol@…`` count as one account for the lockout."""
    username = (credentials or {}).get("username") or request.POST.get("username")
    return str(username).strip().lower()[:254] if username else None
