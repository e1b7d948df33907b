"""Columns of an import file and the parsers of their cells (``imports.framework`` runs them).

A parser takes a cell's text and returns its value or raises ``CellError`` with a reason in
plain words; the framework reports it against the row's line and the column's name. Parsers
must be pure functions of their cell: a run remembers what each column's cells parsed to.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

# ASCII digits only, as the tables' CHECK constraints say ("２０２５-03" is not a period).
PERIOD_CELL = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
# The plain addresses almost every file holds (ASCII dot-atom @ host names, a letters-only top
# level): each of them passes Django's ``validate_email`` (tests check it with hypothesis), which
# costs several times more; anything else is checked by ``validate_email`` itself.
PLAIN_EMAIL = re.compile(
    r"[a-z0-9_+-]+(?:\.[a-z0-9_+-]+)*"
    r"@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
)
EMAIL_MAX = 254  # an EmailField's max_length (stakeholders' and console users' emails)


class CellError(ValueError):
    """A cell's value is not acceptable; the message says why, in plain words."""


def text(value: str) -> str:
    """The cell's text, stripped. Line breaks (only a multi-line column's cells can hold them)
    become LF whatever the file's were (CRLF or CR): the same text is stored, and keyed, alike
    from a file saved either way."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.strip()


def too_long(value: str, limit: int) -> str | None:
    """Why ``value`` does not fit a field of ``limit`` characters, or None when it does."""
    if len(value) <= limit:
        return None
    return _("Ensure this value has at most %(limit)s characters (it has %(length)s).") % {
        "limit": limit,
        "length": len(value),
    }


def text_at_most(limit: int) -> Callable[[str], str]:
    """Text for a field of ``limit`` characters (a longer cell is refused, never cut)."""

    def parse(value: str) -> str:
        value = value.strip()
        problem = too_long(value, limit)
        if problem is not None:
            raise CellError(problem)
        return value

    return parse


def int_between(low: int, high: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            number = int(value.strip())
        except ValueError:
            raise CellError(_("“%(value)s” is not a whole number.") % {"value": value}) from None
        if not low <= number <= high:
            raise CellError(
                _("%(number)s is not between %(low)s and %(high)s.")
                % {"number": number, "low": low, "high": high}
            )
        return number

    return parse


def choice(choices: Any) -> Callable[[str], str]:
    """Accept a choice's value or its label, in any case."""
    by_key = {}
    for value, label in choices.choices:
        by_key[str(value).lower()] = value
        by_key[str(label).lower()] = value

    def parse(value: str) -> str:
        key = value.strip().lower()
        if key not in by_key:
            allowed = ", ".join(str(v) for v in choices.values)
            raise CellError(
                _("“%(value)s” is not one of: %(allowed)s.") % {"value": value, "allowed": allowed}
            )
        return by_key[key]

    return parse


def period_cell(value: str) -> str:
    """A month, YYYY-MM. The first day of a month (YYYY-MM-01) is that month: a spreadsheet
    turns a typed "2025-03" into the date 1 March 2025, and shows it as 2025-03."""
    value = value.strip()
    month = value[:7] if len(value) == 10 and value.endswith("-01") else value
    if not PERIOD_CELL.fullmatch(month):
        raise CellError(_("A period is YYYY-MM, like 2025-03; got “%(value)s”.") % {"value": value})
    return month


def valid_email(value: str) -> bool:
    """Whether ``value`` (stripped, lower case) is an address Rapport can store: Django's
    ``validate_email``, and no longer than an EmailField holds."""
    if len(value) > EMAIL_MAX:
        return False
    if PLAIN_EMAIL.fullmatch(value):
        return True
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def email_cell(value: str) -> str:
    """An email address, lower-cased (people are found by it); checked as the stakeholders
    import checks it."""
    value = value.strip().lower()
    if not valid_email(value):
        raise CellError(_("“%(value)s” is not an email address.") % {"value": value})
    return value


def semicolon_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def boolean(value: str) -> bool:
    key = value.strip().lower()
    if key in {"1", "yes", "y", "true", "x"}:
        return True
    if key in {"0", "no", "n", "false", ""}:
        return False
    raise CellError(_("“%(value)s” is not yes or no.") % {"value": value})


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False
    parse: Callable[[str], Any] = text
    help: str = ""
    # Text over several lines (a comment, a story): tabs and line breaks are text there.
    multiline: bool = False


def column_error(column: str, reason: str) -> CellError:
    error = CellError(reason)
    error.column = column  # type: ignore[attr-defined]
    return error
