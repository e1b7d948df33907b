"""Test settings on a SQLite FILE (WAL, busy timeout, immediate transactions: as in production),
for the concurrency scenario: an in-memory database has no real locking to test."""

import os

from rapport.env import Env
from rapport.settings_test import *  # noqa: F403

_FILE = os.environ["RAPPORT_TEST_DB_FILE"]
DATABASES = {"default": Env().database("DATABASE_URL", f"sqlite:///{_FILE}")}
DATABASES["default"]["TEST"] = {"NAME": _FILE}
# Answers ask for a health recompute: queued for a worker (none runs here), as in production,
# not run inside the request as the test suite's immediate backend would.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
