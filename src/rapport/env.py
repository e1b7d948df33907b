"""Small, strict helpers that read settings from environment variables.

Every helper names the variable in its error, so a bad deployment fails at start with a message
that says exactly what to fix (rather than misbehaving later).
"""

from __future__ import annotations

import builtins
import os
from collections.abc import Mapping
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class Env:
    """Reads typed values from a mapping (``os.environ`` by default)."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ

    def _raw(self, name: str) -> str | None:
        value = self.environ.get(name)
        if value is None or value.strip() == "":
            return None
        return value.strip()

    def str(self, name: str, default: str | None = None, *, required: bool = False) -> str:
        value = self._raw(name)
        if value is None:
            if required or default is None:
                raise ImproperlyConfigured(f"{name} must be set.")
            return default
        return value

    def optional_str(self, name: builtins.str) -> builtins.str | None:
        return self._raw(name)

    def bool(self, name: builtins.str, default: bool) -> bool:
        value = self._raw(name)
        if value is None:
            return default
        lowered = value.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ImproperlyConfigured(
            f"{name} must be a boolean (one of 1/0, true/false, yes/no, on/off), got {value!r}."
        )

    def int(
        self,
        name: builtins.str,
        default: builtins.int,
        *,
        minimum: builtins.int | None = None,
        maximum: builtins.int | None = None,
    ) -> builtins.int:
        value = self._raw(name)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}.") from None
        if minimum is not None and number < minimum:
            raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {number}.")
        if maximum is not None and number > maximum:
            raise ImproperlyConfigured(f"{name} must be at most {maximum}, got {number}.")
        return number

    def float(self, name: builtins.str, default: float, *, minimum: float, maximum: float) -> float:
        value = self._raw(name)
        if value is None:
            return default
        try:
            number = float(value)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be a number, got {value!r}.") from None
        if not minimum <= number <= maximum:
            raise ImproperlyConfigured(
                f"{name} must be between {minimum:g} and {maximum:g}, got {number:g}."
            )
        return number

    def list(
        self, name: builtins.str, default: list[builtins.str] | None = None
    ) -> list[builtins.str]:
        value = self._raw(name)
        if value is None:
            return list(default or [])
        return [item.strip() for item in value.split(",") if item.strip()]

    def choice(
        self, name: builtins.str, choices: tuple[builtins.str, ...], default: builtins.str
    ) -> builtins.str:
        value = self._raw(name)
        if value is None:
            return default
        if value not in choices:
            raise ImproperlyConfigured(
                f"{name} must be one of {', '.join(choices)}, got {value!r}."
            )
        return value

    def database(
        self, name: builtins.str, default: builtins.str, *, conn_max_age: builtins.int = 0
    ) -> dict[builtins.str, Any]:
        """Parse a database URL (``sqlite:///path`` or ``postgres://…``) into Django's format.

        ``conn_max_age``: seconds a connection is kept for the next request of the same process
        (0 closes it after each request). A kept connection is checked before reuse, so one the
        server dropped is replaced rather than failing a request."""
        url = self._raw(name) or default
        scheme = url.split("://", 1)[0] if "://" in url else ""
        if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
            raise ImproperlyConfigured(
                f"{name} must start with sqlite:/// or postgres://, got {url!r}."
            )
        try:
            config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=0))
        except (ValueError, KeyError) as exc:
            raise ImproperlyConfigured(f"{name} is not a valid database URL: {exc}") from None
        if config["ENGINE"] == "django.db.backends.sqlite3":
            if not config.get("NAME") or config["NAME"] == ":memory:":
                raise ImproperlyConfigured(f"{name} must name a SQLite file, got {url!r}.")
            config["OPTIONS"] = {
                # Wait for a lock instead of failing at once; take the write lock at the start of
                # a transaction so two writers never deadlock on an upgrade from read to write.
                # WAL mode is set once per file, not here (rapport.ops.sqlite): a pragma that
                # writes, run on every connection, failed every page when the disk was full.
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": (
                    "PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;PRAGMA busy_timeout=20000;"
                ),
            }
        else:
            config.setdefault("OPTIONS", {})
            if self.bool("RAPPORT_DB_PREPARED_STATEMENTS", True):
                config["OPTIONS"].setdefault("prepare_threshold", 5)
        config["CONN_MAX_AGE"] = conn_max_age
        config["CONN_HEALTH_CHECKS"] = True
        return config


def cache_from_url(name: str, url: str) -> dict[str, Any]:
    """A Django cache from ``url``: ``locmem://`` (this process only), ``file:///path`` (every
    process on one machine: a SQLite file in that directory, through diskcache), ``db://`` (the
    database table ``rapport_cache``, made by ``rapport createcachetable``) or
    ``redis://host:port/db`` (every machine)."""
    scheme, _, rest = url.partition("://")
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if scheme == "file" and rest.startswith("/"):
        # diskcache rather than Django's file cache: an increment is one short SQLite
        # transaction (about 0.09 ms) instead of a new file written and renamed (about 0.4 ms,
        # plus a directory listing to cull), on every public page (rapport/caching.py).
        return {"BACKEND": "rapport.caching.SharedFileCache", "LOCATION": rest, "SHARDS": 1}
    if scheme == "db":
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "rapport_cache",
        }
    if scheme in ("redis", "rediss"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured(
        f"{name} must be locmem://, file:///absolute/path, db:// or redis://host:port/db, "
        f"got {url!r}."
    )
