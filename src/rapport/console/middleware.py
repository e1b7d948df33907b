"""The console in the signed-in person's language (their profile's choice, docs/i18n.md); signed
out (the sign-in, password and error pages), in the browser's language when the console speaks
it. The JSON API stays English (docs/i18n.md).

Public pages choose their own language per request (``rapport.languages.choose``) and render
inside ``translation.override``, so what is activated here never reaches a stakeholder."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from rapport.accounts.models import ConsoleLanguage
from rapport.languages import browser_language


class UserLanguageMiddleware:
    """Activate the user's console language for the request; signed out, the browser's
    (``Accept-Language``) when the console speaks it, else English."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = settings.LANGUAGE_CODE
        if user is not None and user.is_authenticated:
            language = getattr(user, "language", "") or language
        elif not request.path.startswith("/api/"):
            browser = browser_language(request)
            language = browser if browser in ConsoleLanguage.values else language
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            translation.deactivate()
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        return response
