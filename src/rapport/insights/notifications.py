"""Telling people about alerts: one email per new alert and recipient, and a signed webhook when
configured, each an outbox row (``queue_alert_notifications``) sent by the outbox worker with its
retries and mail log.

The webhook body is JSON; its HMAC-SHA256 with ``RAPPORT_ALERT_WEBHOOK_SECRET`` is sent as
``X-Rapport-Signature: sha256=<hex>`` so the receiver can check it came from us. The format is
``rapport`` (our own fields) or ``slack`` (``{"text": ...}``, which Slack and Teams incoming
webhooks accept).

Each email is written in its reader's console language (their profile's); the webhook in the
site's language (``LANGUAGE_CODE``), as the systems it feeds do not choose one.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.request
from contextlib import nullcontext
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext, override

from rapport.accounts.models import Role, User
from rapport.insights import wording
from rapport.insights.models import Alert

SIGNATURE_HEADER = "X-Rapport-Signature"
DELIVERY_HEADER = "X-Rapport-Delivery"


def sign(body: bytes, secret: str) -> str:
    """The value of the signature header for ``body``."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify(body: bytes, secret: str, header: str) -> bool:
    return hmac.compare_digest(sign(body, secret), header or "")


def _alert_url(alert: Alert) -> str:
    """The alert on the alerts page (PMO roles: they acknowledge and resolve it there)."""
    return f"{settings.SITE_URL}{reverse('insights:alerts')}#alert-{alert.pk}"


def _project_url(alert: Alert) -> str:
    """The alert on its project's health page, which the project's manager can open."""
    path = reverse("insights:project", args=[alert.project_id])
    return f"{settings.SITE_URL}{path}#alert-{alert.pk}"


def recipients(alert: Alert) -> list[str]:
    """PMO leads and analysts, and the manager of the project (it is their own project)."""
    return sorted(e for group, _ in audiences(alert) for e in group)


def audiences(alert: Alert) -> list[tuple[list[str], bool]]:
    """Who is told, in groups that get the same email: (addresses, may manage alerts).

    Every link must open for its reader: those who manage alerts go to the alerts page; the
    project's manager, who may not, to the project's health page, which lists its open alerts.
    """
    from rapport.accounts.permissions import Capability, has_capability

    # Everyone told of it who has not turned alert emails off on their profile.
    people = list(
        User.objects.filter(
            is_active=True, email_alerts=True, role__in=[Role.PMO_LEAD, Role.PMO_ANALYST]
        )
    )
    manager = alert.project.project_manager
    if manager is not None and manager.is_active and manager.email_alerts and manager not in people:
        people.append(manager)
    managing = sorted(
        {p.email for p in people if p.email and has_capability(p, Capability.MANAGE_ALERTS)}
    )
    others = sorted(
        {p.email for p in people if p.email and not has_capability(p, Capability.MANAGE_ALERTS)}
        - set(managing)
    )
    return [(group, manages) for group, manages in ((managing, True), (others, False)) if group]


def queue_alert_notifications(alert: Alert) -> dict[str, int]:
    """Put the alert's emails and webhook in the outbox (``rapport.feedback.tasks.deliver`` sends
    them with the outbox's retries and mail log). One email per recipient, and the webhook is a
    row of its own, so a mail server that is down does not hold the webhook back.

    Idempotent (``dedupe_key``): calling it again for the same alert queues nothing new.
    """
    from rapport.feedback.models import OutboxKind
    from rapport.feedback.services.mail import queue_message

    counts = {"email": 0, "webhook": 0}
    if getattr(settings, "RAPPORT_ALERT_EMAIL", True):
        for to, manages in audiences(alert):
            for email in to:
                queued = queue_message(
                    OutboxKind.ALERT,
                    to_email=email,
                    dedupe_key=f"alert:{alert.pk}:{email.lower()}"[:100],
                    alert=alert,
                    manages=manages,
                )
                counts["email"] += queued is not None
    url = getattr(settings, "RAPPORT_ALERT_WEBHOOK_URL", None)
    if url:
        queued = queue_message(
            OutboxKind.WEBHOOK, to_email="", dedupe_key=f"webhook:{alert.pk}", alert=alert, url=url
        )
        counts["webhook"] += queued is not None
    return counts


def reader_language(email: str) -> str:
    """The console language of the person at ``email`` (the site's when nobody has it)."""
    language = (
        User.objects.filter(email__iexact=email, is_active=True)
        .values_list("language", flat=True)
        .first()
    )
    return language or settings.LANGUAGE_CODE


def render_alert_email(
    alert: Alert, *, manages: bool, language: str | None = None
) -> tuple[str, str, str]:
    """Subject, text and HTML of the alert email for a reader who manages alerts or not, in
    ``language`` (the active one when not given)."""
    with override(language) if language else nullcontext():
        values = {
            "severity": alert.get_severity_display(),
            "project": alert.project.name,
            "customer": alert.project.customer.name,
            "period": alert.period,
        }
        context = {
            "alert": alert,
            "project": alert.project,
            "manages": manages,
            "url": _alert_url(alert) if manages else _project_url(alert),
            "profile_url": f"{settings.SITE_URL}{reverse('accounts:profile')}",
            "message": wording.signal(alert.rule, alert.message, alert.evidence, alert.period),
            "headline": gettext("%(severity)s alert on %(project)s (%(customer)s), %(period)s")
            % values,
            "ask": gettext(
                "Look at it, acknowledge it, and resolve it with a note on what was done:"
            )
            if manages
            else gettext(
                "The project's health page shows the alert and what fired it. The project "
                "office follows it up with you:"
            ),
        }
        subject = gettext("[Rapport] %(severity)s alert on %(project)s (%(period)s)") % values
        return (
            " ".join(subject.split()),
            render_to_string("insights/email/alert.txt", context),
            render_to_string("insights/email/alert.html", context),
        )


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def payload(alert: Alert, fmt: str) -> dict[str, Any]:
    with override(settings.LANGUAGE_CODE):
        return _payload(alert, fmt)


def _payload(alert: Alert, fmt: str) -> dict[str, Any]:
    if fmt == "slack":
        return {
            "text": (
                f"*{alert.get_severity_display()}* alert on "
                f"{_slack_escape(alert.project.name)} ({alert.period}): "
                f"{_slack_escape(alert.message)} <{_alert_url(alert)}|Open in Rapport>"
            )
        }
    return {
        "event": "alert.opened",
        "alert": {
            "id": alert.pk,
            "rule": alert.rule,
            "severity": alert.severity,
            "period": alert.period,
            "message": alert.message,
            "evidence": alert.evidence,
            "url": _alert_url(alert),
        },
        "project": {
            "id": alert.project.pk,
            "name": alert.project.name,
            "code": alert.project.code,
            "customer": alert.project.customer.name,
        },
    }


def post_signed(
    url: str, body: bytes, secret: str, *, timeout: float = 10, delivery: str = ""
) -> int:
    """POST ``body`` as JSON with the signature header; returns the HTTP status."""
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Rapport alerts",
        SIGNATURE_HEADER: sign(body, secret),
    }
    if delivery:
        headers[DELIVERY_HEADER] = delivery
    request = urllib.request.Request(  # noqa: S310 — the URL comes from our own settings
        url,
        data=body,
        method="POST",
        headers=headers,
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return int(response.status)


def webhook_body(alert: Alert) -> bytes:
    fmt = getattr(settings, "RAPPORT_ALERT_WEBHOOK_FORMAT", "rapport")
    return json.dumps(payload(alert, fmt), separators=(",", ":")).encode()


def send_alert_webhook(alert: Alert, url: str, *, delivery: str = "") -> bytes:
    """POST the alert to ``url`` once, signed; raises ``OSError`` unless the receiver answers
    2xx (the outbox retries). ``delivery`` (the outbox row) is sent as ``X-Rapport-Delivery``,
    the same on every retry, so a receiver can drop a duplicate. Returns the body sent."""
    body = webhook_body(alert)
    status = post_signed(url, body, settings.RAPPORT_ALERT_WEBHOOK_SECRET, delivery=delivery)
    if not 200 <= status < 300:
        raise OSError(f"The webhook answered HTTP {status}.")
    return body
