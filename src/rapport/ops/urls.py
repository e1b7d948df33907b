"""Operations pages: no login (for load balancers and monitors)."""

from django.urls import path

from rapport.ops.views import favicon, healthz

app_name = "ops"
urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
]
