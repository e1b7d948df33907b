"""Comment insight: sentiment per comment (VADER, local lexicon) and recurring themes.

Themes are deliberately simple and explainable: each theme has a short list of keywords and
phrases; a comment counts for a theme when it contains one of them. Themes are shown only when at
least k distinct respondents contribute (anonymity threshold; default 7 for comments, never
below 3), so a theme can never point at one person.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

DEFAULT_COMMENT_K = 7
MIN_K = 3

THEMES: dict[str, tuple[str, ...]] = {
    "communication": (
        "communication",
        "communicate",
        "informed",
        "inform",
        "update",
        "updates",
        "reply",
        "respond",
        "responsive",
        "unresponsive",
        "listen",
        "listened",
        "email",
        "emails",
        "transparent",
        "transparency",
        "contact",
        "feedback",
    ),
    "schedule": (
        "late",
        "delay",
        "delayed",
        "delays",
        "deadline",
        "deadlines",
        "schedule",
        "on time",
        "timeline",
        "slipped",
        "slip",
        "milestone",
        "milestones",
        "overdue",
        "waiting",
    ),
    "scope": (
        "scope",
        "requirement",
        "requirements",
        "change request",
        "changes",
        "feature",
        "features",
        "expectation",
        "expectations",
        "deliverable",
        "deliverables",
    ),
    "quality": (
        "quality",
        "bug",
        "bugs",
        "defect",
        "defects",
        "error",
        "errors",
        "rework",
        "testing",
        "tested",
        "broken",
        "reliable",
        "issue",
        "issues",
    ),
    "cost": (
        "cost",
        "costs",
        "budget",
        "expensive",
        "price",
        "invoice",
        "invoices",
        "overrun",
        "money",
        "spend",
        "billing",
    ),
    "people": (
        "team",
        "people",
        "staff",
        "manager",
        "consultant",
        "consultants",
        "turnover",
        "helpful",
        "friendly",
        "expertise",
        "skills",
        "knowledgeable",
        "attitude",
    ),
}

STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "from",
        "by",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "this",
        "that",
        "these",
        "those",
        "we",
        "you",
        "they",
        "i",
        "he",
        "she",
        "our",
        "your",
        "their",
        "its",
        "as",
        "not",
        "no",
        "so",
        "very",
        "too",
        "just",
        "more",
        "most",
        "all",
        "any",
        "some",
        "can",
        "could",
        "would",
        "should",
        "will",
        "do",
        "did",
        "does",
        "have",
        "has",
        "had",
        "than",
        "then",
        "there",
        "here",
    ]
)

_WORD = re.compile(r"[a-zà-ÿ']+")


@lru_cache(maxsize=1)
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def sentiment(text: str) -> float:
    """VADER compound score in −1…1 (≤ −0.05 negative, ≥ 0.05 positive)."""
    if not text or not text.strip():
        return 0.0
    return float(_analyzer().polarity_scores(text)["compound"])


def label(compound: float) -> str:
    if compound >= 0.05:
        return "positive"
    if compound <= -0.05:
        return "negative"
    return "neutral"


def tokens(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]


def themes_of(text: str) -> set[str]:
    """Themes a comment mentions (whole words or phrases from the lexicon)."""
    lowered = " " + " ".join(_WORD.findall(text.lower())) + " "
    found = set()
    for theme, keys in THEMES.items():
        if any(f" {key} " in lowered for key in keys):
            found.add(theme)
    return found


@dataclass(frozen=True)
class Comment:
    text: str
    respondent_id: int | str | None = None  # None: anonymous, counts as its own respondent
    period: str | None = None


@dataclass(frozen=True)
class Theme:
    theme: str
    comments: int
    respondents: int
    mean_sentiment: float
    top_words: list[tuple[str, int]]


def recurring_themes(
    comments: Sequence[Comment], *, k: int = DEFAULT_COMMENT_K, top_words: int = 5
) -> list[Theme]:
    """Themes mentioned by at least ``k`` distinct respondents (k is never below 3).

    Ordered by the number of respondents, then theme name. Comments without a respondent id
    (anonymous) count together as ONE respondent: the cautious choice, since one person may
    have written them all.
    """
    k = max(k, MIN_K)
    by_theme: dict[str, list[Comment]] = defaultdict(list)
    for c in comments:
        for theme in themes_of(c.text):
            by_theme[theme].append(c)
    result = []
    for theme, items in by_theme.items():
        people = {c.respondent_id for c in items}  # all anonymous ones collapse into None
        if len(people) < k:
            continue
        words: Counter[str] = Counter()
        for c in items:
            words.update(t for t in tokens(c.text) if len(t) > 2)
        result.append(
            Theme(
                theme=theme,
                comments=len(items),
                respondents=len(people),
                mean_sentiment=sum(sentiment(c.text) for c in items) / len(items),
                top_words=words.most_common(top_words),
            )
        )
    return sorted(result, key=lambda t: (-t.respondents, t.theme))


def mean_sentiment(texts: Sequence[str]) -> float | None:
    scored = [sentiment(t) for t in texts if t and t.strip()]
    return sum(scored) / len(scored) if scored else None
