from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from rapport.accounts.services import authenticate_token


class TokenAuth(HttpBearer):
    """``Authorization: Bearer rpt_…``, a token issued on the profile page or by
    ``rapport api-token``."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = authenticate_token(token)
        if user is not None:
            request.user = user
        return user


class ConsoleSession(SessionAuth):
    """The console's session cookie (with CSRF protection on writes)."""

    def _get_key(self, request: HttpRequest) -> str | None:
        # No session cookie: nothing to forge, so let the next scheme (a bearer token) answer
        # instead of refusing a script's write for want of a CSRF token.
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None
