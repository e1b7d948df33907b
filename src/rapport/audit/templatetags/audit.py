"""``{{ entry|in_words }}``: an audit entry in the reader's words (``audit.wording``)."""

from __future__ import annotations

from django import template

from rapport.audit import wording
from rapport.audit.models import AuditEntry

register = template.Library()


@register.filter
def in_words(entry: AuditEntry) -> str:
    return wording.in_words(entry)
