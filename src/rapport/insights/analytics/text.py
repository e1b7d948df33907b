"""Words of a comment, its language, and phrase patterns that match them (pure, no ORM).

Everything is compared *folded*: lower case, accents removed (é → e, ß → ss, œ → oe), so
"Délai", "delai" and "DELAI" are the same word. A comment becomes a list of words (letters
only); a pattern is one or more words, each of which may carry ``*``:

- ``delay*`` matches any word that starts with "delay" (delay, delays, delayed);
- ``*bericht`` matches any word that ends with "bericht" (Statusbericht, for German and Dutch
  compounds);
- ``*planung*`` both;
- ``on time`` matches the two words in a row.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

LANGUAGES = ("en", "fr", "de", "es", "nl", "it", "pt")
LANGUAGE_NAMES = {
    "en": "English",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "nl": "Dutch",
    "it": "Italian",
    "pt": "Portuguese",
}

_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d"})
_LETTERS = re.compile(r"[a-z]+")
# A pattern word: letters, with an optional * at either end; a stem needs 3 letters.
_PATTERN_WORD = re.compile(r"^\*?[a-z]+\*?$")
MIN_STEM = 3
MAX_PATTERN_WORDS = 6


def fold(text: str) -> str:
    """Lower case without accents: the form in which words are compared."""
    lowered = (text or "").lower().translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def vocabulary(text: str) -> frozenset[str]:
    """The words of ``text`` (split on spaces) as a set."""
    return frozenset(text.split())


def words(text: str) -> list[str]:
    """The folded words of ``text`` (letters only; apostrophes and hyphens split words)."""
    return _LETTERS.findall(fold(text))


# Short, frequent function words that tell the languages apart. A word two languages share
# ("que", "con") counts for both; the margin in ``guess_language`` decides.
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": vocabulary(
        "the and is are was were we you they this that with for of to not our your it be have has "
        "been would should could will when what more less please thanks"
    ),
    "fr": vocabulary(
        "le les des est sont nous vous ils elle avec pour pas une du au aux ce cette tres plus "
        "mais sur dans etre avoir merci notre nos votre qui que ont"
    ),
    "de": vocabulary(
        "der die das und ist sind wir ihr sie nicht mit fur ein eine einen zu auf den dem sehr "
        "aber auch noch uns unser bitte wird wurde haben danke"
    ),
    "es": vocabulary(
        "el los las es son nosotros ustedes con para por una del al muy pero mas esta estan "
        "nuestro nuestra gracias que se lo hay"
    ),
    "nl": vocabulary(
        "het een is zijn wij we jullie niet met voor van op te zeer maar ook nog ons onze graag "
        "bedankt wordt werd hebben dat dit"
    ),
    "it": vocabulary(
        "il gli della delle sono noi voi non con per una del al molto ma anche ancora nostro "
        "nostra grazie che di sempre"
    ),
    "pt": vocabulary(
        "os as sao nos voces nao com para uma do da ao muito mas tambem ainda nosso nossa "
        "obrigado obrigada que sempre esta"
    ),
}


def guess_language(text: str, hint: str | None = None) -> str:
    """The comment's language: from its function words when they clearly point to one of
    Rapport's languages (two more hits than any other), else ``hint`` when it is one of them,
    else English.

    The answer's stored language is the survey's language, not always the comment's; the
    words win when they are clear, so a French comment typed into an English survey is read
    as French.
    """
    counts = {lang: 0 for lang in LANGUAGES}
    for word in words(text):
        for lang, vocab in _FUNCTION_WORDS.items():
            if word in vocab:
                counts[lang] += 1
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    if top >= 2 and top >= second + 2:
        return best
    hint = (hint or "").lower()[:2]
    if hint in LANGUAGES:
        return hint
    return best if top > second else "en"


# --- patterns ------------------------------------------------------------------------------


def check_pattern(raw: str) -> str:
    """The pattern in its stored form (folded, single spaces), or ``ValueError`` saying why not."""
    pattern = " ".join(fold(raw).replace("-", " ").replace("'", " ").split())
    if not pattern:
        raise ValueError("A phrase cannot be empty.")
    parts = pattern.split(" ")
    if len(parts) > MAX_PATTERN_WORDS:
        raise ValueError(f"“{raw}”: a phrase has at most {MAX_PATTERN_WORDS} words.")
    for part in parts:
        if not _PATTERN_WORD.match(part):
            raise ValueError(
                f"“{raw}”: use letters and spaces only, with * at the start or end of a word."
            )
        if "*" in part and len(part.strip("*")) < MIN_STEM:
            raise ValueError(f"“{raw}”: a word with * needs at least {MIN_STEM} letters.")
    return pattern


def _word_regex(part: str) -> str:
    stem = re.escape(part.strip("*"))
    head = "[a-z]*" if part.startswith("*") else ""
    tail = "[a-z]*" if part.endswith("*") else ""
    return f"{head}{stem}{tail}"


def compile_patterns(patterns: Iterable[str]) -> re.Pattern[str] | None:
    """One regular expression matching any of ``patterns`` in a text of ``" ".join(words)``."""
    alternatives = sorted(
        {" ".join(_word_regex(p) for p in pattern.split(" ")) for pattern in patterns if pattern}
    )
    if not alternatives:
        return None
    return re.compile(r"(?<![a-z])(?:" + "|".join(alternatives) + r")(?![a-z])")


@dataclass(frozen=True)
class Topic:
    """One theme of the taxonomy: a key, a name for people, and patterns per language."""

    key: str
    name: str
    phrases: dict[str, tuple[str, ...]]


class Taxonomy:
    """Topics compiled for matching. A comment is searched with the patterns of its own
    language only (a German stem would misfire on English words); a comment in a language
    none of the topics speak is searched with all of them."""

    def __init__(self, topics: Sequence[Topic]) -> None:
        self.topics = list(topics)
        self.names = {t.key: t.name for t in self.topics}
        self._compiled: dict[tuple[str, str], re.Pattern[str] | None] = {}
        self._phrase_words: dict[str, frozenset[str]] = {}
        for topic in self.topics:
            every: list[str] = []
            for lang, patterns in topic.phrases.items():
                self._compiled[(topic.key, lang)] = compile_patterns(patterns)
                every.extend(patterns)
            self._compiled[(topic.key, "*")] = compile_patterns(every)

    def phrase_words(self, language: str) -> frozenset[str]:
        """The plain words inside the multi-word phrases of ``language`` ("person" of
        "person to call"): part of a topic's phrase, so not new on their own."""
        cached = self._phrase_words.get(language)
        if cached is None:
            cached = self._phrase_words[language] = frozenset(
                part
                for topic in self.topics
                for pattern in topic.phrases.get(language, ())
                if " " in pattern
                for part in pattern.split(" ")
                if "*" not in part
            )
        return cached

    def topics_in(self, text: str, language: str) -> set[str]:
        """Keys of the topics ``text`` mentions."""
        return self.topics_in_words(" ".join(words(text)), language)

    def topics_in_words(self, joined: str, language: str) -> set[str]:
        if not joined:
            return set()
        found = set()
        for topic in self.topics:
            key = (topic.key, language) if language in topic.phrases else (topic.key, "*")
            regex = self._compiled.get(key)
            if regex is not None and regex.search(f" {joined} "):
                found.add(topic.key)
        return found


@lru_cache(maxsize=4096)
def clauses(text: str, contrast: tuple[str, ...] = ()) -> tuple[str, ...]:
    """``text`` cut at sentence ends (. ! ? ; and new lines) and before contrast words
    ("but"), so that "good team, but the reports are late" gives one clause per opinion."""
    pieces = [p.strip() for p in re.split(r"[.!?;\n]+", text or "") if p.strip()]
    if not contrast:
        return tuple(pieces)
    cut = re.compile(r"\s+(?=(?:" + "|".join(re.escape(c) for c in contrast) + r")\b)", re.I)
    out: list[str] = []
    for piece in pieces:
        out.extend(part.strip(" ,") for part in cut.split(piece) if part.strip(" ,"))
    return tuple(out)
