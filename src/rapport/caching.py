"""The cache the web processes of one machine share (``RAPPORT_CACHE_URL=file:///dir``).

diskcache keeps it in a SQLite file in that directory: an increment of the public pages' rate
limit is one short transaction. Django closes every cache at the end of each request; for this
one that would reopen the SQLite file (and read its settings) on the next request, which costs
more than the increment itself. So the connection stays open for the life of the process (one
per thread; diskcache reopens it in a forked child).
"""

from __future__ import annotations

from typing import Any

from diskcache import DjangoCache


class SharedFileCache(DjangoCache):
    """diskcache's Django cache, kept open between requests."""

    def close(self, **kwargs: Any) -> None:
        """Called by Django after every request: keep the connection (see the module)."""
