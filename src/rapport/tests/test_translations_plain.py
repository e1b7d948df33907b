"""Every default customer-facing text passes the plain-language check in every language it ships
in: the respondent catalogs (every public page and email) and the default questions with their
anchors, each checked in its own language (that language's reading-ease formula and threshold,
sentence length, acronyms, and its starter glossary). On translations, also: no acronym the
English does not have. docs/i18n.md, "What the plain-language check measures", gives the figures.
"""

from __future__ import annotations

import re

import pytest

from rapport import catalogs
from rapport.feedback.questions import question_rows
from rapport.feedback.words import respondent_languages
from rapport.plainlanguage.check import GlossaryEntry, check_text
from rapport.plainlanguage.languages import ALLOWED_ACRONYMS, MAX_SENTENCE_WORDS, READABILITY
from rapport.plainlanguage.starter_glossary import STARTER_GLOSSARIES

LANGUAGES = list(respondent_languages())
TRANSLATED = [code for code in LANGUAGES if code != "en"]
PLACEHOLDER = re.compile(r"\{\w+\}|%\(\w+\)[sd]")
TAG = re.compile(r"<[^>]+>")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
ACRONYM = re.compile(r"\b[A-Z]{2,}\b")
# What a placeholder stands for while a text is scored: a name or a number, one short word.
FILLER = "Anna"


def _readable(text: str) -> str:
    return TAG.sub("", PLACEHOLDER.sub(FILLER, text))


def _sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(PLACEHOLDER.sub("X", text)) if s.strip()]


def _texts(language: str) -> list[tuple[str, str]]:
    """(English, text in ``language``) for every respondent text and default question."""
    pairs = []
    for m in catalogs.read("respondent", "fr" if language == "en" else language):
        if not m.id:
            continue
        if isinstance(m.id, tuple):  # a plural: each form against the English plural
            forms = m.id if language == "en" else m.string
            pairs += [(m.id[min(i, 1)], form) for i, form in enumerate(forms)]
        else:
            pairs.append((m.id, m.id if language == "en" else m.string))
    for row in question_rows():
        english, text = row["texts"]["en"], row["texts"][language]
        pairs += [(english[key], text[key]) for key in ("text", "low", "high") if key in text]
        pairs += [(english["anchors"][k], v) for k, v in text.get("anchors", {}).items()]
    return pairs


def test_every_respondent_language_has_a_formula_and_a_starter_glossary():
    assert set(LANGUAGES) <= set(READABILITY)
    assert set(LANGUAGES) <= set(STARTER_GLOSSARIES)
    assert all(len(STARTER_GLOSSARIES[code]) >= 25 for code in LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_default_text_passes_the_check_in_its_language(language):
    glossary = [GlossaryEntry(*row) for row in STARTER_GLOSSARIES[language]]
    failing = {}
    for _english, text in _texts(language):
        report = check_text(_readable(text), language=language, glossary=glossary)
        if not report.passes:
            failing[text] = [issue.message for issue in report.blocking]
    assert failing == {}


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_translated_sentence_is_under_twenty_words(language):
    long = [
        sentence
        for _english, text in _texts(language)
        for sentence in _sentences(text)
        if len(sentence.split()) > MAX_SENTENCE_WORDS
    ]
    assert long == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_bring_in_no_acronym(language):
    added = {
        (acronym, text)
        for english, text in _texts(language)
        for acronym in ACRONYM.findall(text)
        if acronym not in english and acronym not in ALLOWED_ACRONYMS
    }
    assert added == set()
