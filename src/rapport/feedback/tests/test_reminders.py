"""Reminders before the deadline, none after a response; expiry, the one retry, disengagement."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rapport.feedback import services
from rapport.feedback.models import CycleState, OutboxKind, OutboxMessage, ReviewCycle

pytestmark = pytest.mark.django_db


def _reminded(email):
    return OutboxMessage.objects.filter(kind=OutboxKind.REMINDER, to_email=email).count()


def test_reminders_stop_after_a_response(
    email_cycle, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.RAPPORT_REMINDER_MIN_DAYS = 3
    settings.RAPPORT_REMINDER_MAX = 2
    start = timezone.now()
    olivia = email_cycle.invitations.get(email="olivia@retail.test")
    services.submit_response(olivia, {"overall": 8})
    expected = [(1, 0), (4, 1), (5, 0), (8, 1), (12, 0)]  # too soon, 1st, too close, 2nd, max
    for day, count in expected:
        with django_capture_on_commit_callbacks(execute=True):
            assert services.send_reminders(now=start + dt.timedelta(days=day)) == count, day
    assert _reminded("olivia@retail.test") == 0
    assert _reminded("remi@retail.test") == 2


def test_a_queued_reminder_is_cancelled_when_the_answer_arrives(email_cycle, mailoutbox):
    remi = email_cycle.invitations.get(email="remi@retail.test")
    services.send_reminders(now=timezone.now() + dt.timedelta(days=4))  # queued, not yet sent
    services.submit_response(remi, {"overall": 5})
    reminder = OutboxMessage.objects.get(kind=OutboxKind.REMINDER, invitation=remi)
    assert reminder.state == "cancelled"


def test_no_reminder_after_the_deadline(email_cycle):
    after = timezone.now() + dt.timedelta(days=30)
    assert services.send_reminders(now=after) == 0


def test_expiry_retries_once_then_marks_silence(
    project, carol, email_cycle, mailoutbox, django_capture_on_commit_callbacks
):
    later = email_cycle.deadline + dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.expire_due_cycles(today=later)
    email_cycle.refresh_from_db()
    assert email_cycle.state == CycleState.INVITED and email_cycle.email_retried
    assert OutboxMessage.objects.filter(kind=OutboxKind.RETRY).count() == 2
    services.expire_due_cycles(today=email_cycle.deadline + dt.timedelta(days=1))
    email_cycle.refresh_from_db()
    assert email_cycle.state == CycleState.EXPIRED and not email_cycle.disengaged
    # The next month also goes silent: two expired in a row = disengaged.
    april = services.plan_cycle(project, "2026-04", by=carol, mode="meeting")
    services.open_cycle(april, by=carol)
    services.expire_due_cycles(today=april.deadline + dt.timedelta(days=1))
    april.refresh_from_db()
    assert april.state == CycleState.EXPIRED and april.disengaged


def test_schedule_opens_each_active_project_in_the_customers_mode(project, other_project, carol):
    from rapport.feedback.schedule import SCHEDULE, run_all
    from rapport.portfolio.services import update_project

    project.customer.preferred_channel = "email"
    project.customer.save()
    update_project(other_project, by=carol, state="paused")
    results = run_all(["open-monthly-cycles"])
    assert results == {"open-monthly-cycles": {"opened": 1, "skipped": 0}}
    cycle = ReviewCycle.objects.get()
    assert cycle.project == project and cycle.mode == "email" and cycle.state == "invited"
    assert run_all(["open-monthly-cycles"]) == {
        "open-monthly-cycles": {"opened": 0, "skipped": 0}
    }  # idempotent
    assert {"open-monthly-cycles", "send-reminders", "expire-cycles", "deliver-outbox"} <= set(
        SCHEDULE
    )


def test_pausing_a_project_cancels_its_open_cycle(project, carol, email_cycle):
    from django.core.management import call_command

    from rapport.portfolio.services import update_project

    update_project(project, by=carol, state="paused")
    call_command("run_schedule", job=["cancel-inactive"])
    email_cycle.refresh_from_db()
    assert email_cycle.state == CycleState.CANCELLED


def test_the_worker_task_runs_the_whole_schedule(project, carol):
    from rapport.feedback.schedule import SCHEDULE, run_schedule_task

    result = run_schedule_task.enqueue()
    if result.status != "SUCCESSFUL":  # RQ (scripts/test_rq.sh): the result is read back
        result.refresh()
    assert set(result.return_value) == set(SCHEDULE)
    assert result.return_value["open-monthly-cycles"] == {"opened": 1, "skipped": 0}


def test_two_schedule_runs_at_once_skip_what_the_other_opened(project, other_project, monkeypatch):
    """The second run listed the projects before the first opened them: it skips them, and
    reports no failure (a cron monitor would read one)."""
    from rapport.feedback.schedule import failed_jobs, run_all
    from rapport.feedback.services import cycles

    real_open = cycles._open_for_month
    other_run: list = []

    def open_after_the_other_run(project, period, **kwargs):
        if not other_run:
            other_run.append(None)
            other_run[0] = run_all(["open-monthly-cycles"])  # runs to the end meanwhile
        return real_open(project, period, **kwargs)

    monkeypatch.setattr(cycles, "_open_for_month", open_after_the_other_run)
    results = run_all(["open-monthly-cycles"])
    assert other_run == [{"open-monthly-cycles": {"opened": 2, "skipped": 0}}]
    assert results == {"open-monthly-cycles": {"opened": 0, "skipped": 2}}
    assert not failed_jobs(results)
    assert ReviewCycle.objects.count() == 2


def test_a_unique_clash_after_the_check_is_skipped_too(project, monkeypatch):
    """Both runs passed plan_cycle's check: the database's unique (project, period) decides."""
    from django.db import IntegrityError

    from rapport.feedback.services import cycles

    real_open = cycles.open_cycle

    def open_then_clash(cycle, **kwargs):
        real_open(cycle, **kwargs)
        raise IntegrityError("UNIQUE constraint failed: feedback_reviewcycle.project_id")

    monkeypatch.setattr(cycles, "open_cycle", open_then_clash)
    skipped: list = []
    with pytest.raises(IntegrityError):  # rolled back: no review exists, so it is a real error
        cycles.open_monthly_cycles(skipped=skipped)
    assert not skipped and not ReviewCycle.objects.exists()
