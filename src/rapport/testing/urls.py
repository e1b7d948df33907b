"""Rapport's URLs plus the test identity provider at ``/test-idp/`` (tests only)."""

from django.urls import include, path

from rapport.testing import oidc_provider
from rapport.urls import urlpatterns as rapport_urlpatterns

urlpatterns = [path("test-idp/", include(oidc_provider.urlpatterns)), *rapport_urlpatterns]
