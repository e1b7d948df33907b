"""Periodic work of the insights app, registered in the project's one schedule."""

from __future__ import annotations

from rapport.feedback.schedule import periodic


@periodic(
    "recompute-health",
    "Refresh health every day, so overdue actions and silence show without a new answer.",
)
def _recompute_health() -> bool:
    from rapport.insights.services import request_recompute

    # Debounced: when a recompute is already queued this adds nothing.
    return request_recompute()
