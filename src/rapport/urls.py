from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from rapport.urls_api import PREFIX, api

# JSON under /api/, the console's page elsewhere.
handler404 = "rapport.urls_api.not_found"

admin.site.site_header = "Rapport administration"
admin.site.site_title = "Rapport admin"

urlpatterns = [
    path("", include("rapport.ops.urls")),
    path("", include("rapport.console.urls")),
    path("accounts/", include("rapport.accounts.urls")),
    # Single sign-on (django-allauth: OpenID Connect and SAML; docs/sign-in.md).
    path("sso/", include("allauth.urls")),
    path("people/", include("rapport.accounts.urls_people")),
    path("customers/", include("rapport.customers.urls")),
    path("customers/", include("rapport.gdpr.urls")),
    path("projects/", include("rapport.portfolio.urls")),
    path("imports/", include("rapport.imports.urls")),
    path("reviews/", include("rapport.feedback.urls")),
    path("s/", include("rapport.feedback.urls_public")),
    path("audit/", include("rapport.audit.urls")),
    path("exports/", include("rapport.exports.urls")),
    path("mailbox/", include("rapport.mailbox.urls")),
    path("insights/", include("rapport.insights.urls")),
    path("roadmap/", include("rapport.roadmap.urls")),
    path("charter/", include("rapport.charter.urls")),
    path("shared/roadmap/", include("rapport.roadmap.urls_public")),
    path("reports/", include("rapport.reports.urls")),
    path("readiness/", include("rapport.readiness.urls")),
    path("pledge/", include("rapport.readiness.urls_pledge")),
    # One sign-in form for everything, with its lockout and second factor.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="accounts:login", query_string=True),
    ),
    path("admin/", admin.site.urls),
    path(PREFIX[1:], api.urls),
]
