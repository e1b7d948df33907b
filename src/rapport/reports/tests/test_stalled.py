"""A worker that stops while writing a PDF (killed, out of memory, the machine restarted) leaves
its report "being written": the schedule writes it again, and a monthly pack waiting on it goes
out, instead of waiting for ever."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from rapport.feedback.schedule import run_all
from rapport.reports.models import MonthlyPack, PackState, ReportRequest, ReportState
from rapport.reports.packs import prepare_monthly_packs, set_subscription
from rapport.reports.services import STALLED_AFTER, request_report, run_report
from rapport.reports.tests.helpers import recompute, scored_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(project, django_capture_on_commit_callbacks):
    scored_project(project, scores=[8, 7, 6])
    recompute(django_capture_on_commit_callbacks)
    return project


def _left_running(report: ReportRequest, ago: dt.timedelta) -> None:
    then = timezone.now() - ago
    ReportRequest.objects.filter(pk=report.pk).update(
        state=ReportState.RUNNING, started_at=then, created_at=then
    )


def test_a_report_a_stopped_worker_left_is_written_again(
    alice, scored, django_capture_on_commit_callbacks
):
    stalled = request_report("portfolio", by=alice)  # on_commit never runs: nothing written
    busy = request_report("portfolio", by=alice)
    _left_running(stalled, STALLED_AFTER + dt.timedelta(minutes=1))
    _left_running(busy, dt.timedelta(minutes=2))  # another worker is still on it
    assert run_report(busy.pk) == "not pending"

    with django_capture_on_commit_callbacks(execute=True):
        assert run_all(only=["retry-stalled-reports"]) == {"retry-stalled-reports": 1}

    stalled.refresh_from_db()
    busy.refresh_from_db()
    assert stalled.state == ReportState.DONE and stalled.pdf.startswith(b"%PDF")
    assert busy.state == ReportState.RUNNING


def test_a_pack_waiting_on_a_stalled_report_goes_out_on_the_next_run(
    erin, scored, django_capture_on_commit_callbacks
):
    set_subscription(erin, on=True, by=erin)
    prepare_monthly_packs()  # on_commit never runs: the pack's reports are not written yet
    pack = MonthlyPack.objects.get()
    report = pack.reports.get()
    _left_running(report, STALLED_AFTER + dt.timedelta(minutes=1))
    MonthlyPack.objects.filter(pk=pack.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))

    with django_capture_on_commit_callbacks(execute=True):
        counts = prepare_monthly_packs()

    assert counts["resumed"] == 1
    pack.refresh_from_db()
    assert pack.state != PackState.PREPARING
    report.refresh_from_db()
    assert report.state == ReportState.DONE
    assert [m.to for m in mail.outbox] == [[erin.email]]
