"""The health review's answers to the signals of the apps below it (``portfolio/signals.py``)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from rapport.portfolio.signals import health_inputs_changed, health_recompute_now


@receiver(health_inputs_changed, dispatch_uid="insights.request_recompute")
def request_recompute_on_change(
    sender: Any, *, project_id: int | None = None, period: str | None = None, **kwargs: Any
) -> bool:
    from rapport.insights.services import request_recompute

    return request_recompute(project_id, period=period)


@receiver(health_recompute_now, dispatch_uid="insights.recompute_health")
def recompute_health_now(sender: Any, *, by: Any = None, **kwargs: Any) -> dict[str, Any]:
    from rapport.insights.services import recompute_health

    return recompute_health(by=by, notify=False)


def _compose_alert_email(message: Any) -> tuple[str, str, str]:
    from rapport.insights.notifications import reader_language, render_alert_email

    language = reader_language(message.to_email)
    return render_alert_email(message.alert, manages=message.manages, language=language)


def _send_alert_webhook(message: Any, delivery: str) -> bytes:
    from rapport.insights.notifications import send_alert_webhook

    return send_alert_webhook(message.alert, message.url, delivery=delivery)


def register_outbox_writers() -> None:
    """Alerts travel through feedback's outbox, which does not import insights."""
    from rapport.feedback.models import OutboxKind
    from rapport.feedback.outbox_kinds import register_composer, register_webhook_sender

    register_composer(OutboxKind.ALERT, _compose_alert_email)
    register_webhook_sender(OutboxKind.WEBHOOK, _send_alert_webhook)
