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
