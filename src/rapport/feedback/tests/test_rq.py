"""The scale-out mode: tasks through django-tasks-rq to a real Redis, run by a real RQ worker in
burst mode. Run by ``scripts/test_rq.sh`` (``RAPPORT_TASKS=rq``, in ``.ci/run``), which fails,
not skips, when Redis cannot be reached; in the ordinary run these tests are skipped."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django_tasks import task_backends

from rapport.feedback import services
from rapport.feedback.models import OutboxMessage, OutboxState

RQ_MODE = settings.TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not RQ_MODE, reason="the scale-out mode: RAPPORT_TASKS=rq"),
]


@pytest.fixture
def rq_queue() -> Iterator[object]:
    """The ``default`` queue in asynchronous mode (jobs wait in Redis for a worker), emptied
    before and after."""
    import django_rq
    from redis.exceptions import RedisError

    live = {"default": {**settings.RQ_QUEUES["default"], "ASYNC": True}}
    with override_settings(RQ_QUEUES=live):
        queue = django_rq.get_queue("default")
        try:
            queue.connection.ping()
        except RedisError as exc:
            pytest.fail(f"Redis at {settings.RQ_QUEUES['default']['URL']} is unreachable: {exc}")
        queue.empty()
        yield queue
        queue.empty()


def _open_email_review(project, carol, capture) -> None:
    """Open an email review: its invitations are queued in the outbox and their sending
    tasks enqueued when the transaction commits."""
    project.customer.preferred_channel = "email"
    project.customer.save()
    cycle = services.plan_cycle(project, "2026-03", by=carol)
    with capture(execute=True):
        services.open_cycle(cycle, by=carol)


def test_tasks_wait_in_redis_until_an_rq_worker_runs_them(
    rq_queue, client, project, feedback_givers, carol, django_capture_on_commit_callbacks
):
    import django_rq
    from rq.worker import SimpleWorker

    _open_email_review(project, carol, django_capture_on_commit_callbacks)
    waiting = rq_queue.count
    job_ids = list(rq_queue.job_ids)
    assert waiting >= 2  # in Redis, not run yet
    assert OutboxMessage.objects.filter(state=OutboxState.QUEUED).count() == 2
    assert mail.outbox == []
    health = client.get("/healthz").json()
    assert health["queue"]["count"] == waiting and health["queue"]["oldest_age_seconds"] >= 0
    assert health["outbox"]["count"] == 2
    assert health["worker"] == {"needed": False}

    # A real RQ worker (the job class comes from settings.RQ, as for `rapport rqworker`), in
    # burst mode (it stops when the queue is empty), in this process so it shares the test's
    # database.
    worker = django_rq.get_worker("default", worker_class=SimpleWorker)
    assert worker.work(burst=True) is True

    assert rq_queue.count == 0
    assert OutboxMessage.objects.filter(state=OutboxState.SENT).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["olivia@retail.test", "remi@retail.test"]
    backend = task_backends["default"]
    assert {backend.get_result(job_id).status for job_id in job_ids} == {"SUCCESSFUL"}


def test_synchronous_mode_runs_each_job_through_redis_at_once(
    project, feedback_givers, carol, django_capture_on_commit_callbacks
):
    import django_rq

    sent = []
    from django_tasks.signals import task_finished

    def seen(sender, task_result, **kwargs):
        sent.append(task_result.id)

    task_finished.connect(seen)
    try:
        _open_email_review(project, carol, django_capture_on_commit_callbacks)
    finally:
        task_finished.disconnect(seen)
    assert OutboxMessage.objects.filter(state=OutboxState.SENT).count() == 2
    assert sent
    queue = django_rq.get_queue("default")
    assert all(queue.fetch_job(job_id).is_finished for job_id in sent)  # jobs live in Redis
