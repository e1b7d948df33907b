"""Shared writer for ``rapport health`` and ``rapport alerts``: JSON or CSV on stdout."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from typing import Any

from rapport.spreadsheet import safe_cell as _cell  # a spreadsheet must not run a formula


def write_rows(
    stream: Any, rows: Iterable[dict[str, Any]], columns: Sequence[str], fmt: str
) -> None:
    if fmt == "json":
        stream.write(json.dumps([{c: r[c] for c in columns} for r in rows], ensure_ascii=False))
        return
    writer = csv.writer(stream)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[c]) for c in columns])
