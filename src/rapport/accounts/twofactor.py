"""The second factor's state in a signed-in session.

Set once when someone signs in (Django's ``user_logged_in`` signal) and read by
``TwoFactorMiddleware`` on every request, so that checking costs no query:

- ``verified``: signed in with a password and then a code (TOTP or a recovery code);
- ``sso``: signed in through the organisation's identity provider (docs/sign-in.md);
- ``none``: the person has no second factor set up;
- ``unverified``: they have one but the session was opened without it (e.g. the admin's own
  sign-in form): the middleware signs such a session out.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest
from django_otp import user_has_device

SESSION_KEY = "rapport_2fa"
VERIFIED, SSO, NONE, UNVERIFIED = "verified", "sso", "none", "unverified"


def mark(request: HttpRequest, state: str) -> None:
    request.session[SESSION_KEY] = state


def state_of(request: HttpRequest) -> str:
    """The session's state; a session opened before this existed is worked out once."""
    state = request.session.get(SESSION_KEY)
    if state is None:
        state = UNVERIFIED if user_has_device(request.user) else NONE
        mark(request, state)
    return str(state)


@receiver(user_logged_in, dispatch_uid="rapport.accounts.twofactor.on_login")
def on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    if getattr(request, "rapport_sso", False):
        mark(request, SSO)
    elif getattr(user, "otp_device", None) is not None:
        mark(request, VERIFIED)
    else:
        mark(request, UNVERIFIED if user_has_device(user) else NONE)
