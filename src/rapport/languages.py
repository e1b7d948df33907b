"""The languages of the public pages (survey, pulse, confirm, unsubscribe, shared roadmap) and
of every email to a customer stakeholder: which ones, which one a request gets, and dates as
people write them there. Below every app that speaks to customers (docs/i18n.md)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import get_language, override
from django.utils.translation.trans_real import parse_accept_lang_header

# Languages whose month names keep their capital inside a sentence.
CAPITALIZED_MONTHS = frozenset({"en", "de"})


def respondent_languages() -> tuple[str, ...]:
    """The languages whose respondent catalogs are complete: the only ones a stakeholder or
    customer can be given, and the only ones the public pages speak."""
    return tuple(code for code, _name in settings.RESPONDENT_LANGUAGES)


def supported(language: str | None) -> str:
    """``language`` if the public pages speak it, else English."""
    return language if language in respondent_languages() else "en"


def browser_language(request: HttpRequest) -> str:
    """The browser's preferred language that the public pages speak, else English."""
    for code, _q in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        base = code.split("-")[0].lower()
        if base in respondent_languages():
            return base
    return "en"


def choose(request: HttpRequest, stored: str | None = None) -> str:
    """The language of a public page: the one picked in the switcher (``?lang=``), else the
    stakeholder's or customer's (``stored``, as the invitation recorded it), else the
    browser's, else English."""
    picked = request.GET.get("lang")
    if picked in respondent_languages():
        return picked
    if stored in respondent_languages():
        return stored
    return browser_language(request)


def switcher(current: str) -> list[dict[str, str | bool]]:
    """The public pages' language switcher: every language they speak, in its own name; each
    link keeps the page and sets ``?lang=``."""
    return [
        {"code": code, "name": name, "current": code == current}
        for code, name in settings.RESPONDENT_LANGUAGES
    ]


def local_date(value: dt.date | None, language: str) -> str:
    """A date as people write it in ``language`` ("21 mai 2026"), or "" for none."""
    return _in_words(value, language, "j F Y", "DATE_FORMAT")


def local_month(value: dt.date | None, language: str) -> str:
    """A month as people write it in ``language`` ("mai 2026", "diciembre de 2026"), or "" for
    none."""
    return _in_words(value, language, "F Y", "YEAR_MONTH_FORMAT")


def _in_words(value: dt.date | None, language: str, english: str, format_name: str) -> str:
    if value is None:
        return ""
    language = supported(language)
    with override(language):
        # Django's English is American ("Dec. 20, 2026"); ours spells the month out.
        text = date_format(value, english if language == "en" else format_name)
        month = date_format(value, "F")
    # Months are written in lower case inside a sentence except in English and German
    # (Django's Italian and Portuguese formats capitalize them: "20 Marzo 2026").
    if language not in CAPITALIZED_MONTHS:
        text = text.replace(month, month.lower())
    return text


def active_language() -> str:
    """The language of the request or ``override`` at hand, as a base code ("en" for "en-us")."""
    return (get_language() or "en").split("-")[0]


# Texts the PMO writes for customers (a service's or a roadmap step's outcome) carry their
# translations as {"de": "…"} (docs/i18n.md, "Texts the PMO writes").


def check_translations(field: str, translations: object) -> None:
    """``translations`` must map codes of the respondent languages to text."""
    codes = respondent_languages()
    if not isinstance(translations, dict) or not all(
        key in codes and isinstance(text, str) for key, text in translations.items()
    ):
        raise ValidationError(
            {
                field: "Give each translation as a language code and its text, e.g. "
                f'{{"de": "…"}}; codes: {", ".join(codes)}.'
            }
        )


def pick_translation(original: str, translations: object, language: str) -> str:
    """``original`` in ``language``: its translation if there is one, else as written."""
    text = translations.get(language) if isinstance(translations, dict) else None
    return text if isinstance(text, str) and text.strip() else original
