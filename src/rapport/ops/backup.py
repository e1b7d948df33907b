"""``rapport backup`` and ``rapport restore``: the whole database to one file and back.

- **SQLite**: SQLite's online backup API (``sqlite3.Connection.backup``) copies the database
  page by page while Rapport keeps running; the copy is checked (``PRAGMA integrity_check``)
  before the command says it is done. Restoring copies the file back the same way, after the
  same check, so a damaged or foreign file changes nothing.
- **PostgreSQL**: ``pg_dump --format=custom`` (a consistent snapshot while Rapport runs), checked
  by ``pg_restore --list``; restoring runs ``pg_restore --clean --if-exists --single-transaction``
  so it either replaces everything or nothing. Both programs must be on PATH (Debian:
  ``postgresql-client``, of the server's major version or newer); the commands say so when not.

Stop the web processes and the worker before a restore: it replaces every row under them.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone


class BackupError(Exception):
    """A backup or restore that could not be done; nothing was changed."""


@dataclass(frozen=True)
class Backup:
    path: Path
    vendor: str
    size: int
    tables: int


def default_path(vendor: str) -> Path:
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    suffix = "sqlite3" if vendor == "sqlite" else "dump"
    return Path(settings.DATA_DIR) / "backups" / f"rapport-{stamp}.{suffix}"


def backup(path: Path | None = None) -> Backup:
    """Copy the database to ``path`` (default: ``DATA_DIR/backups/rapport-<time>.…``)."""
    vendor = connection.vendor
    target = Path(path) if path else default_path(vendor)
    if target.exists():
        raise BackupError(f"{target} exists already; choose another file.")
    target.parent.mkdir(parents=True, exist_ok=True)
    if vendor == "sqlite":
        _sqlite_backup(target)
    elif vendor == "postgresql":
        _pg_run(
            "pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)
        )
    else:
        raise BackupError(f"Backups of a {vendor} database are not supported.")
    return Backup(target, vendor, target.stat().st_size, verify(target))


def verify(path: Path) -> int:
    """Check a backup file is whole and Rapport's; returns how many tables it holds."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    if connection.vendor == "sqlite":
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                (result,) = db.execute("PRAGMA integrity_check").fetchone()
                names = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
            finally:
                db.close()
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{path} is not an SQLite database ({exc}).") from exc
        if result != "ok":
            raise BackupError(f"{path} is damaged: {result}.")
        tables = [n for n in names if not n.startswith("sqlite_")]
    else:
        listing = _pg_run("pg_restore", "--list", str(path), database=False)
        tables = [line for line in listing.splitlines() if " TABLE DATA " in line]
        names = {line.split()[-2] for line in tables}
    if "django_migrations" not in names:
        raise BackupError(f"{path} is not a Rapport database (no django_migrations table).")
    return len(tables)


def restore(path: Path) -> int:
    """Replace the whole database with the backup at ``path``; returns its table count."""
    tables = verify(path)
    connection.close()
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        _pg_run(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            str(path),
        )
    return tables


def _sqlite_backup(target: Path) -> None:
    connection.ensure_connection()
    dest = sqlite3.connect(target)
    try:
        connection.connection.backup(dest)
    finally:
        dest.close()


def _pg_run(program: str, *args: str, database: bool = True) -> str:
    exe = shutil.which(program)
    if exe is None:
        raise BackupError(
            f"{program} is not on PATH: install the PostgreSQL client programs "
            "(Debian: apt-get install postgresql-client) of the server's version or newer."
        )
    db = connection.settings_dict
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[var] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    command = [exe, *args]
    if database:
        command[1:1] = ["--dbname", str(db["NAME"])]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{program} failed: {done.stderr.strip() or done.returncode}")
    return done.stdout
