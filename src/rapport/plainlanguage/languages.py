"""Each customer language's rules for the plain-language check (``check.py``): its reading-ease
formula and threshold, the acronyms its readers know, and the shared limits (docs/i18n.md, "What
the plain-language check measures"). Pure data and functions, no database."""

from __future__ import annotations

import re
from dataclasses import dataclass

from textstat.backend import metrics

MIN_READING_EASE = 60.0
MAX_GRADE = 9.0
MAX_SENTENCE_WORDS = 19  # "every sentence under 20 words"
# Reading-ease formulas swing wildly on a handful of words ("Your deliverable is late." scores
# 34): below this many words the figures are shown but do not fail the text.
MIN_WORDS_FOR_SCORES = 10
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Readability:
    """A language's reading-ease formula: Flesch's, with that language's own constants
    (``ease = base - per_word * words per sentence - per_syllable * syllables per word``,
    syllables counted with that language's hyphenation), so 60 means "plain" in each."""

    formula: str
    base: float
    per_word: float
    per_syllable: float
    min_ease: float = MIN_READING_EASE


# Every formula is published on Flesch's 0–100 scale with his bands (60–70 "standard"), but the
# same plain sentence does not score the same in each: on our respondent texts, each translation
# against its English original (texts of 10 words or more), the median difference is +2 (fr),
# −19 (de), −4 (es), −10 (nl), −1 (it) and −9 (pt) points. So each threshold is English's 60
# moved by that median, rounded to the nearest 5 (the scales' bands are that coarse): a German
# text at 40 is as plain as an English one at 60. docs/i18n.md gives the figures. textstat 0.7.8
# has the constants for every language but Portuguese, where it falls back to the English ones:
# Martins et al. (1996) adapted Flesch to Portuguese by adding 42 to the English base.
READABILITY: dict[str, Readability] = {
    "en": Readability("Flesch (1948)", 206.835, 1.015, 84.6),
    "fr": Readability("Kandel–Moles (1958)", 207, 1.015, 73.6),
    "de": Readability("Amstad (1978)", 180, 1, 58.5, min_ease=40),
    "es": Readability("Fernández Huerta (1959)", 206.84, 1.02, 60, min_ease=55),
    "nl": Readability("Douma (1960)", 206.835, 0.93, 77, min_ease=50),
    "it": Readability("Flesch–Vacca (1972)", 217, 1.3, 60),
    "pt": Readability("Flesch adapted by Martins (1996)", 248.835, 1.015, 84.6, min_ease=50),
}
# The Flesch–Kincaid grade is calibrated on American school grades: English only.
GRADED_LANGUAGES = frozenset({"en"})

# Acronyms most readers know without a definition, in any language…
ALLOWED_ACRONYMS = frozenset(
    {"OK", "PDF", "UK", "US", "USA", "EU", "UN", "IT", "HR", "CEO", "CFO", "FAQ", "ID", "TV"}
    | {"AM", "URL", "VAT", "NHS"}
)
# …and in each language its own (the EU, VAT and the UN as its readers write them).
ALLOWED_ACRONYMS_BY_LANGUAGE: dict[str, frozenset[str]] = {
    "fr": frozenset({"UE", "TVA", "ONU", "PDG", "RH", "SA", "SARL", "PME"}),
    "de": frozenset({"GmbH", "AG", "MwSt", "UNO", "EDV", "PKW", "LKW"}),
    "es": frozenset({"UE", "IVA", "ONU", "RRHH", "SA", "SL", "DNI"}),
    "nl": frozenset({"BTW", "VN", "BV", "NV"}),
    "it": frozenset({"UE", "IVA", "ONU", "SPA", "SRL"}),
    "pt": frozenset({"UE", "IVA", "ONU", "RH", "SA", "LDA"}),
}


def base_language(language: str | None) -> str:
    """``pt-br`` → ``pt``; empty → English."""
    return (language or DEFAULT_LANGUAGE).replace("_", "-").split("-")[0].lower()


def allowed_acronyms(language: str | None = None) -> frozenset[str]:
    return ALLOWED_ACRONYMS | ALLOWED_ACRONYMS_BY_LANGUAGE.get(base_language(language), frozenset())


def reading_ease(text: str, language: str | None = None) -> float | None:
    """The language's reading ease of ``text`` (None for a language without a formula)."""
    rule = READABILITY.get(base_language(language))
    if rule is None:
        return None
    code = base_language(language)
    per_sentence = metrics.words_per_sentence(text)
    syllables = metrics.syllables_per_word(text, code)
    if not per_sentence or not syllables:
        return 0.0
    return float(rule.base - rule.per_word * per_sentence - rule.per_syllable * syllables)


# English passive voice, as a simple heuristic sees it (advice only, ``check.find_passive_voice``):
# a form of "to be" (or "get"), at most one adverb, then a past participle.
_BE = r"(?:am|is|are|was|were|be|been|being|get|gets|got|gotten|getting)"
_IRREGULAR = [
    "done",
    "made",
    "given",
    "taken",
    "seen",
    "known",
    "shown",
    "written",
    "sent",
    "built",
    "paid",
    "held",
    "kept",
    "told",
    "found",
    "brought",
    "bought",
    "chosen",
    "drawn",
    "driven",
    "set",
    "put",
    "begun",
    "broken",
    "spoken",
    "forgotten",
    "understood",
    "met",
    "led",
    "left",
    "lost",
    "won",
    "sold",
    "spent",
    "thought",
    "caught",
    "taught",
    "felt",
    "heard",
    "meant",
    "read",
    "run",
    "hidden",
    "cut",
    "shut",
]
# Adjectives ending in -ed that follow "to be" in ordinary active sentences.
ENGLISH_NOT_PARTICIPLES = frozenset(
    [
        "interested",
        "tired",
        "bored",
        "pleased",
        "excited",
        "worried",
        "concerned",
        "married",
        "experienced",
        "detailed",
        "skilled",
        "talented",
        "advanced",
        "dedicated",
        "supposed",
        "used",
        "ashamed",
        "scared",
        "surprised",
        "prepared",
        "involved",
        "red",
        "bed",
        "need",
        "seed",
        "speed",
        "feed",
        "shed",
    ]
)
ENGLISH_PASSIVE = re.compile(
    rf"\b({_BE})\s+(?:(\w+ly)\s+)?(\w+ed|{'|'.join(_IRREGULAR)})\b", flags=re.IGNORECASE
)
