"""The ``latest`` flag: each project's newest snapshot, the index the readers of "now" use."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.test.utils import CaptureQueriesContext

from rapport.insights.analytics.health import health
from rapport.insights.models import HealthSnapshot
from rapport.insights.readout import latest_only
from rapport.insights.services import recompute_project, record_health_snapshot
from rapport.insights.tests.history import import_samples
from rapport.insights.tests.snapshots import snapshot_rows
from rapport.testing.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _flagged() -> dict[int, str]:
    rows = HealthSnapshot.objects.filter(latest=True).values_list("project_id", "period")
    flagged: dict[int, str] = {}
    for project_id, period in rows:
        assert project_id not in flagged, "two latest snapshots for one project"
        flagged[project_id] = period
    return flagged


def _newest() -> dict[int, str]:
    rows = HealthSnapshot.objects.values("project_id").annotate(last=Max("period"))
    return {r["project_id"]: r["last"] for r in rows}


def test_the_full_and_the_incremental_recompute_flag_each_projects_newest_month(tmp_path):
    import_samples(tmp_path)  # runs the full recompute
    assert _flagged() == _newest() and len(_newest()) > 1
    project_id = min(_newest())
    recompute_project(project_id)
    assert _flagged() == _newest()


def test_recording_an_earlier_month_leaves_the_flag_on_the_newest(project):
    verdict = health(delivery_status="G")
    record_health_snapshot(project, "2026-03", verdict)
    earlier = record_health_snapshot(project, "2026-01", verdict)
    assert not earlier.latest and _flagged() == {project.pk: "2026-03"}
    later = record_health_snapshot(project, "2026-04", verdict)
    assert later.latest and _flagged() == {project.pk: "2026-04"}


def test_the_database_refuses_two_latest_snapshots_for_one_project(project):
    snapshot_rows([project])
    with pytest.raises(IntegrityError), transaction.atomic():
        HealthSnapshot.objects.filter(project=project).update(latest=True)


def test_the_latest_snapshots_are_read_in_one_query_whatever_the_history(project):
    others = ProjectFactory.create_batch(3, customer=project.customer)
    snapshot_rows([project, *others], periods=[f"2025-{m:02d}" for m in range(1, 13)])
    with CaptureQueriesContext(connection) as ctx:
        rows = list(latest_only(HealthSnapshot.objects.all()).values_list("project_id", "period"))
    assert len(ctx.captured_queries) == 1
    assert sorted(rows) == sorted((p.pk, "2025-12") for p in [project, *others])
