"""Telling people about alerts: one email per new alert, and a signed webhook when configured.

The webhook body is JSON; its HMAC-SHA256 with ``RAPPORT_ALERT_WEBHOOK_SECRET`` is sent as
``X-Rapport-Signature: sha256=<hex>`` so the receiver can check it came from us. The format is
``rapport`` (our own fields) or ``slack`` (``{"text": ...}``, which Slack and Teams incoming
webhooks accept).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import urllib.request
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from rapport.accounts.models import Role, User
from rapport.insights.models import Alert

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Rapport-Signature"


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

    people = list(User.objects.filter(is_active=True, role__in=[Role.PMO_LEAD, Role.PMO_ANALYST]))
    manager = alert.project.project_manager
    if manager is not None and manager.is_active and manager not in people:
        people.append(manager)
    managing = sorted(
        {p.email for p in people if p.email and has_capability(p, Capability.MANAGE_ALERTS)}
    )
    others = sorted(
        {p.email for p in people if p.email and not has_capability(p, Capability.MANAGE_ALERTS)}
        - set(managing)
    )
    return [(group, manages) for group, manages in ((managing, True), (others, False)) if group]


def send_alert_email(alert: Alert, *, attempts: int = 3) -> bool:
    groups = audiences(alert)
    if not groups or not getattr(settings, "RAPPORT_ALERT_EMAIL", True):
        return False
    for to, manages in groups:
        context = {
            "alert": alert,
            "project": alert.project,
            "manages": manages,
            "url": _alert_url(alert) if manages else _project_url(alert),
        }
        subject = " ".join(render_to_string("insights/email/alert_subject.txt", context).split())
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("insights/email/alert.txt", context),
            to=to,
        )
        message.attach_alternative(
            render_to_string("insights/email/alert.html", context), "text/html"
        )
        for attempt in range(attempts):
            try:
                message.send()
                break
            except OSError:
                if attempt == attempts - 1:
                    raise
                time.sleep(2**attempt)
    return True


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def payload(alert: Alert, fmt: str) -> dict[str, Any]:
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


def post_signed(url: str, body: bytes, secret: str, *, timeout: float = 10) -> int:
    """POST ``body`` as JSON with the signature header; returns the HTTP status."""
    request = urllib.request.Request(  # noqa: S310 — the URL comes from our own settings
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Rapport alerts",
            SIGNATURE_HEADER: sign(body, secret),
        },
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return int(response.status)


def send_alert_webhook(alert: Alert, *, attempts: int = 3, backoff: float = 1.0) -> bool:
    url = getattr(settings, "RAPPORT_ALERT_WEBHOOK_URL", None)
    if not url:
        return False
    secret = settings.RAPPORT_ALERT_WEBHOOK_SECRET
    fmt = getattr(settings, "RAPPORT_ALERT_WEBHOOK_FORMAT", "rapport")
    body = json.dumps(payload(alert, fmt), separators=(",", ":")).encode()
    for attempt in range(attempts):
        try:
            status = post_signed(url, body, secret)
            if 200 <= status < 300:
                return True
        except OSError as exc:
            logger.warning("Alert webhook failed (attempt %s): %s", attempt + 1, exc)
            if attempt == attempts - 1:
                raise
        time.sleep(backoff * 2**attempt)
    return False
