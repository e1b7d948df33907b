"""Settings for `scripts/load_survey.py`'s server: Rapport's own settings with a URL
configuration that adds a bare "hello" view (`load_survey_urls`), served through the same
middleware and measured in the same run as the survey's baseline.

Not for production: the load generator points DJANGO_SETTINGS_MODULE here (with `scripts/` on the
path) and serves `rapport.wsgi:application` with gunicorn on the loopback address.
"""

from rapport.settings import *  # noqa: F403  (Rapport's settings, unchanged)

ROOT_URLCONF = "load_survey_urls"
