"""``/healthz``: for load balancers and monitors; ``/favicon.ico`` for browsers. No login."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from rapport.ops.health import check


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers and a worker beat recently; 503 saying what is wrong."""
    health = check()
    return JsonResponse(health.body, status=200 if health.ok else 503)


@require_safe
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for ``/favicon.ico`` whatever the page says: Rapport's icon (the pages link
    it too), instead of a "not found" in every browser's console and the server's log."""
    return HttpResponsePermanentRedirect(static("rapport/icon.svg"))
