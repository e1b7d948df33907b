"""Background work of the insights app. Tasks take primary keys and are enqueued on commit."""

from __future__ import annotations

from django_tasks import task


@task()
def recompute_task() -> dict | None:
    """Run the pending health recompute (debounced through ``RecomputeRequest``)."""
    from rapport.insights.services import run_requested_recompute

    return run_requested_recompute()


@task()
def recompute_projects_task() -> dict:
    """Recompute the projects with pending answers, each on its own (``PendingRecompute``)."""
    from rapport.insights.services import run_pending_recomputes

    return run_pending_recomputes()
