"""The resilient worker: database errors in its loop are retried, lost task records are failed,
and it writes a heartbeat."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from rapport.ops.models import WorkerHeartbeat
from rapport.ops.worker import ResilientWorker, backoff_delay, beat, fail_lost_tasks

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def make_worker(**kwargs) -> ResilientWorker:
    kwargs.setdefault("backoff_cap", 0.01)
    return ResilientWorker(
        queue_names=["default"],
        interval=0.01,
        backend_name="default",
        worker_id=kwargs.pop("worker_id", "w-test"),
        **kwargs,
    )


def enqueue_one() -> str:
    from rapport.feedback.tasks import send_outbox_message

    return send_outbox_message.enqueue(0).id  # no such message: the task returns "not claimed"


def test_backoff_doubles_up_to_the_cap():
    assert [backoff_delay(n, cap=10) for n in range(1, 7)] == [1, 2, 4, 8, 10, 10]


@pytest.mark.django_db(transaction=True)
def test_a_database_error_in_one_poll_is_retried_then_the_task_runs(monkeypatch, caplog):
    real_get_locked = DBTaskResultQuerySet.get_locked
    polls = []
    worker = make_worker()

    def flaky_get_locked(queryset):
        polls.append(len(polls) + 1)
        if len(polls) == 1:
            # Not "database is locked", which upstream's loop tolerates: this one ended it.
            raise OperationalError("server closed the connection unexpectedly")
        result = real_get_locked(queryset)
        if result is None:
            worker.stop()  # the queue is empty after the task ran: end the test
        return result

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", flaky_get_locked)
    caplog.set_level(logging.WARNING, logger="rapport.worker")
    with override_settings(TASKS=DB_TASKS):
        task_id = enqueue_one()
        worker.run()
    assert DBTaskResult.objects.get(pk=task_id).status == "SUCCESSFUL"
    assert len(polls) >= 3  # the failed poll, the one that took the task, the empty one
    assert "database error (1 in a row): server closed the connection" in caplog.text
    assert "the database is back" in caplog.text
    assert worker.failures == 0
    assert WorkerHeartbeat.objects.filter(worker_id="w-test").exists()


@pytest.mark.django_db(transaction=True)
def test_errors_in_a_row_back_off_longer_each_time_and_never_end_the_loop(monkeypatch):
    waits = []
    worker = make_worker(backoff_cap=8)

    def down(queryset):
        raise OperationalError("could not connect to server")

    def fake_wait(timeout=None):
        waits.append(timeout)
        if len(waits) == 5:
            worker.stop()
        return worker.stopped.is_set()

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", down)
    monkeypatch.setattr(worker.stopped, "wait", fake_wait)
    with override_settings(TASKS=DB_TASKS):
        worker.run()  # returns only because stop() was called
    assert waits == [1, 2, 4, 8, 8]


def _claimed(by: str, *, started: dt.datetime) -> str:
    task_id = enqueue_one()
    record = DBTaskResult.objects.get(pk=task_id)
    record.claim(by)
    DBTaskResult.objects.filter(pk=task_id).update(started_at=started)
    return task_id


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS, RAPPORT_WORKER_STALE_SECONDS=300)
def test_task_records_of_dead_workers_are_marked_failed():
    now = timezone.now()
    long_ago = now - dt.timedelta(minutes=30)
    beat("alive", started_at=long_ago, now=now - dt.timedelta(seconds=20))
    beat("dead", started_at=long_ago, now=now - dt.timedelta(minutes=20))
    of_dead = _claimed("dead", started=long_ago)
    of_alive = _claimed("alive", started=long_ago)  # a long task of a live worker
    just_claimed = _claimed("new", started=now - dt.timedelta(seconds=5))  # no beat yet
    own_orphan = _claimed("me", started=now - dt.timedelta(seconds=30))

    assert fail_lost_tasks(now=now, own_worker_id="me") == 2
    status = {str(pk): s for pk, s in DBTaskResult.objects.values_list("id", "status")}
    assert status[of_dead] == "FAILED" and status[own_orphan] == "FAILED"
    assert status[of_alive] == "RUNNING" and status[just_claimed] == "RUNNING"
    failed = DBTaskResult.objects.get(pk=of_dead)
    assert failed.exception_class_path == "rapport.ops.worker.WorkerLost"
    assert "worker dead stopped sending heartbeats" in failed.traceback
    assert failed.finished_at == now
    # Run again: nothing more to do.
    assert fail_lost_tasks(now=now, own_worker_id="me") == 0


@pytest.mark.django_db(transaction=True)
def test_the_worker_sweeps_a_dead_workers_task_when_it_starts(monkeypatch):
    worker = make_worker()
    real_get_locked = DBTaskResultQuerySet.get_locked

    def once(queryset):
        worker.stop()
        return real_get_locked(queryset)

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", once)
    with override_settings(TASKS=DB_TASKS, RAPPORT_WORKER_STALE_SECONDS=60):
        # Claimed ten minutes ago by a worker killed with kill -9: it never beat again.
        lost = _claimed("killed", started=timezone.now() - dt.timedelta(minutes=10))
        worker.run()
    assert DBTaskResult.objects.get(pk=lost).status == "FAILED"


@pytest.mark.django_db(transaction=True)
def test_a_long_task_keeps_the_heartbeat_fresh(monkeypatch):
    import time

    from rapport.ops import worker as worker_module

    beats = []
    monkeypatch.setattr(
        worker_module, "beat", lambda worker_id, **kw: beats.append(kw.get("task_id", ""))
    )
    worker = make_worker(heartbeat_every=0.02)

    def slow_task(self, db_task_result):
        time.sleep(0.2)

    monkeypatch.setattr(worker_module.Worker, "run_task", slow_task)
    with override_settings(TASKS=DB_TASKS):
        task_id = enqueue_one()
        worker.run_task(DBTaskResult.objects.get(pk=task_id))
    assert beats.count(str(task_id)) >= 3
