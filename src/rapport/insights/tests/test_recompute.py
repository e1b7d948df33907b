"""Recompute: every period as seen then (no look-ahead), set-wise loading, debounced task."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rapport.insights.loading import load_portfolio
from rapport.insights.models import Alert, HealthSnapshot, RecomputeRequest
from rapport.insights.services import recompute_health, request_recompute
from rapport.insights.tests.history import import_samples, run, sample_rows, write_csv

pytestmark = pytest.mark.django_db


def _alert_periods() -> set[tuple[str, str, str]]:
    out, _ = run("alerts", "--format", "csv")
    return {(r["project"], r["period"], r["rule"]) for r in csv.DictReader(io.StringIO(out))}


def test_alert_periods_do_not_change_when_later_months_are_appended(tmp_path):
    header, early = sample_rows(until="2025-12")
    import_samples(tmp_path, write_csv(tmp_path / "early.csv", header, early))
    before = _alert_periods()
    assert ("HIS-04", "2025-11", "early_warning") in before  # the planted deterioration
    # Append January and February 2026: earlier alerts keep the period they fired in.
    import_samples(tmp_path)
    after = _alert_periods()
    assert before <= after
    first = {(p, rule): period for p, period, rule in after}
    assert all(first[(p, rule)] == period for p, period, rule in before)
    snap = HealthSnapshot.objects.get(project__code="HIS-04", period="2025-11")
    assert snap.signals and snap.status in ("A", "R")


def test_planted_deterioration_alerts_no_stable_project_alerts(tmp_path):
    import_samples(tmp_path)
    alerts = Alert.objects.all()
    assert set(alerts.values_list("project__code", "rule", "period")) == {
        ("HIS-04", "early_warning", "2025-11")
    }
    alert = alerts.get()
    # Evidence in words: which answers, how far from the same people's usual, since when.
    assert "Since 2025-11, 3 answers averaged" in alert.message
    assert "below what the same people usually give" in alert.message
    assert "0.1 false alarms per project-year" in alert.message
    assert alert.evidence["since"] == "2025-11" and alert.evidence["residual"] < -1.5
    # The rules that could not earn their false alarms are notes now, never alerts.
    snap = HealthSnapshot.objects.get(project__code="HIS-04", period="2026-01")
    assert {s["rule"]: s["severity"] for s in snap.signals} == {"low_score": "note"}
    assert any(r.startswith("Needs a conversation:") for r in snap.reasons)


def _project_id(code: str) -> int:
    from rapport.portfolio.models import Project

    return Project.objects.get(code=code).pk


def test_loading_uses_a_fixed_number_of_queries(tmp_path):
    import_samples(tmp_path)
    with CaptureQueriesContext(connection) as ctx:
        data = load_portfolio()
    # HIS-10's anonymous answers (three a month, nobody known to be invited) never reach k
    # people, so they stay out of the figures (docs/privacy.md); the rest are all there.
    assert len(data.projects) == 10 and len(data.observations) == 420 - 42
    assert data.withheld == 42 and data.protected.keys() == {_project_id("HIS-10")}
    # Six for the answers and their context, three for the release blocks.
    assert len(ctx.captured_queries) <= 9


def test_recompute_is_idempotent_and_limited_to_chosen_projects(tmp_path):
    import_samples(tmp_path)
    alerts = Alert.objects.count()
    first = list(HealthSnapshot.objects.values_list("project_id", "period", "status", "theta"))
    summary = recompute_health()
    assert summary["alerts_opened"] == 0 and Alert.objects.count() == alerts
    again = list(HealthSnapshot.objects.values_list("project_id", "period", "status", "theta"))
    assert sorted(first) == sorted(again)
    one = HealthSnapshot.objects.first().project_id
    summary = recompute_health([one])
    assert summary["projects"] == 1 and HealthSnapshot.objects.count() == len(first)


def test_recompute_command_reports_progress(tmp_path):
    import_samples(tmp_path)
    out, err = run("recompute")
    assert "snapshots" in out and "evaluating projects 10/10" in err


def test_recompute_requests_are_debounced(django_capture_on_commit_callbacks):
    assert request_recompute() is True  # immediate backend in tests: runs and clears pending
    state = RecomputeRequest.objects.get(pk=1)
    assert not state.pending and state.finished_at is not None
    RecomputeRequest.objects.filter(pk=1).update(pending=True)
    assert request_recompute() is False  # one already pending: no second task


def test_a_closed_cycle_requests_a_recompute(project, alice, django_capture_on_commit_callbacks):
    from rapport.feedback.services import plan_cycle
    from rapport.feedback.states import transition

    cycle = plan_cycle(project, "2026-05", by=alice, mode="meeting")
    with django_capture_on_commit_callbacks(execute=True):
        transition(cycle, "cancelled", alice)
    assert RecomputeRequest.objects.get(pk=1).finished_at is not None


def test_the_schedule_refreshes_health_daily_without_new_answers(project):
    from rapport.feedback.schedule import SCHEDULE, run_all

    assert "recompute-health" in SCHEDULE
    assert run_all(["recompute-health"]) == {"recompute-health": True}
    assert RecomputeRequest.objects.get(pk=1).finished_at is not None
    RecomputeRequest.objects.filter(pk=1).update(pending=True)
    assert run_all(["recompute-health"]) == {"recompute-health": False}  # already queued


def test_finishing_an_action_requests_a_recompute(
    project, alice, django_capture_on_commit_callbacks
):
    import datetime as dt

    from rapport.feedback.services import plan_cycle
    from rapport.feedback.services.actions import add_action, set_action_status

    cycle = plan_cycle(project, "2026-05", by=alice, mode="meeting")
    action = add_action(
        cycle, by=alice, title="Send the plan", owner=alice, due=dt.date(2026, 6, 1)
    )
    RecomputeRequest.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        set_action_status(action, by=alice, status="done")
    assert RecomputeRequest.objects.get(pk=1).finished_at is not None
