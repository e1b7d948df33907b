"""The request type of the console's pages: they all sit behind a sign-in, so ``request.user``
is a ``User`` (the type checker cannot know that from ``HttpRequest``)."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from rapport.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    user: User
    htmx: HtmxDetails  # django-htmx's middleware
