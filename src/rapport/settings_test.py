"""Settings for the test suite: the same as production code paths, faster where it is safe."""

from rapport.settings import *  # noqa: F403
from rapport.settings import _TASKS_BACKEND, DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if _TASKS_BACKEND == "rq":
    # The scale-out mode (scripts/test_rq.sh): tasks go through django-tasks-rq to a real Redis,
    # and RQ runs each job as it is queued (its synchronous mode), so tests need no worker
    # process; feedback/tests/test_rq.py also runs a real RQ worker in burst mode.
    from rapport.settings import RQ_QUEUES

    RQ_QUEUES["default"]["ASYNC"] = False
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SITE_URL = "http://testserver"
# The public pages' rate limit stays on (its cache hit is part of the pages' cost) but high
# enough for the suite's own requests; its tests lower it (feedback/tests/test_rate_limit.py).
RAPPORT_PUBLIC_RATE_LIMIT = 10_000

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # An in-memory test database, shared with the live-server thread of the browser tests.
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
    DATABASES["default"]["OPTIONS"].pop("init_command", None)
