"""Background work of the insights app. Tasks take primary keys and are enqueued on commit."""

from __future__ import annotations

from django_tasks import task

from rapport.insights.models import Alert


@task()
def notify_alert(alert_id: int) -> dict[str, bool]:
    """Tell people about a newly opened alert: email, and the webhook when configured."""
    from rapport.insights.notifications import send_alert_email, send_alert_webhook

    alert = Alert.objects.select_related("project", "project__customer").filter(pk=alert_id).first()
    if alert is None:
        return {"email": False, "webhook": False}
    return {"email": send_alert_email(alert), "webhook": send_alert_webhook(alert)}


@task()
def recompute_task() -> dict | None:
    """Run the pending health recompute (debounced through ``RecomputeRequest``)."""
    from rapport.insights.services import run_requested_recompute

    return run_requested_recompute()
