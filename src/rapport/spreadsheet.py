"""Cells a spreadsheet opens safely: customer text is untrusted in every CSV and XLSX file.

Shared by the CSV read-outs (``rapport health``, ``rapport alerts``) and the exports of every
console list (``rapport.exports``). Below every app; imports nothing from Rapport.
"""

from __future__ import annotations

from typing import Any

# A cell starting with one of these is run as a formula by Excel, LibreOffice or Sheets
# (tab and carriage return too: some import paths strip them and read what follows).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """``value`` with a leading apostrophe when a spreadsheet would read it as a formula."""
    if value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def safe_cell(value: Any) -> Any:
    """A cell value ready for CSV or XLSX: lists joined, text neutralised, numbers untouched."""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str):
        return safe_text(value)
    return value
