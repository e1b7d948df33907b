"""Logs a machine can read, and error reports to a Sentry server, both opt-in.

- ``logging_config(fmt, level)``: Rapport's ``LOGGING``; ``fmt`` ``json`` writes one JSON object
  per line (time, level, logger, message, and the exception's traceback when there is one),
  for a log collector; ``plain`` is the readable default.
- ``init_error_reporting(dsn, …)``: sends unhandled errors to the Sentry server at ``dsn``
  (sentry-sdk). Off unless ``RAPPORT_SENTRY_DSN`` is set. Rapport holds what customers said in
  confidence, so the reports carry no personal data: no user, IP or cookies
  (``send_default_pii`` off), no request bodies and no local variables of the failing frames.
"""

from __future__ import annotations

from typing import Any

JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(process)d %(threadName)s"


def logging_config(fmt: str, level: str) -> dict[str, Any]:
    formatters: dict[str, Any] = {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": JSON_FIELDS,
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "timestamp": False,
        },
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": formatters,
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": fmt}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            # WeasyPrint's font subsetting logs every table of every font at INFO.
            "fontTools": {"level": "WARNING"},
            "weasyprint": {"level": "WARNING"},
        },
    }


def sentry_options(dsn: str, *, environment: str, release: str) -> dict[str, Any]:
    """The options Rapport passes to ``sentry_sdk.init`` (a function, so a test can read them)."""
    from sentry_sdk.integrations.django import DjangoIntegration

    return {
        "dsn": dsn,
        "environment": environment,
        "release": f"rapport@{release}",
        "integrations": [DjangoIntegration()],
        "send_default_pii": False,
        "include_local_variables": False,
        "max_request_body_size": "never",
        "traces_sample_rate": 0.0,
    }


def init_error_reporting(dsn: str | None, *, environment: str, release: str) -> bool:
    """Start sentry-sdk when ``dsn`` is set; returns whether it did."""
    if not dsn:
        return False
    import sentry_sdk

    sentry_sdk.init(**sentry_options(dsn, environment=environment, release=release))
    return True
