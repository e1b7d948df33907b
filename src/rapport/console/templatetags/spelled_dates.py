"""Dates in words as the page's language writes them: ``{{ day|day_in_words }}`` gives
"9 December 2026", "9 décembre 2026", "9. Dezember 2026", "9 de diciembre de 2026", "9 dicembre
2026"; ``{{ day|month_in_words }}`` gives "December 2026", "diciembre de 2026". Django's own
``date:"j F Y"`` keeps one pattern for every language and the capital that Italian and
Portuguese month names have in Django's catalogs ("9 Dicembre 2026")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone

from rapport.languages import active_language, local_date, local_month

register = template.Library()


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value if isinstance(value, dt.date) else None


@register.filter
def day_in_words(value: Any) -> str:
    return local_date(_day(value), active_language())


@register.filter
def month_in_words(value: Any) -> str:
    return local_month(_day(value), active_language())
