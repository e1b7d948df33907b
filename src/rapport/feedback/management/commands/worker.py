"""``rapport worker``: the task worker and the daily schedule in one process.

A one-machine install needs no cron: the database task worker (django-tasks-db's loop, wrapped
by ``rapport.ops.worker.ResilientWorker``: heartbeat, lost-task sweep, database errors retried
with backoff) processes tasks in the main thread while ``ScheduleLoop`` runs the schedule in a
thread, once at start and then every ``RAPPORT_SCHEDULE_EVERY`` seconds. A second loop runs the
outbox pass (``deliver-outbox``) every minute: claims older than the lease are flagged for a
manual check within minutes, and emails due for a retry go out.
Nothing but a signal ends it: SIGTERM or SIGINT stops both after the task in hand; a second
signal stops at once.
"""

from __future__ import annotations

import logging
import signal
import sys
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend

from rapport.feedback.schedule import ScheduleLoop, run_all
from rapport.ops.worker import ResilientWorker

log = logging.getLogger("rapport.worker")

OUTBOX_EVERY = 60.0  # seconds between outbox passes (stale claims, due retries)
SIGNALS = tuple(s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGQUIT", None)) if s)


class Command(BaseCommand):
    help = (
        "Run the background worker and the daily schedule together (reminders, expiries, "
        "pulses, charter reminders, health recompute), for installs without cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every",
            type=float,
            default=None,
            help="Seconds between schedule runs (default: RAPPORT_SCHEDULE_EVERY, a day).",
        )
        parser.add_argument(
            "--retry",
            type=float,
            default=300.0,
            help="Seconds before jobs that failed are tried again (default: 300).",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds between looks at the task queue when it is empty (default: 1).",
        )
        parser.add_argument(
            "--no-schedule", action="store_true", help="Process tasks only, as db_worker does."
        )

    def handle(
        self,
        *args: Any,
        every: float | None = None,
        retry: float = 300.0,
        interval: float = 1.0,
        no_schedule: bool = False,
        **options: Any,
    ) -> None:
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        if not isinstance(backend, DatabaseBackend):
            raise CommandError(
                "rapport worker runs the database task queue (RAPPORT_TASKS=database). With "
                "RAPPORT_TASKS=rq run RQ's workers and `rapport run-schedule` from cron."
            )
        every = settings.RAPPORT_SCHEDULE_EVERY if every is None else every
        if every <= 0 or retry <= 0 or interval < 0:
            raise CommandError("--every and --retry must be positive; --interval not negative.")
        worker = ResilientWorker(
            queue_names=sorted(backend.queues) or ["default"],
            interval=interval,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            worker_id=get_random_string(32),
        )
        loop = ScheduleLoop(every, retry=retry)
        outbox = ScheduleLoop(
            OUTBOX_EVERY,
            retry=OUTBOX_EVERY,
            stop=loop.stop,
            run=lambda only: run_all(only=["deliver-outbox"]),
        )
        previous = {sig: signal.getsignal(sig) for sig in SIGNALS}

        def shutdown(signum: int, frame: FrameType | None) -> None:
            if not worker.running:
                log.warning("Received %s again: stopping now.", signal.strsignal(signum))
                sys.exit(1)
            log.warning(
                "Received %s: stopping after the task in hand (again to stop now).",
                signal.strsignal(signum),
            )
            # The worker leaves its loop after the task in hand (at once when it is waiting).
            worker.stop()
            loop.stop.set()

        for sig in SIGNALS:
            signal.signal(sig, shutdown)
        thread = outbox_thread = None
        try:
            if not no_schedule:
                thread = loop.start()
                outbox_thread = outbox.start()
                log.info("Schedule: at start, then every %s s.", f"{every:g}")
            worker.run()
        finally:
            loop.stop.set()
            for t in (thread, outbox_thread):
                if t is not None:
                    # A tick in progress finishes its current job; don't wait for ever on it.
                    t.join(timeout=30)
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        log.info("Worker stopped.")
