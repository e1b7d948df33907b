"""Comment insight: sentiment per comment, and recurring themes with their sentiment (pure).

Themes come from two places:

- **Topics** of a curated taxonomy (communication, schedule, budget, …; see
  ``insights/data/topics.json``, edited by the PMO in the console). A comment counts for a
  topic when it contains one of the topic's phrases in the comment's language.
- **Emerging** phrases: what several people write that no topic covers (``phrases.py``).

A theme is returned only when at least k distinct respondents contribute (the anonymity
threshold for comments; default 7, never below 3), so a theme can never point at one person.
Each theme carries how many comments and people, its mean sentiment (of the clauses that
mention it, so "good team, but late reports" is positive for people and negative for
schedule), how many of those comments read positive or negative, and, where the caller marks
comments as quotable, up to two short example quotes.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from rapport.insights.analytics import polarity
from rapport.insights.analytics.phrases import emerging_phrases
from rapport.insights.analytics.text import (
    Taxonomy,
    Topic,
    check_pattern,
    clauses,
    fold,
    guess_language,
    vocabulary,
    words,
)

DEFAULT_COMMENT_K = 7
MIN_K = 3
QUOTE_LENGTH = 160

STOP_WORDS = vocabulary(
    "a an the and or but if of to in on at for with from by is are was were be been it this "
    "that these those we you they i he she our your their its as not no so very too just more "
    "most all any some can could would should will do did does have has had than then there "
    "here us"
)


def sentiment(text: str, language: str | None = None) -> float:
    """Compound sentiment in −1…1 (≤ −0.05 negative, ≥ 0.05 positive), in the comment's
    language (guessed from its words, ``language`` as the hint)."""
    if not text or not text.strip():
        return 0.0
    return polarity.score(text, guess_language(text, language))


def label(compound: float) -> str:
    if compound >= 0.05:
        return "positive"
    if compound <= -0.05:
        return "negative"
    return "neutral"


def tokens(text: str) -> list[str]:
    return [w for w in words(text) if w not in STOP_WORDS]


# --- the taxonomy shipped with Rapport -----------------------------------------------------------


def shipped_topics() -> list[dict[str, Any]]:
    """The topics of ``insights/data/topics.json`` as plain dicts (key, name, description,
    phrases per language)."""
    source = resources.files("rapport.insights").joinpath("data/topics.json")
    topics: list[dict[str, Any]] = json.loads(source.read_text(encoding="utf-8"))["topics"]
    return topics


def taxonomy_from(rows: Sequence[Mapping[str, Any]]) -> Taxonomy:
    """A Taxonomy from dicts with key, name and phrases; patterns are normalised (and a
    malformed one raises ``ValueError``)."""
    topics = []
    for row in rows:
        phrases = {
            lang: tuple(check_pattern(p) for p in patterns if p.strip())
            for lang, patterns in (row.get("phrases") or {}).items()
        }
        topics.append(Topic(key=row["key"], name=row["name"], phrases=phrases))
    return Taxonomy(topics)


@lru_cache(maxsize=1)
def default_taxonomy() -> Taxonomy:
    return taxonomy_from(shipped_topics())


def themes_of(text: str, language: str | None = None, taxonomy: Taxonomy | None = None) -> set[str]:
    """Keys of the topics a comment mentions (whole words, stems or phrases)."""
    tax = taxonomy or default_taxonomy()
    return tax.topics_in(text, guess_language(text, language))


# --- one comment, read once ----------------------------------------------------------------------


@dataclass(frozen=True)
class Comment:
    text: str
    respondent_id: int | str | None = None  # None: anonymous, counts as its own respondent
    period: str | None = None
    language: str | None = None  # the answer's language: a hint, the words decide
    quotable: bool = False  # may be shown word for word to the reader of the themes


@dataclass(frozen=True)
class Reading:
    language: str
    score: float  # the whole comment
    topics: dict[str, float]  # topic → sentiment of the clauses that mention it


def read(text: str, hint: str | None, taxonomy: Taxonomy) -> Reading:
    language = guess_language(text, hint)
    whole = polarity.score(text, language)
    body = text if language == "en" else fold(text)
    per_topic: dict[str, list[float]] = defaultdict(list)
    for clause in clauses(body, polarity.contrast_words(language)):
        found = taxonomy.topics_in(clause, language)
        if found:
            value = polarity.score(clause, language)
            for key in found:
                per_topic[key].append(value)
    for key in taxonomy.topics_in(text, language):
        per_topic.setdefault(key, [whole])  # a phrase that spans two clauses
    topics = {key: sum(values) / len(values) for key, values in per_topic.items()}
    return Reading(language=language, score=whole, topics=topics)


# --- themes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Theme:
    theme: str  # topic key, or the phrase of an emerging theme
    comments: int
    respondents: int
    mean_sentiment: float
    top_words: list[tuple[str, int]]
    name: str = ""
    kind: str = "topic"  # "topic" or "emerging"
    positive: int = 0  # comments whose part about this theme reads positive
    negative: int = 0
    quotes: tuple[str, ...] = field(default_factory=tuple)


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= QUOTE_LENGTH else flat[: QUOTE_LENGTH - 1].rstrip() + "…"


def _quotes(items: list[tuple[Comment, float]], mean: float, limit: int) -> tuple[str, ...]:
    """Up to ``limit`` short, distinct quotes from quotable comments, in the theme's mood."""
    wanted = label(mean)
    pool = [(c.text, s) for c, s in items if c.quotable and c.text.strip()]
    counts = Counter(text for text, _ in pool)
    ranked = sorted(
        {text: s for text, s in pool}.items(),
        key=lambda item: (label(item[1]) != wanted, -counts[item[0]], len(item[0]), item[0]),
    )
    return tuple(_quote(text) for text, _ in ranked[:limit])


def _theme(
    key: str,
    name: str,
    kind: str,
    items: list[tuple[Comment, float]],
    *,
    top_words: int,
    quotes: int,
) -> Theme:
    words_count: Counter[str] = Counter()
    for c, _ in items:
        words_count.update(t for t in tokens(c.text) if len(t) > 2)
    mean = sum(s for _, s in items) / len(items)
    return Theme(
        theme=key,
        name=name,
        kind=kind,
        comments=len(items),
        respondents=len({c.respondent_id for c, _ in items}),
        mean_sentiment=mean,
        positive=sum(1 for _, s in items if label(s) == "positive"),
        negative=sum(1 for _, s in items if label(s) == "negative"),
        top_words=words_count.most_common(top_words),
        quotes=_quotes(items, mean, quotes),
    )


def recurring_themes(
    comments: Sequence[Comment],
    *,
    k: int = DEFAULT_COMMENT_K,
    top_words: int = 5,
    taxonomy: Taxonomy | None = None,
    emerging: bool = True,
    quotes: int = 2,
) -> list[Theme]:
    """Themes mentioned by at least ``k`` distinct respondents (k is never below 3).

    Topics first, ordered by the number of respondents, then key; then emerging phrases.
    Comments without a respondent id (anonymous) count together as ONE respondent: the
    cautious choice, since one person may have written them all.
    """
    k = max(k, MIN_K)
    tax = taxonomy or default_taxonomy()
    readings: dict[tuple[str, str | None], Reading] = {}
    by_topic: dict[str, list[tuple[Comment, float]]] = defaultdict(list)
    read_list: list[Reading] = []
    for c in comments:
        key = (c.text, c.language)
        reading = readings.get(key)
        if reading is None:
            reading = readings[key] = read(c.text, c.language, tax)
        read_list.append(reading)
        for topic, value in reading.topics.items():
            by_topic[topic].append((c, value))
    result = []
    for topic, items in by_topic.items():
        if len({c.respondent_id for c, _ in items}) < k:
            continue
        name = tax.names.get(topic, topic)
        result.append(_theme(topic, name, "topic", items, top_words=top_words, quotes=quotes))
    result.sort(key=lambda t: (-t.respondents, t.theme))
    if not emerging:
        return result
    texts = [
        (c.text, r.language, c.respondent_id) for c, r in zip(comments, read_list, strict=True)
    ]

    def says_nothing_new(phrase: str, lang: str) -> bool:
        # Covered by a topic, a word of a topic's phrase ("person" of "person to call"), or
        # one bare opinion word ("great", "merci"): not a theme.
        if tax.topics_in_words(phrase, lang):
            return True
        if " " in phrase:
            return False
        return phrase in tax.phrase_words(lang) or polarity.score(phrase, lang) != 0

    for found in emerging_phrases(texts, k=k, covered=says_nothing_new):
        items = [(comments[i], read_list[i].score) for i in sorted(found.members)]
        result.append(
            _theme(
                found.phrase, found.phrase, "emerging", items, top_words=top_words, quotes=quotes
            )
        )
    return result


def mean_sentiment(texts: Sequence[str]) -> float | None:
    scored = [sentiment(t) for t in texts if t and t.strip()]
    return sum(scored) / len(scored) if scored else None
