"""The no-ranking pledge has its own top-level address: every signed-in user reads it."""

from django.urls import path

from rapport.readiness import views

app_name = "pledge"
urlpatterns = [
    path("", views.pledge, name="show"),
    path("sign/", views.pledge_sign, name="sign"),
]
