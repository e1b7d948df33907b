"""The rules every piece of text obeys where it enters Rapport: forms, the JSON API, the public
pages (survey comment, pulse, shared roadmap) and the importers (docs/limits.md).

- **No control characters.** NUL and the other C0/C1 control characters (and DEL) are refused
  with a message that names the character and where it is; PostgreSQL refuses NUL outright, and
  the others only hide text from the person who reads it. Tab, line feed and carriage return
  are text in multi-line fields (comments, stories, notes) and refused in one-line fields.
  One-line fields (names, codes, emails, roles) also refuse the invisible characters that make
  one name look like another or reorder what is shown: the Unicode line and paragraph
  separators, the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
  U+2066–U+2069), the zero-width space, the word joiner and a byte-order mark. The joiners and
  direction marks that some scripts need in names (U+200C, U+200D, U+200E, U+200F) stay.
- **A length limit** said on the page before the person types (``maxlength`` and a hint) and
  enforced on the server: ``LINE_MAX`` for one-line fields, ``TEXT_MAX`` for multi-line text,
  ``COMMENT_MAX`` for what a stakeholder writes on a public page.
- **Stored verbatim.** Nothing here strips or rewrites text: what people wrote is kept, and text
  is neutralised only where it leaves (escaping in pages, ``rapport.spreadsheet`` in exports).

Below every app; it imports nothing of Rapport's.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

LINE_MAX = 200
TEXT_MAX = 10_000
COMMENT_MAX = 4_000

# C0 controls but tab, line feed and carriage return; DEL; C1 controls.
_CONTROL_MULTILINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# On one line also: zero-width space, line and paragraph separators, bidirectional embeddings,
# overrides and isolates, word joiner, byte-order mark (the module's summary says why).
_CONTROL_LINE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)

_NAMES = {
    "\x00": "NUL",
    "\t": gettext_lazy("tab"),
    "\n": gettext_lazy("line break"),
    "\r": gettext_lazy("carriage return"),
}


def _name(char: str) -> str:
    code = f"U+{ord(char):04X}"
    name = _NAMES.get(char) or unicodedata.name(char, "")
    return f"{code} ({name})" if name else code


def control_character_problem(value: str, *, multiline: bool = False) -> str | None:
    """What is wrong with ``value``, in words, or None when it has no forbidden character."""
    found = (_CONTROL_MULTILINE if multiline else _CONTROL_LINE).search(value)
    if found is None:
        return None
    where = {"char": _name(found.group()), "position": found.start() + 1}
    if multiline:
        return (
            _(
                "Remove the control character %(char)s at character %(position)s. "
                "Only printable characters, tabs and line breaks are accepted."
            )
            % where
        )
    return (
        _(
            "Remove the control character %(char)s at character %(position)s. "
            "Only printable characters are accepted on one line."
        )
        % where
    )


def text_length(value: str) -> int:
    """Characters as a browser counts them for ``maxlength``: a line break sent as CR LF is one."""
    return len(value) - value.count("\r\n")


def length_problem(value: str, limit: int) -> str | None:
    length = text_length(value)
    if length <= limit:
        return None
    return _("Keep this to %(limit)s characters at most (it has %(length)s).") % {
        "limit": number_format(limit, force_grouping=True),
        "length": number_format(length, force_grouping=True),
    }


def number(value: float, places: int | None = None) -> str:
    """``value`` as the active language writes numbers (6,3 in French): with ``places``
    decimals, or with as few as it needs when ``places`` is None (12, 0,5)."""
    if places is None:
        return number_format(int(value) if float(value).is_integer() else value)
    return number_format(round(value, places), decimal_pos=places)


def text_problem(value: str, *, multiline: bool = False, limit: int | None = None) -> str | None:
    """Control characters first (they can hide), then length."""
    problem = control_character_problem(value, multiline=multiline)
    if problem is None and limit is not None:
        problem = length_problem(value, limit)
    return problem


def is_plain_line(value: str, limit: int) -> bool:
    """True when ``value`` has no control character at all (not even a tab or a line break) and
    at most ``limit`` characters: then ``text_problem(v, multiline=…, limit=limit)`` is None
    for ``value`` and for every part of it, one-line or multi-line. One regex search; bulk
    checks (an imported row's cells joined) run the full rule only where this says False."""
    return len(value) <= limit and _CONTROL_LINE.search(value) is None


def check_text(value: str, *, multiline: bool = False, limit: int | None = None) -> str:
    """``value`` unchanged, or ``ValidationError`` with code ``control_character`` (params:
    ``position``, from 1, and ``char``, "U+0000") or ``too_long`` (``limit``, ``length``)."""
    found = (_CONTROL_MULTILINE if multiline else _CONTROL_LINE).search(value)
    if found is not None:
        raise ValidationError(
            control_character_problem(value, multiline=multiline) or "",
            code="control_character",
            params={"position": found.start() + 1, "char": f"U+{ord(found.group()):04X}"},
        )
    if limit is not None:
        problem = length_problem(value, limit)
        if problem is not None:
            raise ValidationError(
                problem, code="too_long", params={"limit": limit, "length": text_length(value)}
            )
    return value


@deconstructible
class NoControlCharacters:
    """A Django validator (forms and models) for ``control_character_problem``."""

    code = "control_character"

    def __init__(self, *, multiline: bool = False) -> None:
        self.multiline = multiline

    def __call__(self, value: Any) -> None:
        if isinstance(value, str):
            problem = control_character_problem(value, multiline=self.multiline)
            if problem is not None:
                raise ValidationError(problem, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NoControlCharacters) and other.multiline == self.multiline

    def __hash__(self) -> int:
        return hash(self.multiline)
