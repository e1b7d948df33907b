"""Sentiment of a comment in Rapport's languages (pure; nothing downloaded).

- **English**: VADER (its own lexicon and rules, shipped with the package), with a few
  project words it lacks ("late", "overdue", "bugs", "unresponsive") added from
  ``insights/data/polarity.json``.
- **French, German, Spanish, Dutch, Italian, Portuguese**: a small curated polarity lexicon per
  language (same −3…+3 weights as VADER, single words, stems and short phrases), with:
  negation (a negator flips and dampens the next polar word within three words, or, when
  nothing polar follows it, the polar word up to two words before it: "ça n'aide pas",
  "das hilft nicht"); boosters ("très", "sehr") strengthen the next polar word; a contrast
  word ("mais", "aber") halves what came before it and strengthens what follows, as VADER
  does with "but". The sum is squashed to −1…1 with VADER's normalisation x/√(x²+15).

Limits: a lexicon does not read irony, idioms or domain context ("the costs went down" reads
neutral); words it does not know count as neutral; it is calibrated by eye on PMO comments,
not trained. Good enough to tell a complaint from praise, not to grade nuance.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from rapport.insights.analytics.text import fold, words

NEGATION_SCALAR = -0.74  # VADER's N_SCALAR
BOOST = 0.3
WINDOW_BEFORE = 3
WINDOW_AFTER = 2
# A sentence ends at . ! ? ; : or a line break (an ellipsis is one end).
_SENTENCE_END = re.compile(r"[.!?;:\n\u2026]+")


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    source = resources.files("rapport.insights").joinpath("data/polarity.json")
    data: dict[str, Any] = json.loads(source.read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True)
class Lexicon:
    exact: dict[tuple[str, ...], float]
    stems: tuple[tuple[tuple[str, ...], float], ...]  # longest first
    negators: frozenset[str]
    boosters: frozenset[str]
    contrast: tuple[str, ...]
    longest: int


@lru_cache(maxsize=8)
def lexicon(language: str) -> Lexicon | None:
    spec = _data()["languages"].get(language)
    if spec is None:
        return None
    exact: dict[tuple[str, ...], float] = {}
    stems: list[tuple[tuple[str, ...], float]] = []
    for entries in (spec["positive"], spec["negative"]):
        for raw, weight in entries.items():
            parts = tuple(fold(raw).split())
            if any(p.endswith("*") for p in parts):
                stems.append((parts, float(weight)))
            else:
                exact[parts] = float(weight)
    stems.sort(key=lambda item: (-len(item[0]), -sum(len(p) for p in item[0])))
    longest = max(len(k) for k in [*exact, *(s for s, _ in stems)])
    return Lexicon(
        exact=exact,
        stems=tuple(stems),
        negators=frozenset(fold(w) for w in spec["negators"]),
        boosters=frozenset(fold(w) for w in spec["boosters"]),
        contrast=tuple(fold(w) for w in spec["contrast"]),
        longest=longest,
    )


def contrast_words(language: str) -> tuple[str, ...]:
    if language == "en":
        return ("but",)
    lex = lexicon(language)
    return lex.contrast if lex else ()


def _matches(parts: tuple[str, ...], tokens: list[str], i: int) -> bool:
    if i + len(parts) > len(tokens):
        return False
    for part, token in zip(parts, tokens[i : i + len(parts)], strict=False):
        if part.endswith("*"):
            if not token.startswith(part[:-1]):
                return False
        elif part != token:
            return False
    return True


def _polar_at(lex: Lexicon, tokens: list[str], i: int) -> tuple[float, int]:
    """(weight, number of words) of the lexicon entry starting at word ``i``; (0, 1) if none."""
    for size in range(min(lex.longest, len(tokens) - i), 0, -1):
        value = lex.exact.get(tuple(tokens[i : i + size]))
        if value is not None:
            return value, size
    for parts, value in lex.stems:
        if _matches(parts, tokens, i):
            return value, len(parts)
    return 0.0, 1


def lexicon_score(text: str, language: str) -> float:
    """Compound score in −1…1 of ``text`` with the language's lexicon (0 when none).

    Negation and contrast act within a sentence: in "Wir wurden nicht einbezogen. Unzufrieden."
    the "nicht" of the first sentence does not turn the second one's complaint into praise."""
    lex = lexicon(language)
    if lex is None:
        return 0.0
    total = sum(_sentence_total(lex, words(part)) for part in _SENTENCE_END.split(text))
    if not total:
        return 0.0
    return max(-1.0, min(1.0, total / math.sqrt(total * total + 15)))


def _sentence_total(lex: Lexicon, tokens: list[str]) -> float:
    """The summed weights of one sentence's polar words, after its negations, boosters and
    contrast word."""
    # Where a contrast word sits, in words, for the but-rule.
    contrast_at = next(
        (
            i
            for i, t in enumerate(tokens)
            if any(_matches(tuple(c.split()), tokens, i) for c in lex.contrast)
        ),
        None,
    )
    hits: list[list[float]] = []  # [position, weight]
    i = 0
    while i < len(tokens):
        value, size = _polar_at(lex, tokens, i)
        if value:
            if any(tokens[j] in lex.boosters for j in range(max(0, i - 2), i)):
                value *= 1 + BOOST
            hits.append([i, value])
        i += size
    used: set[int] = set()
    for n, token in enumerate(tokens):
        if token not in lex.negators:
            continue
        after = [h for h in hits if n < h[0] <= n + WINDOW_BEFORE and id(h) not in used]
        before = [h for h in hits if n - WINDOW_AFTER <= h[0] < n and id(h) not in used]
        target = after[0] if after else (before[-1] if before else None)
        if target is not None:
            target[1] *= NEGATION_SCALAR
            used.add(id(target))
    total = 0.0
    for position, value in hits:
        if contrast_at is not None:
            value *= 0.5 if position < contrast_at else 1.5
        total += value
    return total


@lru_cache(maxsize=1)
def _vader() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    # A copy of the lexicon per analyzer: the project words do not leak into other users.
    analyzer.lexicon = {**analyzer.lexicon, **_data()["en_domain"]}
    return analyzer


def vader_score(text: str) -> float:
    return float(_vader().polarity_scores(text)["compound"])


def score(text: str, language: str) -> float:
    """Compound sentiment in −1…1 of ``text`` read as ``language``."""
    if not text or not text.strip():
        return 0.0
    if language == "en" or lexicon(language) is None:
        return vader_score(text)
    return lexicon_score(text, language)
