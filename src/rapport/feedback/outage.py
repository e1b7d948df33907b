"""What a respondent sees when the database fails: never a bare server error.

The public pages (survey, pulse, "did this fix it?", unsubscribe) are wrapped in
``unavailable_on_database_error`` in ``urls_public.py``. When the database cannot write (disk
full, "database is locked" for too long) or cannot be reached, the stakeholder gets a short page
in their language saying plainly that their answer was NOT saved and to try again in a few
minutes: HTTP 503 with ``Retry-After``, so nothing in between caches it or takes it for a
success. Their link still works, because nothing was recorded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db import Error as DatabaseError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

from rapport.feedback.words import choose, strings, switcher

log = logging.getLogger(__name__)

RETRY_AFTER = 120  # seconds: what the page says as "a few minutes", for browsers and proxies

View = Callable[..., HttpResponse]
LanguageOf = Callable[..., str | None]


def survey_language(request: HttpRequest, token: str) -> str | None:
    from rapport.feedback.models import Invitation
    from rapport.feedback.services.links import hash_token

    return (
        Invitation.objects.filter(links__token_hash=hash_token(token))
        .values_list("language", flat=True)
        .first()
    )


def pulse_language(request: HttpRequest, token: str) -> str | None:
    from rapport.feedback.models import PulseInvitation
    from rapport.feedback.services.links import hash_token

    return (
        PulseInvitation.objects.filter(token_hash=hash_token(token))
        .values_list("language", flat=True)
        .first()
    )


def unavailable_page(request: HttpRequest, language: str | None) -> HttpResponse:
    """503: "your answers were not saved" after a POST, "not available" after a GET."""
    language = choose(request, language)
    s = strings(language)
    kind = "unsaved" if request.method == "POST" else "unavailable"
    # Rendered without the request: context processors may need the database that just failed.
    html = render_to_string(
        "survey/status.html",
        {
            "s": s,
            "language": language,
            "languages": switcher(language),
            "title": s[f"{kind}_title"],
            "body": s[f"{kind}_body"],
        },
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    add_never_cache_headers(response)
    return response


def unavailable_on_database_error(view: View, language_of: LanguageOf | None = None) -> View:
    """Wrap a public view: a database error becomes ``unavailable_page`` in the stakeholder's
    language (from ``language_of(request, *args, **kwargs)`` if the database still reads, else
    from the browser)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except DatabaseError:
            log.exception("Public page %s failed on the database: nothing saved.", request.path)
            language = None
            if language_of is not None:
                try:
                    language = language_of(request, *args, **kwargs)
                except DatabaseError:
                    language = None
            return unavailable_page(request, language)

    return wrapper
