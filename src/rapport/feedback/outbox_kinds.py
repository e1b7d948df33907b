"""Outbox messages that another app writes: the outbox carries them without importing it.

Alerts (their email and their webhook) are written by ``insights``, which sits above feedback and
registers its writers here in its ``AppConfig.ready`` (``insights/receivers.py``). The monthly
pack (``reports``) builds its whole email, PDFs attached, and says when it must not go out any
more (``reports/apps.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.core.mail import EmailMultiAlternatives

    from rapport.feedback.models import OutboxMessage

# (subject, text, html) of the email for an outbox row.
Composer = Callable[["OutboxMessage"], tuple[str, str, str]]
# POSTs the row to its URL (``delivery`` names the attempt); returns the body sent.
WebhookSender = Callable[["OutboxMessage", str], bytes]

# The whole email (attachments and all) and its (subject, text, html) for the mail log.
EmailBuilder = Callable[["OutboxMessage"], tuple["EmailMultiAlternatives", tuple[str, str, str]]]
# Why a queued row must not go out any more, or "" (asked right before sending).
CancelCheck = Callable[["OutboxMessage"], str]

_composers: dict[str, Composer] = {}
_webhook_senders: dict[str, WebhookSender] = {}
_email_builders: dict[str, EmailBuilder] = {}
_cancel_checks: dict[str, CancelCheck] = {}


def register_composer(kind: str, compose: Composer) -> None:
    _composers[kind] = compose


def register_webhook_sender(kind: str, send: WebhookSender) -> None:
    _webhook_senders[kind] = send


def register_email_builder(kind: str, build: EmailBuilder) -> None:
    _email_builders[kind] = build


def register_cancel_check(kind: str, check: CancelCheck) -> None:
    _cancel_checks[kind] = check


def email_builder(kind: str) -> EmailBuilder | None:
    """The app's own builder of this kind's whole email, if it has one."""
    return _email_builders.get(kind)


def cancel_reason(message: OutboxMessage) -> str:
    """Why the app that wrote this row says it must not go out any more, or ""."""
    check = _cancel_checks.get(message.kind)
    return check(message) if check is not None else ""


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
