"""The translation catalogs: which sources feed which catalog, and how to read them.

Two catalogs, both in Django's ``django`` domain (docs/i18n.md):

- **respondent** (``locale/respondent/``): every word a customer stakeholder reads, on the
  public pages and in the emails. Complete in every language of
  ``settings.RESPONDENT_LANGUAGES``.
- **console** (``locale/console/``): the console's words, complete in ``CONSOLE_LANGUAGES``.

Strings are extracted with Babel's Python extractor, templates first turned into Python by
Django's own ``templatize`` (what ``makemessages`` feeds GNU xgettext), so refreshing a catalog
and the test that it is complete need nothing beyond the Python packages.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.pofile import read_po

SRC = Path(__file__).resolve().parent
LOCALE = SRC / "locale"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
# What the respondent catalog is made from: the modules holding the words of the public pages
# and of every email to a stakeholder.
RESPONDENT_SOURCES = (
    "feedback/words.py",
    "feedback/pulse/texts.py",
    "roadmap/texts.py",
    "roadmap/timeline.py",
    "roadmap/services/sharing.py",
    "roadmap/views/public.py",
    "templates/roadmap/public/base.html",
    "templates/roadmap/public/roadmap.html",
    "templates/roadmap/public/refused.html",
)

# What the console catalog is made from so far: the layout, the navigation, the roles, the
# profile page and the language names the console's forms offer. The rest of the console is
# not marked yet (docs/i18n.md).
CONSOLE_SOURCES = (
    "templates/base.html",
    "console/navigation.py",
    "accounts/models.py",
    "accounts/services.py",
    "accounts/views.py",
    "templates/accounts/profile.html",
    "customers/models.py",
)
CONSOLE_LANGUAGES = ("fr", "de")


def _messages(path: Path) -> Iterable[tuple[int, str | tuple[str, ...], list[str], str | None]]:
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        from django.utils.translation import templatize

        text = templatize(text, origin=str(path))
    return extract("python", io.BytesIO(text.encode("utf-8")), keywords=KEYWORDS)


def extract_catalog(paths: Iterable[Path]) -> Catalog:
    """A template catalog (no translations) of every marked string in ``paths``."""
    catalog = Catalog(project="Rapport", fuzzy=False)
    for path in paths:
        for lineno, message, comments, context in _messages(path):
            where = str(path.relative_to(SRC))
            catalog.add(
                message, locations=[(where, lineno)], auto_comments=comments, context=context
            )
    return catalog


def respondent_template() -> Catalog:
    return extract_catalog(SRC / name for name in RESPONDENT_SOURCES)


def console_template() -> Catalog:
    return extract_catalog(SRC / name for name in CONSOLE_SOURCES)


def po_path(catalog: str, language: str) -> Path:
    """``locale/<catalog>/<language>/LC_MESSAGES/django.po``."""
    return LOCALE / catalog / language / "LC_MESSAGES" / "django.po"


def read(catalog: str, language: str) -> Catalog:
    with po_path(catalog, language).open("rb") as f:
        return read_po(f, locale=language)


def problems(catalog: Catalog) -> list[str]:
    """Every entry of ``catalog`` that is untranslated or fuzzy, as "msgid (why)"."""
    found = []
    for message in catalog:
        if not message.id:
            continue  # the header
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            found.append(f"{message.id!r} (untranslated)")
        elif message.fuzzy:
            found.append(f"{message.id!r} (fuzzy)")
    return found
