"""A per-client limit on the public pages (survey, pulse, "did this fix it?", unsubscribe, the
shared roadmap): one client sending far more requests than any respondent would gets a short
page in its language (HTTP 429 with ``Retry-After``) instead of the page (docs/limits.md).

Counted in Django's cache, per client address (IPv6 per /64 network) and fixed window, so that
every web process shares the count when the cache is shared (``RAPPORT_CACHE_URL``: Redis, or
the database cache). One cache increment per request, no database query with Redis or the
in-process cache, so the respondent's fast path keeps its query counts.
"""

from __future__ import annotations

import ipaddress
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

from rapport.feedback.words import browser_language, strings, supported

log = logging.getLogger(__name__)

PUBLIC_PREFIXES = ("/s/", "/shared/roadmap/")


def client_key(request: HttpRequest) -> str:
    """The client's address as the limit counts it. Behind a proxy
    (``RAPPORT_BEHIND_PROXY``), the address the proxy saw: the last of X-Forwarded-For."""
    raw = request.META.get("REMOTE_ADDR", "")
    if getattr(settings, "RAPPORT_BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            raw = forwarded.split(",")[-1].strip()
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return "unknown"
    if address.version == 6:
        # One household or office gets a /64: counting single addresses would let one client
        # take millions.
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def hit(key: str, limit: int, window: int, now: float | None = None) -> int:
    """Count a request for ``key`` in the current window; the seconds until the window ends
    when the count is over ``limit``, else 0."""
    now = time.time() if now is None else now
    start = int(now // window) * window
    cache = caches[settings.RAPPORT_RATE_LIMIT_CACHE]
    name = f"rapport:rl:{key}:{start}"
    try:
        count = cache.incr(name)
    except ValueError:  # the first request of the window
        count = 1 if cache.add(name, 1, timeout=window + 1) else cache.incr(name)
    if count <= limit:
        return 0
    return max(1, int(start + window - now + 0.999))


def too_many_page(request: HttpRequest, retry_after: int) -> HttpResponse:
    """429, in the language of the person's browser (nothing is read from the database)."""
    language = supported(browser_language(request))
    s = strings(language)
    html = render_to_string(
        "survey/status.html",
        {"s": s, "language": language, "title": s["busy_title"], "body": s["busy_body"]},
    )
    response = HttpResponse(html, status=429)
    response["Retry-After"] = str(retry_after)
    add_never_cache_headers(response)
    return response


class PublicRateLimitMiddleware:
    """Refuses a client over ``RAPPORT_PUBLIC_RATE_LIMIT`` requests per
    ``RAPPORT_PUBLIC_RATE_WINDOW`` seconds to the public pages; 0 turns the limit off."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.RAPPORT_PUBLIC_RATE_LIMIT
        if limit and request.path.startswith(PUBLIC_PREFIXES):
            client = client_key(request)
            try:
                retry_after = hit(f"public:{client}", limit, settings.RAPPORT_PUBLIC_RATE_WINDOW)
            except Exception:
                # The count failed (cache file unwritable, disk full, Redis down): the
                # respondent's page goes on, uncounted, rather than a 500 in front of an answer.
                log.exception("Public pages: the rate-limit count failed; request not counted.")
                retry_after = 0
            if retry_after:
                log.warning("Public pages: %s over %s requests, refused.", client, limit)
                return too_many_page(request, retry_after)
        return self.get_response(request)
