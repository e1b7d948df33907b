"""The translation catalogs are complete: a respondent catalog with an untranslated or fuzzy
entry, a string marked in the sources but missing from a catalog, a placeholder lost in
translation or a compiled catalog older than its source fails here (docs/i18n.md)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.utils.translation import gettext, override

from rapport import catalogs
from rapport.customers.models import Language
from rapport.feedback.questions import question_rows
from rapport.feedback.words import respondent_languages

TRANSLATED = [code for code in respondent_languages() if code != "en"]
PLACEHOLDER = re.compile(r"\{\w+\}")


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
        assert set(PLACEHOLDER.findall(message.string)) == set(PLACEHOLDER.findall(message.id)), (
            message.id
        )
        with override(language):
            # The compiled catalog (made by `make install`) says what its source says.
            assert gettext(message.id) == message.string, f"stale .mo? {message.id!r}"


@pytest.mark.parametrize("language", respondent_languages())
def test_the_default_questions_and_their_verbal_anchors_exist_in_every_language(language):
    for row in question_rows():
        english, text = row["texts"]["en"], row["texts"].get(language)
        assert text and text["text"], (row["code"], language)
        assert set(text) == set(english), (row["code"], language)
        if "anchors" in english:
            assert set(text["anchors"]) == set(english["anchors"])
            assert all(text["anchors"].values())


@pytest.mark.parametrize("language", catalogs.CONSOLE_LANGUAGES)
def test_console_catalog_is_complete_and_holds_every_marked_string(language):
    catalog = catalogs.read("console", language)
    assert catalogs.problems(catalog) == []
    marked = {message.id for message in catalogs.console_template() if message.id}
    assert marked == {message.id for message in catalog if message.id}
    for message in catalog:
        if message.id:
            with override(language):
                assert gettext(message.id) == message.string or message.id in {
                    m.id for m in catalogs.read("respondent", language)
                }, message.id
