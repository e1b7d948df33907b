"""Recurring phrases the taxonomy does not cover: "emerging" themes (pure; nothing downloaded).

YAKE (an unsupervised keyword extractor that ships its stop-word lists for every language
Rapport speaks) proposes up to three key phrases of one to three words per distinct comment.
Proposals made of content words only (none of YAKE's stop words; a single word of six letters
or more) are kept. A proposal becomes an emerging theme when it is **not covered by the
taxonomy** (no topic matches the phrase, and a single word is not part of a topic's phrase nor
a bare opinion word) and at least ``k`` distinct respondents wrote it (counted by matching the
phrase's words, folded, in every comment of that language). When a shorter phrase is written by
exactly the people who wrote a longer one that contains it, only the longer one is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from rapport.insights.analytics.text import LANGUAGES, words

MAX_WORDS = 3
PER_COMMENT = 3
MIN_LETTERS = 6  # a shorter single word is too vague to be a theme ("move", "fewer")


@lru_cache(maxsize=len(LANGUAGES))
def stop_words(language: str) -> frozenset[str]:
    """YAKE's stop-word list for ``language``, folded (empty if the package has none)."""
    try:
        source = resources.files("yake.core").joinpath(f"StopwordsList/stopwords_{language}.txt")
        text = source.read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError, UnicodeDecodeError):
        return frozenset()
    return frozenset(w for line in text.splitlines() for w in words(line))


@lru_cache(maxsize=len(LANGUAGES))
def _extractor(language: str) -> Any:
    import yake

    return yake.KeywordExtractor(lan=language, n=MAX_WORDS, top=PER_COMMENT, dedupLim=0.9)


@lru_cache(maxsize=20_000)
def candidates(text: str, language: str) -> tuple[str, ...]:
    """YAKE's key phrases of one comment, as folded words joined by spaces."""
    lang = language if language in LANGUAGES else "en"
    try:
        found = _extractor(lang).extract_keywords(text)
    except Exception:
        return ()
    out = []
    for phrase, _score in found:
        parts = words(phrase)
        folded = " ".join(parts)
        if not folded or (len(parts) == 1 and len(folded) < MIN_LETTERS):
            continue
        # Content words only: "quarter would make" is a fragment, not a theme.
        if any(p in stop_words(lang) for p in parts):
            continue
        out.append(folded)
    return tuple(out)


@dataclass(frozen=True)
class Emerging:
    phrase: str
    language: str
    members: frozenset[int]  # indices of the comments that contain it


def emerging_phrases(
    texts: Sequence[tuple[str, str, object]],
    *,
    k: int,
    covered: Callable[[str, str], bool],
    limit: int = 5,
) -> list[Emerging]:
    """Phrases written by at least ``k`` distinct respondents and not ``covered`` by a topic.

    ``texts``: (text, language, respondent) per comment; respondent None counts as one person.
    ``covered(phrase, language)``: True when the taxonomy already has a topic for the phrase.
    Ordered by respondents, then phrase; at most ``limit``.
    """
    joined = [(" " + " ".join(words(text)) + " ", lang) for text, lang, _ in texts]
    proposals: dict[tuple[str, str], None] = {}
    for text, lang, _ in texts:
        for phrase in candidates(text, lang):
            proposals.setdefault((phrase, lang), None)
    kept: list[tuple[Emerging, int]] = []
    for phrase, lang in proposals:
        if covered(phrase, lang):
            continue
        needle = f" {phrase} "
        members = frozenset(
            i for i, (body, body_lang) in enumerate(joined) if body_lang == lang and needle in body
        )
        people = {texts[i][2] for i in members}
        if len(people) >= k:
            kept.append((Emerging(phrase, lang, members), len(people)))
    # Drop a phrase inside a longer kept phrase with the same comments.
    result = []
    for item, count in kept:
        shadowed = any(
            other.language == item.language
            and other.phrase != item.phrase
            and f" {item.phrase} " in f" {other.phrase} "
            and other.members == item.members
            for other, _ in kept
        )
        if not shadowed:
            result.append((item, count))
    result.sort(key=lambda pair: (-pair[1], pair[0].phrase))
    by_phrase: dict[str, Emerging] = {}
    for item, _ in result:
        by_phrase.setdefault(item.phrase, item)
    return list(by_phrase.values())[:limit]
