"""The PMO lead's "People" pages, at ``/people/``."""

from django.urls import path

from rapport.accounts import views

app_name = "people"
urlpatterns = [
    path("", views.people, name="list"),
    path("invite/", views.invite, name="invite"),
    path("<int:pk>/role/", views.person_role, name="role"),
    path("<int:pk>/deactivate/", views.person_deactivate, name="deactivate"),
    path("<int:pk>/reactivate/", views.person_reactivate, name="reactivate"),
    path("<int:pk>/invite-again/", views.person_resend, name="resend"),
    path("<int:pk>/unlock/", views.person_unlock, name="unlock"),
    path("<int:pk>/reset-two-factor/", views.person_reset_two_factor, name="reset_two_factor"),
]
