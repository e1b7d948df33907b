"""Plain-text progress on stderr for long commands (recompute, history imports)."""

from __future__ import annotations

import sys
import time
from typing import Protocol


class Stream(Protocol):
    """What progress lines are written to: a text stream, a command's ``self.stderr``..."""

    def write(self, text: str, /) -> object: ...

    def flush(self) -> object: ...


class TextProgress:
    """``progress(stage, done, total)`` → "adjusting periods  12/24 (50%)", at most every 0.5 s."""

    def __init__(self, stream: Stream | None = None, *, every: float = 0.5) -> None:
        self.stream = stream or sys.stderr
        self.every = every
        self._last = 0.0
        self._stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        final = done >= total
        if stage == self._stage and not final and now - self._last < self.every:
            return
        self._stage, self._last = stage, now
        share = f" ({done / total:.0%})" if total else ""
        self.stream.write(f"{stage} {done}/{total}{share}\n")
        self.stream.flush()
