"""``/healthz``: for load balancers and monitors; no login."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from rapport.ops.health import check


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers and a worker beat recently; 503 saying what is wrong."""
    health = check()
    return JsonResponse(health.body, status=200 if health.ok else 503)
