"""Second factor enforcement for signed-in sessions (see ``twofactor``)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from rapport.accounts import twofactor

# Pages a session may reach before it has set up a second factor.
_OPEN_PREFIXES = ("/accounts/two-factor/", "/accounts/logout/", "/static/", "/healthz")


class TwoFactorMiddleware:
    """Signs out a session opened without the second factor its user has, and sends people whose
    role must use one (``RAPPORT_REQUIRE_2FA``) to set it up before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            refused = self._check(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> HttpResponse | None:
        state = twofactor.state_of(request)
        if state == twofactor.UNVERIFIED:
            logout(request)
            messages.info(request, _("Sign in again, with your authentication code."))
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        if (
            state == twofactor.NONE
            and request.user.role in settings.RAPPORT_REQUIRE_2FA  # type: ignore[union-attr]
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": "Set up two-factor sign-in on your profile first."}, status=403
                )
            return redirect("accounts:two_factor")
        return None
