"""SQLite connection set-up that never fails a read.

WAL (write-ahead logging) lets readers and one writer work at once. The mode is stored in the
database file, so it is set once, not on every connection: a ``PRAGMA journal_mode=WAL`` run on
each new connection turned every page into a server error when the disk was full, although
reading needed no space at all. Here a new connection only reads the mode and asks for WAL
when the file is not in it yet; if that fails (disk full, read-only file), it says so in the
log and goes on in the mode the file has.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

log = logging.getLogger(__name__)


def use_wal(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created`` receiver: put a file database in WAL mode if it is not yet."""
    if connection.vendor != "sqlite" or connection.is_in_memory_db():
        return
    raw = connection.connection
    try:
        (mode,) = raw.execute("PRAGMA journal_mode").fetchone()
        if str(mode).lower() == "wal":
            return
        raw.execute("PRAGMA journal_mode=WAL")
    except sqlite3.Error as exc:
        log.warning("Could not switch the SQLite database to WAL mode (%s); going on.", exc)
