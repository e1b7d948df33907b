"""``rapport worker``: the task worker and the schedule in one process (no cron)."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.test import override_settings

from rapport.feedback.models import ReviewCycle
from rapport.feedback.schedule import SCHEDULE, ScheduleLoop

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_a_tick_runs_every_job(project):
    loop = ScheduleLoop(3600)
    assert loop.tick() == []
    assert ReviewCycle.objects.filter(project=project).count() == 1  # open-monthly-cycles ran


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_schedule_runs_at_start_then_once_per_interval():
    clock, calls = FakeClock(), []
    stop = threading.Event()

    def run(only):
        calls.append((clock.now, only))
        clock.now += 10  # a tick takes time; the next one is still due one interval after
        if len(calls) == 3:
            stop.set()
        return {}

    # The waits are real but short: between ticks the fake clock jumps a whole day.
    class Jumping(threading.Event):
        def wait(self, timeout=None):
            clock.now += timeout
            return stop.is_set()

        def is_set(self):
            return stop.is_set()

    thread = ScheduleLoop(86400, stop=Jumping(), run=run, clock=clock).start()
    thread.join(timeout=5)
    assert calls == [(0.0, None), (86400.0, None), (172800.0, None)]


def test_an_error_in_a_tick_is_logged_and_retried_without_stopping_the_loop(caplog):
    calls = []
    loop = ScheduleLoop(3600, retry=0)

    def run(only):
        calls.append(only)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        if len(calls) == 2:
            return {"send-reminders": "failed: database is locked", "expire-cycles": 0}
        loop.stop.set()
        return {"send-reminders": 0}

    loop._run = run
    thread = loop.start()
    thread.join(timeout=5)
    assert not thread.is_alive()
    # Everything again after the failed tick, then only the job that failed.
    assert calls == [None, list(SCHEDULE), ["send-reminders"]]
    assert "The schedule could not run" in caplog.text
    assert "failed: send-reminders" in caplog.text


def test_the_worker_needs_the_database_task_queue():
    with pytest.raises(CommandError, match="RAPPORT_TASKS=database"):
        call_command("worker", every=60)


@pytest.mark.django_db(transaction=True)
def test_the_worker_processes_tasks_runs_the_schedule_and_stops_on_sigterm(monkeypatch):
    from django_tasks_db.models import DBTaskResult

    from rapport.feedback import schedule

    ticks = []

    def fake_run_all(only=None):
        ticks.append(only)
        if only is None:
            # The handlers are installed before the schedule starts: ask the process to stop.
            threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGTERM)).start()
        return {}

    monkeypatch.setattr(schedule, "run_all", fake_run_all)
    before = signal.getsignal(signal.SIGTERM)
    with override_settings(TASKS=DB_TASKS):
        from rapport.feedback.tasks import send_outbox_message

        result = send_outbox_message.enqueue(0)
        started = time.monotonic()
        call_command("worker", every=3600, interval=0.05)
        elapsed = time.monotonic() - started
    assert elapsed < 10
    # The schedule once at start, and the outbox pass (stale claims, due retries) beside it.
    assert ticks.count(None) == 1 and set(map(str, ticks)) <= {"None", "['deliver-outbox']"}
    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"
    assert signal.getsignal(signal.SIGTERM) == before
    assert not [t for t in threading.enumerate() if t.name == "rapport-schedule"]
