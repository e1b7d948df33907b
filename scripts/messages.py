"""Refresh the translation catalogs from the sources (``make messages``).

Every marked string of the respondent sources goes into each respondent language's catalog, and
every marked console string into its console catalog (the shared one, or its app's) in each
console language;
strings no longer used are dropped, new ones arrive untranslated (and the catalog test fails
until someone translates them). Nothing is guessed: no fuzzy matching.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from rapport import catalogs

SOURCE_LANGUAGE = "en"


def refresh(name: str, template: Catalog, languages: list[str]) -> None:
    for language in languages:
        path = catalogs.po_path(name, language)
        if path.exists():
            catalog = catalogs.read(name, language)
        else:
            catalog = Catalog(locale=language, project="Rapport", fuzzy=False)
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalog.obsolete.clear()
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            write_po(f, catalog, width=100, omit_header=False, include_previous=False)
        print(f"{path.relative_to(catalogs.SRC)}: {len(catalogs.problems(catalog))} to translate")


def main() -> None:
    import django
    from django.conf import settings

    django.setup()
    respondent = [code for code, _name in settings.RESPONDENT_LANGUAGES if code != SOURCE_LANGUAGE]
    refresh("respondent", catalogs.respondent_template(), respondent)
    for name in catalogs.console_catalogs():
        refresh(name, catalogs.template(name), list(catalogs.CONSOLE_LANGUAGES))


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rapport.settings")
    main()
