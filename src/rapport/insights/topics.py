"""The PMO's comment taxonomy in the database: reading it for the recompute, and changing it.

Every change goes through ``create_topic`` / ``update_topic`` (validated, audited as
``insights.topic.created`` / ``insights.topic.changed``); the stored comment insight picks the
change up at the next recompute.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from rapport.audit.services import create_audited, update_audited
from rapport.insights import wording
from rapport.insights.analytics.comments import shipped_topics, taxonomy_from
from rapport.insights.analytics.text import LANGUAGES, Taxonomy, check_pattern
from rapport.insights.models import CommentTopic
from rapport.insights.wording import LANGUAGE_NAMES

MAX_PHRASES = 200
MAX_PHRASE_LENGTH = 60
TOPIC_FIELDS = ("name", "description", "phrases", "active")


def active_taxonomy() -> Taxonomy:
    """The active topics, compiled. Before the taxonomy was ever seeded: the shipped one."""
    rows = list(CommentTopic.objects.values("key", "name", "phrases", "active"))
    if not rows:
        return taxonomy_from(shipped_topics())
    return taxonomy_from([r for r in rows if r["active"]])


def clean_phrases(raw: dict[str, Any]) -> dict[str, list[str]]:
    """Phrases per language, each checked and normalised (folded, single spaces), duplicates
    dropped. ``raw`` maps a language to a list of phrases or to text with one per line.
    Raises ``ValidationError`` naming each bad phrase; nothing is changed then."""
    errors: list[str] = []
    cleaned: dict[str, list[str]] = {}
    for lang, value in raw.items():
        if lang not in LANGUAGES:
            errors.append(gettext("Unknown language “%(language)s”.") % {"language": lang})
            continue
        lines = value.splitlines() if isinstance(value, str) else list(value or [])
        phrases: list[str] = []
        for line in lines:
            if not str(line).strip():
                continue
            if len(str(line)) > MAX_PHRASE_LENGTH:
                errors.append(
                    gettext("%(language)s: “%(phrase)s…” is longer than %(limit)s characters.")
                    % {
                        "language": LANGUAGE_NAMES[lang],
                        "phrase": str(line)[:30],
                        "limit": MAX_PHRASE_LENGTH,
                    }
                )
                continue
            try:
                phrase = check_pattern(str(line))
            except ValueError as exc:
                errors.append(f"{LANGUAGE_NAMES[lang]}: {wording.sentence(str(exc))}")
                continue
            if phrase not in phrases:
                phrases.append(phrase)
        if len(phrases) > MAX_PHRASES:
            errors.append(
                gettext("%(language)s: at most %(limit)s phrases.")
                % {"language": LANGUAGE_NAMES[lang], "limit": MAX_PHRASES}
            )
        if phrases:
            cleaned[lang] = phrases
    if not errors and not cleaned:
        errors.append(gettext("Give at least one phrase in one language."))
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def create_topic(
    *,
    by: Any,
    key: str,
    name: str,
    phrases: dict[str, Any],
    description: str = "",
    active: bool = True,
) -> CommentTopic:
    if CommentTopic.objects.filter(key=key).exists():
        raise ValidationError(
            gettext("A topic with the key “%(key)s” exists already.") % {"key": key}
        )
    return create_audited(
        CommentTopic,
        "insights.topic.created",
        by=by,
        key=key,
        name=name.strip(),
        description=description.strip(),
        phrases=clean_phrases(phrases),
        active=active,
    )


@transaction.atomic
def update_topic(topic: CommentTopic, *, by: Any, **fields: Any) -> dict[str, list[Any]]:
    """Change a topic's name, description, phrases or active flag; returns what changed."""
    if "phrases" in fields:
        fields["phrases"] = clean_phrases(fields["phrases"])
    for text in ("name", "description"):
        if text in fields:
            fields[text] = fields[text].strip()
    return update_audited(topic, "insights.topic.changed", by=by, allowed=TOPIC_FIELDS, **fields)
