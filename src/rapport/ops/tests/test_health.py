"""/healthz: database reachable and the worker's heartbeat age; 503 saying what is wrong."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.utils import timezone

from rapport.ops.health import Facts, assess
from rapport.ops.worker import beat

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
NOW = dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC)


def facts(**kwargs) -> Facts:
    base = {
        "database_error": None,
        "worker_needed": True,
        "last_beat": NOW - dt.timedelta(seconds=12),
        "now": NOW,
        "stale_after": 300.0,
    }
    return Facts(**{**base, **kwargs})


def test_a_fresh_heartbeat_and_a_database_are_healthy():
    health = assess(facts())
    assert health.ok
    assert health.body == {
        "database": {"reachable": True},
        "worker": {"needed": True, "stale_after_seconds": 300.0, "heartbeat_age_seconds": 12.0},
        "status": "ok",
        "problems": [],
    }


def test_a_stale_heartbeat_is_a_failure_that_says_its_age():
    health = assess(facts(last_beat=NOW - dt.timedelta(minutes=10)))
    assert not health.ok
    assert health.body["status"] == "fail"
    assert health.body["worker"]["heartbeat_age_seconds"] == 600.0
    assert health.body["problems"] == [
        "The worker's last heartbeat is 600 s old (more than 300 s): it is stopped or stuck."
    ]


def test_no_worker_ever_and_no_database_are_failures():
    assert "No worker has ever reported" in assess(facts(last_beat=None)).body["problems"][0]
    down = assess(facts(database_error="OperationalError", last_beat=None))
    assert not down.ok
    assert down.body["database"] == {"reachable": False, "error": "OperationalError"}
    assert down.body["problems"] == ["The database cannot be reached."]


def test_without_the_database_queue_no_worker_is_needed():
    health = assess(facts(worker_needed=False, last_beat=None))
    assert health.ok and health.body["worker"] == {"needed": False}


pytestmark = pytest.mark.django_db


@override_settings(TASKS=DB_TASKS)
def test_healthz_needs_no_login_and_reports_the_heartbeat(client):
    beat("w1", started_at=timezone.now(), now=timezone.now() - dt.timedelta(seconds=3))
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"]["reachable"] is True
    assert 3 <= body["worker"]["heartbeat_age_seconds"] < 60
    assert "no-cache" in response["Cache-Control"]


@override_settings(TASKS=DB_TASKS, RAPPORT_WORKER_STALE_SECONDS=60)
def test_healthz_is_503_when_the_heartbeat_is_stale(client):
    beat("w1", started_at=timezone.now(), now=timezone.now() - dt.timedelta(minutes=5))
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert "it is stopped or stuck" in body["problems"][0]


def test_healthz_is_503_when_the_database_fails(client):
    with mock.patch(
        "rapport.ops.health.connection.cursor", side_effect=OperationalError("no route")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == {"reachable": False, "error": "OperationalError"}
    assert "no route" not in response.content.decode()  # no error text on a public page


def test_healthz_with_inline_tasks_needs_no_worker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["worker"] == {"needed": False}


def test_backlogs_are_reported_and_an_old_one_is_a_problem():
    from rapport.ops.health import Backlog

    fresh = assess(facts(queue=Backlog(2, 30.0), backlogs={"outbox": Backlog(0, None)}))
    assert fresh.ok
    assert fresh.body["queue"] == {"count": 2, "oldest_age_seconds": 30.0}
    assert fresh.body["outbox"] == {"count": 0, "oldest_age_seconds": None}
    stuck = assess(facts(queue=Backlog(1, 10.0), backlogs={"outbox": Backlog(3, 1900.0)}))
    assert not stuck.ok
    assert stuck.body["problems"] == [
        "The oldest item in the outbox has waited 1900 s (more than 900 s): work is piling up."
    ]


@override_settings(TASKS=DB_TASKS)
def test_healthz_reports_the_oldest_queued_task_and_the_outbox(client):
    from django_tasks_db.models import DBTaskResult

    from rapport.feedback.models import OutboxMessage
    from rapport.feedback.tasks import send_outbox_message

    beat("w1", started_at=timezone.now(), now=timezone.now())
    body = client.get("/healthz").json()
    assert body["queue"] == {"count": 0, "oldest_age_seconds": None}
    assert body["outbox"] == {"count": 0, "oldest_age_seconds": None}

    send_outbox_message.enqueue(1)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(seconds=120))
    OutboxMessage.objects.create(
        kind="alert",
        dedupe_key="k1",
        to_email="a@pmo.test",
        created_at=timezone.now() - dt.timedelta(seconds=2000),
    )
    OutboxMessage.objects.create(
        kind="alert",
        dedupe_key="k2",
        to_email="a@pmo.test",
        next_attempt_at=timezone.now() + dt.timedelta(minutes=5),  # not due yet
    )
    response = client.get("/healthz")
    body = response.json()
    assert body["queue"]["count"] == 1 and 120 <= body["queue"]["oldest_age_seconds"] < 180
    assert body["outbox"]["count"] == 1 and body["outbox"]["oldest_age_seconds"] >= 2000
    assert response.status_code == 503
    assert "outbox has waited" in body["problems"][0]
