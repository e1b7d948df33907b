"""What each export filter accepts. Every value is checked before a row is read: a value that
is not one the filter takes is refused, naming the filter and what it takes, instead of being
dropped (which gave a file the reader did not ask for, e.g. every project for
``delivery_status=ZZ``).

An id that is well formed but names nothing the reader may see filters as on the page: the
list is empty, exactly as for an id that does not exist, so the file never tells one from the
other.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from rapport.api.filters import SHOWN, choice_problem, month_problem
from rapport.api.schemas import MAX_ID  # the database's integers, as the API's ``Id``
from rapport.portfolio.models import PERIOD_REGEX
from rapport.text import LINE_MAX, control_character_problem, length_problem

# An audit action or its first parts: "feedback", "feedback.cycle", "feedback.cycle.closed".
ACTION_PREFIX = re.compile(r"[a-z0-9_]+(\.[a-z0-9_]+)*\.?")


@dataclass(frozen=True)
class Filter:
    """One query parameter an export understands. ``clean(value)`` returns the value to filter
    by ("" for no filter) or raises ``ValueError`` with what the filter takes, in words."""

    name: str
    clean: Callable[[str], str]


def _got(message: str, value: str) -> str:
    return message % {"value": value[:SHOWN]}


def month(name: str) -> Filter:
    def clean(value: str) -> str:
        problem = month_problem(value, PERIOD_REGEX)
        if problem:
            raise ValueError(problem)
        return value

    return Filter(name, clean)


def ident(name: str) -> Filter:
    """A row's id: a whole number from 1. The ASCII digits only (``isdigit`` takes "²")."""

    def clean(value: str) -> str:
        if not re.fullmatch(r"[0-9]+", value) or not 1 <= int(value) <= MAX_ID:
            raise ValueError(
                _got(gettext("Give an id, a whole number from 1, e.g. 12; got “%(value)s”."), value)
            )
        return str(int(value))

    return Filter(name, clean)


def flag(name: str) -> Filter:
    """On with 1, off with 0 (or left out). "0" used to mean on, as any other text did."""

    def clean(value: str) -> str:
        if value not in ("0", "1"):
            raise ValueError(_got(gettext("Give 1 (yes) or 0 (no); got “%(value)s”."), value))
        return "1" if value == "1" else ""

    return Filter(name, clean)


def one_of(name: str, values: Callable[[], Iterable[str]]) -> Filter:
    """One of a fixed set of codes (``values`` is called when a value is checked, so that a
    model's choices can be read after the apps are loaded)."""

    def clean(value: str) -> str:
        problem = choice_problem(value, values())
        if problem:
            raise ValueError(problem)
        return value

    return Filter(name, clean)


def choice_of(name: str, model: str, field: str | None = None) -> Filter:
    """One of a model field's choices (``model`` as "app_label.Model"), as its page offers."""

    def values() -> list[str]:
        from django.apps import apps

        choices = apps.get_model(model)._meta.get_field(field or name).choices or []
        return [str(code) for code, _label in choices]

    return one_of(name, values)


def search(name: str) -> Filter:
    """Words to search for: anything on one line, within the console's limits."""

    def clean(value: str) -> str:
        problem = control_character_problem(value) or length_problem(value, LINE_MAX)
        if problem:
            raise ValueError(problem)
        return value

    return Filter(name, clean)


def action_prefix(name: str) -> Filter:
    def clean(value: str) -> str:
        if not ACTION_PREFIX.fullmatch(value):
            raise ValueError(
                _got(
                    gettext(
                        "Give an action or its first part, in lower case with dots, "
                        "e.g. feedback or feedback.cycle; got “%(value)s”."
                    ),
                    value,
                )
            )
        return value

    return Filter(name, clean)


def clean_filters(filters: Iterable[Filter], params: Mapping[str, str]) -> dict[str, str]:
    """The export's filters from ``params`` (a query string), checked: only those it
    understands, without surrounding spaces, empty ones left out. Raises ``ValidationError``
    naming every filter whose value it does not take."""
    cleaned: dict[str, str] = {}
    wrong: dict[str, str] = {}
    for spec in filters:
        value = str(params.get(spec.name) or "").strip()
        if not value:
            continue
        try:
            value = spec.clean(value)
        except ValueError as exc:
            wrong[spec.name] = str(exc)
            continue
        if value:
            cleaned[spec.name] = value
    if wrong:
        raise ValidationError(wrong)
    return cleaned


def names(filters: Iterable[Filter]) -> tuple[str, ...]:
    return tuple(f.name for f in filters)
