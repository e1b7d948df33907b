"""Filters that show the health review's stored English sentences in the reader's language
(``insights.wording``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from rapport.insights import wording
from rapport.insights.models import Alert

register = template.Library()


@register.filter
def alert_words(alert: Alert) -> str:
    """``{{ alert|alert_words }}``: the alert's message in the active language."""
    return wording.signal(alert.rule, alert.message, alert.evidence, alert.period)


@register.filter
def signal_words(stored: Mapping[str, Any]) -> str:
    """``{{ signal|signal_words }}``: a snapshot's stored signal in the active language."""
    return wording.signal_of(stored)


@register.filter
def severity_word(word: str) -> str:
    return wording.severity(word)


@register.filter
def topic_name(topic: Any) -> str:
    """``{{ theme|topic_name }}`` (a stored theme, ``{"theme": key, "name": …}``) or
    ``{{ topic|topic_name }}`` (a ``CommentTopic``): its name in the active language while it
    reads as shipped (``wording.topic_name``)."""
    if isinstance(topic, Mapping):
        return wording.topic_name(topic.get("theme", ""), topic.get("name") or "")
    return wording.topic_name(topic.key, topic.name)


@register.filter
def topic_description(topic: Any) -> str:
    return wording.topic_description(topic.key, topic.description)
