"""The plain-language rules that hold in every language, checked on every translation we ship
(respondent catalogs and the default questions): sentences under 20 words and no acronym the
English does not have. Readability formulas are checked on the English texts only
(``roadmap/tests/test_language.py``); docs/i18n.md says why and what we measured."""

from __future__ import annotations

import re

import pytest

from rapport import catalogs
from rapport.feedback.questions import question_rows
from rapport.feedback.words import respondent_languages
from rapport.plainlanguage.check import ALLOWED_ACRONYMS, MAX_SENTENCE_WORDS

TRANSLATED = [code for code in respondent_languages() if code != "en"]
PLACEHOLDER = re.compile(r"\{\w+\}|%\(\w+\)s")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
ACRONYM = re.compile(r"\b[A-Z]{2,}\b")


def _sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(PLACEHOLDER.sub("X", text)) if s.strip()]


def _texts(language: str) -> list[tuple[str, str]]:
    """(English, translation) for every respondent text and default question in ``language``."""
    pairs = []
    for m in catalogs.read("respondent", language):
        if not m.id:
            continue
        if isinstance(m.id, tuple):  # a plural: each form against the English plural
            pairs += [(m.id[min(i, 1)], form) for i, form in enumerate(m.string)]
        else:
            pairs.append((m.id, m.string))
    for row in question_rows():
        english, text = row["texts"]["en"], row["texts"][language]
        pairs += [(english[key], text[key]) for key in ("text", "low", "high") if key in text]
        pairs += [(english["anchors"][k], v) for k, v in text.get("anchors", {}).items()]
    return pairs


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
