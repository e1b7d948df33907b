"""The translation catalogs are complete: a respondent catalog with an untranslated or fuzzy
entry, a string marked in the sources but missing from a catalog, a placeholder lost in
translation or a compiled catalog older than its source fails here (docs/i18n.md)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.utils.translation import gettext, ngettext, npgettext, override, pgettext

from rapport import catalogs
from rapport.customers.models import Language
from rapport.feedback.questions import question_rows
from rapport.feedback.words import respondent_languages

TRANSLATED = [code for code in respondent_languages() if code != "en"]
PLACEHOLDER = re.compile(r"\{\w+\}")
NAMED = re.compile(r"%\(\w+\)s")


def test_seven_respondent_languages_and_only_those_can_be_chosen():
    assert respondent_languages() == ("en", "fr", "de", "es", "nl", "it", "pt")
    assert tuple(Language.values) == respondent_languages()
    assert [code for code, _name in settings.LANGUAGES] == list(respondent_languages())


@pytest.mark.parametrize("language", TRANSLATED)
def test_respondent_catalog_has_no_untranslated_or_fuzzy_entry(language):
    assert catalogs.problems(catalogs.read("respondent", language)) == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_respondent_catalog_holds_every_string_the_sources_mark(language):
    marked = {message.id for message in catalogs.respondent_template() if message.id}
    held = {message.id for message in catalogs.read("respondent", language) if message.id}
    assert marked - held == set(), "run `make messages`, then translate the new strings"
    assert held - marked == set(), "run `make messages` to drop strings no longer used"


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_their_placeholders_and_are_compiled(language):
    for message in catalogs.read("respondent", language):
        if not message.id:
            continue
        if isinstance(message.id, tuple):  # a plural: its last form keeps the plural's placeholders
            names = set(NAMED.findall(message.id[1]))
            assert names <= set(NAMED.findall(message.string[-1])), message.id
            assert all(set(NAMED.findall(form)) <= names for form in message.string), message.id
        else:
            assert set(PLACEHOLDER.findall(message.string)) == set(
                PLACEHOLDER.findall(message.id)
            ), message.id
            assert set(NAMED.findall(message.string)) == set(NAMED.findall(message.id)), message.id
        with override(language):
            # The compiled catalog (made by `make install`) says what its source says.
            assert _compiled(message) == _first(message.string), f"stale .mo? {message.id!r}"


@pytest.mark.parametrize("language", respondent_languages())
def test_the_default_questions_and_their_verbal_anchors_exist_in_every_language(language):
    for row in question_rows():
        english, text = row["texts"]["en"], row["texts"].get(language)
        assert text and text["text"], (row["code"], language)
        assert set(text) == set(english), (row["code"], language)
        if "anchors" in english:
            assert set(text["anchors"]) == set(english["anchors"])
            assert all(text["anchors"].values())


def _compiled(message) -> str:
    """What the compiled catalogs answer for ``message`` (under the active language)."""
    if isinstance(message.id, tuple):
        if message.context:
            return npgettext(message.context, message.id[0], message.id[1], 1)
        return ngettext(message.id[0], message.id[1], 1)
    if message.context:
        return pgettext(message.context, message.id)
    return gettext(message.id)


def _first(string) -> str:
    return string[0] if isinstance(string, tuple) else string


CONSOLE = [
    (name, language)
    for name in catalogs.console_catalogs()
    for language in catalogs.CONSOLE_LANGUAGES
]


@pytest.mark.parametrize(("name", "language"), CONSOLE)
def test_console_catalog_is_complete_and_holds_every_marked_string(name, language):
    assert catalogs.po_path(name, language).exists(), "run `make messages`, then translate"
    catalog = catalogs.read(name, language)
    assert catalogs.problems(catalog) == []
    marked = {message.id for message in catalogs.template(name) if message.id}
    held = {message.id for message in catalog if message.id}
    assert marked - held == set(), "run `make messages`, then translate the new strings"
    assert held - marked == set(), "run `make messages` to drop strings no longer used"
    for message in catalog:
        if not message.id:
            continue
        source, translated = message.id, message.string
        if isinstance(source, tuple):  # a plural: compare the plural forms
            source, translated = source[1], translated[-1]
        for pattern in (PLACEHOLDER, NAMED):
            assert set(pattern.findall(source)) == set(pattern.findall(translated)), message.id
        with override(language):
            # Not stale, and not taken over by another catalog (Django's own included): a
            # word Django's admin also translates needs a context.
            assert _compiled(message) == _first(message.string), (
                f"stale .mo, or another catalog wins? {message.id!r}"
            )


@pytest.mark.parametrize("language", catalogs.CONSOLE_LANGUAGES)
def test_a_string_reads_the_same_in_every_catalog_that_holds_it(language):
    """Django merges the catalogs, so one string (and context) has one translation: where two
    catalogs disagree, one of them silently loses. A string meaning two things takes a
    context (``pgettext``)."""
    seen: dict[tuple[str | None, object], dict[object, list[str]]] = {}
    for name in ["respondent", *catalogs.console_catalogs()]:
        for message in catalogs.read(name, language):
            if message.id:
                key = (message.context, message.id)
                seen.setdefault(key, {}).setdefault(message.string, []).append(name)
    disagree = {key: found for key, found in seen.items() if len(found) > 1}
    assert disagree == {}


def test_every_file_that_marks_words_feeds_a_catalog():
    """A module or template outside every catalog's sources (a top-level module, the API app, a
    new folder) would mark words that no catalog holds: they would stay in English with every
    other test green. Tests, migrations and management commands (which speak to operators, in
    English) are left out by design."""
    covered = {catalogs.SRC / name for name in catalogs.RESPONDENT_SOURCES}
    covered |= set(catalogs.console_template_sources())
    for app in catalogs.CONSOLE_APPS:
        covered |= set(catalogs.app_sources(app))
    skipped = {"tests", "migrations", "management", "locale", "testing"}
    stray = []
    for path in sorted(catalogs.SRC.rglob("*")):
        parts = path.relative_to(catalogs.SRC).parts
        if path.suffix not in (".py", ".html", ".txt") or skipped.intersection(parts):
            continue
        if path not in covered and any(catalogs.marked_in(path)):
            stray.append("/".join(parts))
    assert stray == [], "add these files to a catalog's sources (rapport/catalogs.py)"


def test_the_console_offers_exactly_the_languages_its_catalogs_complete():
    from rapport.accounts.models import ConsoleLanguage

    assert ConsoleLanguage.values == ["en", *catalogs.CONSOLE_LANGUAGES]
    # Every console language is a language the public pages speak too, so a person's emails
    # and the customer's never fall back to English for want of a catalog.
    assert set(catalogs.CONSOLE_LANGUAGES) <= set(respondent_languages())
