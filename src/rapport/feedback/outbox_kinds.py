"""Outbox messages that another app writes: the outbox carries them without importing it.

Alerts (their email and their webhook) are written by ``insights``, which sits above feedback and
registers its writers here in its ``AppConfig.ready`` (``insights/receivers.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rapport.feedback.models import OutboxMessage

# (subject, text, html) of the email for an outbox row.
Composer = Callable[["OutboxMessage"], tuple[str, str, str]]
# POSTs the row to its URL (``delivery`` names the attempt); returns the body sent.
WebhookSender = Callable[["OutboxMessage", str], bytes]

_composers: dict[str, Composer] = {}
_webhook_senders: dict[str, WebhookSender] = {}


def register_composer(kind: str, compose: Composer) -> None:
    _composers[kind] = compose


def register_webhook_sender(kind: str, send: WebhookSender) -> None:
    _webhook_senders[kind] = send


def composer(kind: str) -> Composer:
    try:
        return _composers[kind]
    except KeyError:
        raise LookupError(f"No app writes outbox emails of kind {kind!r}.") from None


def webhook_sender(kind: str) -> WebhookSender:
    try:
        return _webhook_senders[kind]
    except KeyError:
        raise LookupError(f"No app sends outbox webhooks of kind {kind!r}.") from None
