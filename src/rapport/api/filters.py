"""Query filters of the API's lists that take a code or a month: a value the list does not know
is a 422 naming the filter and what it takes (docs/api-errors.md), never an empty page that
looks like "nothing matches". An empty value means no filter, as before."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext

SHOWN = 20  # how much of a refused value the message repeats


def one_of(name: str, value: str, choices: type[models.TextChoices] | Iterable[str]) -> str:
    """``value`` when it is one of ``choices`` (a model's choices or codes) or empty."""
    if not value:
        return value
    accepted = [str(code) for code in getattr(choices, "values", choices)]
    if value not in accepted:
        raise ValidationError(
            {
                name: gettext("Choose one of: %(choices)s; got “%(value)s”.")
                % {"choices": ", ".join(accepted), "value": value[:SHOWN]}
            }
        )
    return value


def month(name: str, value: str, pattern: str) -> str:
    """``value`` when it is a month, YYYY-MM (``pattern``: ``portfolio.models.PERIOD_REGEX``, of
    an app above this one), or empty."""
    if value and not re.fullmatch(pattern, value):
        raise ValidationError(
            {
                name: gettext("Give the month as YYYY-MM, e.g. 2026-05; got “%(value)s”.")
                % {"value": value[:SHOWN]}
            }
        )
    return value
