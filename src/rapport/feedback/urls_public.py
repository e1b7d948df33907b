"""The public respondent pages: no login, a token or a signed value in the URL."""

from django.urls import path

from rapport.feedback import public
from rapport.feedback.pulse import public as pulse_public

app_name = "survey"
urlpatterns = [
    path("thanks/<str:language>/", public.thanks, name="thanks"),
    path("fixed/<str:signed>/", public.confirm, name="confirm"),
    path("unsubscribe/<str:signed>/", public.opt_out, name="opt_out"),
    path("pulse/thanks/<str:language>/", pulse_public.thanks, name="pulse_thanks"),
    path("pulse/<str:token>/", pulse_public.pulse, name="pulse"),
    path("<str:token>/", public.survey, name="form"),
]
