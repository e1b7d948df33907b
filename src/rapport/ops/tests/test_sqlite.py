"""SQLite set-up: WAL once per file, and a connection that cannot switch still reads."""

from __future__ import annotations

import logging
import sqlite3

from django.db.utils import ConnectionHandler

from rapport.env import Env


def connect(url: str):
    config = Env({"DATABASE_URL": url}).database("DATABASE_URL", "")
    return ConnectionHandler({"default": config})["default"]


def journal_mode(path) -> str:
    with sqlite3.connect(path) as raw:
        return raw.execute("PRAGMA journal_mode").fetchone()[0]


def test_a_new_database_file_is_put_in_wal_mode(tmp_path, django_db_blocker):
    path = tmp_path / "new.sqlite3"
    conn = connect(f"sqlite:///{path}")
    with django_db_blocker.unblock(), conn.cursor() as cursor:
        cursor.execute("CREATE TABLE t (x integer)")
    conn.close()
    assert journal_mode(path) == "wal"  # stored in the file: later connections need not ask


def test_a_connection_that_cannot_write_still_reads(tmp_path, caplog, django_db_blocker):
    # A file in the default (rollback journal) mode, opened read-only: asking for WAL fails, as
    # it does on a full disk. Before, that failed the connection and every page with it.
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA journal_mode=DELETE")
        raw.execute("CREATE TABLE t (x integer)")
        raw.execute("INSERT INTO t VALUES (42)")
    raw.close()
    conn = connect(f"sqlite:///{path}")
    conn.settings_dict["NAME"] = f"file:{path}?mode=ro"
    caplog.set_level(logging.WARNING, logger="rapport.ops.sqlite")
    with django_db_blocker.unblock(), conn.cursor() as cursor:
        cursor.execute("SELECT x FROM t")
        assert cursor.fetchone() == (42,)
    conn.close()
    assert "Could not switch the SQLite database to WAL mode" in caplog.text
    assert journal_mode(path) == "delete"
