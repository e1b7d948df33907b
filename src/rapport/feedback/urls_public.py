"""The public respondent pages: no login, a token or a signed value in the URL.

Every page that reads or writes the database is wrapped so that a database failure gives the
stakeholder a page in their language (answer not saved, try again shortly: 503), never a bare
server error (``feedback/outage.py``)."""

from django.urls import path

from rapport.feedback import public
from rapport.feedback.outage import pulse_language, survey_language
from rapport.feedback.outage import unavailable_on_database_error as degrade
from rapport.feedback.pulse import public as pulse_public

app_name = "survey"
urlpatterns = [
    path("thanks/<str:language>/", public.thanks, name="thanks"),
    path("fixed/<str:signed>/", degrade(public.confirm), name="confirm"),
    path("unsubscribe/<str:signed>/", degrade(public.opt_out), name="opt_out"),
    path("pulse/thanks/<str:language>/", pulse_public.thanks, name="pulse_thanks"),
    path("pulse/<str:token>/", degrade(pulse_public.pulse, pulse_language), name="pulse"),
    path("<str:token>/", degrade(public.survey, survey_language), name="form"),
]
