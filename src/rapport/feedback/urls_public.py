"""The public respondent pages: no login, a token or a signed value in the URL."""

from django.urls import path

from rapport.feedback import public

app_name = "survey"
urlpatterns = [
    path("thanks/<str:language>/", public.thanks, name="thanks"),
    path("fixed/<str:signed>/", public.confirm, name="confirm"),
    path("unsubscribe/<str:signed>/", public.opt_out, name="opt_out"),
    path("<str:token>/", public.survey, name="form"),
]
