"""Query filters that take a code or a month, in the API's lists and the exports alike: a value
the filter does not know is refused, naming what it takes (docs/api-errors.md), never an empty
page that looks like "nothing matches". An empty value means no filter.

``choice_problem`` and ``month_problem`` say what is wrong in words (the exports' filters,
``exports.filters``, use them too); ``one_of`` and ``month`` refuse a list's query value."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext

SHOWN = 20  # how much of a refused value the message repeats


def choice_problem(value: str, accepted: Iterable[str]) -> str:
    """Why ``value`` is not one of ``accepted`` ("" when it is)."""
    accepted = list(accepted)
    if value in accepted:
        return ""
    return gettext("Choose one of: %(choices)s; got “%(value)s”.") % {
        "choices": ", ".join(accepted),
        "value": value[:SHOWN],
    }


def month_problem(value: str, pattern: str) -> str:
    """Why ``value`` is not a month, YYYY-MM ("" when it is). ``pattern`` is
    ``portfolio.models.PERIOD_REGEX``, of an app above this one."""
    if re.fullmatch(pattern, value):
        return ""
    return gettext("Give the month as YYYY-MM, e.g. 2026-05; got “%(value)s”.") % {
        "value": value[:SHOWN]
    }


def one_of(name: str, value: str, choices: type[models.TextChoices] | Iterable[str]) -> str:
    """``value`` when it is one of ``choices`` (a model's choices or codes) or empty."""
    accepted = [str(code) for code in getattr(choices, "values", choices)]
    problem = choice_problem(value, accepted) if value else ""
    if problem:
        raise ValidationError({name: problem})
    return value


def month(name: str, value: str, pattern: str) -> str:
    """``value`` when it is a month, YYYY-MM, or empty."""
    problem = month_problem(value, pattern) if value else ""
    if problem:
        raise ValidationError({name: problem})
    return value
