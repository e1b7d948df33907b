"""Rapport's URLs plus `/bench/hello/`, the baseline of `scripts/load_survey.py`."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [
    path("bench/hello/", hello),
    path("", include("rapport.urls")),
]
