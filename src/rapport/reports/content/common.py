"""Pieces every report uses: the document's identity, the period, and who reads it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from rapport.insights.analytics.types import next_period

PERIOD_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass
class Doc:
    """The document's title, language and what its pages say at the foot."""

    title: str
    language: str
    period: str  # YYYY-MM, or "" when there is nothing to report yet
    period_label: str
    generated: dt.date
    footer: str
    reader: str
    kind: str
    page_words: tuple[str, str] = ("Page", "of")
    extra: dict[str, Any] = field(default_factory=dict)


def parse_period(value: str | None) -> str | None:
    """``YYYY-MM`` or nothing; anything else is refused with a clear message."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    if not PERIOD_RE.match(text):
        raise ValidationError(
            _("“%(value)s” is not a month: write it as YYYY-MM, e.g. 2026-05.") % {"value": value}
        )
    if text > current_period():
        # A report is as of the month's end: a later month would read as over a quarter that
        # is still running (docs/privacy.md).
        raise ValidationError(
            _("%(value)s has not started yet: choose this month or an earlier one.")
            % {"value": text}
        )
    return text


def current_period(today: dt.date | None = None) -> str:
    day = today or timezone.localdate()
    return f"{day.year:04d}-{day.month:02d}"


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """First and last day of a month."""
    year, month = (int(x) for x in period.split("-"))
    first = dt.date(year, month, 1)
    nxt = next_period(period, 1)
    ny, nm = (int(x) for x in nxt.split("-"))
    return first, dt.date(ny, nm, 1) - dt.timedelta(days=1)


def quarter_window(period: str) -> tuple[dt.date, dt.date]:
    """The three months ending with ``period``: what "recently" means in a pack."""
    first, _ = period_bounds(next_period(period, -2))
    _, last = period_bounds(period)
    return first, last


def reader_name(reader: Any) -> str:
    return str(reader) if getattr(reader, "pk", None) else _("the command line (PMO view)")
