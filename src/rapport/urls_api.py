"""Assembles the JSON API from each app's router."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.views import defaults

from rapport import __version__
from rapport.accounts.api import router as accounts_router
from rapport.api.auth import ConsoleSession, TokenAuth
from rapport.api.openapi import RapportAPI
from rapport.customers.api import router as customers_router
from rapport.exports.api import router as exports_router
from rapport.feedback.api import router as feedback_router
from rapport.gdpr.api import router as gdpr_router
from rapport.insights.api import router as insights_router
from rapport.portfolio.api import router as portfolio_router
from rapport.roadmap.api import router as services_router

# Where rapport/urls.py mounts the API.
PREFIX = "/api/"

api = RapportAPI(
    title="Rapport API",
    version=__version__,
    description=(
        "Rapport's JSON API. Sign in to the console for session access, or send "
        "`Authorization: Bearer <token>` with a token from your profile page."
    ),
    auth=[ConsoleSession(), TokenAuth()],
    urls_namespace="api",
)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Forbidden."}, status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": "Invalid input.", "errors": errors}, status=422)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The project's 404 (``handler404``): JSON under ``/api/`` (a path no operation takes, such
    as ``/api/customers/abc``), the console's page everywhere else."""
    if request.path_info.startswith(PREFIX):
        return api.create_response(request, {"detail": "No such path in the API."}, status=404)
    return defaults.page_not_found(request, exception)


api.add_router("/accounts", accounts_router, tags=["accounts"])
api.add_router("/customers", customers_router, tags=["customers"])
api.add_router("/projects", portfolio_router, tags=["projects"])
api.add_router("/services", services_router, tags=["services"])
api.add_router("/feedback", feedback_router, tags=["feedback"])
api.add_router("/insights", insights_router, tags=["insights"])
api.add_router("/exports", exports_router, tags=["exports"])
api.add_router("/personal-data", gdpr_router, tags=["personal data"])
