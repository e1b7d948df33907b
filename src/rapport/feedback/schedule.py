"""Periodic work, registered in ONE place. ``rapport worker`` (the task worker with the schedule
in the same process), ``rapport run-schedule`` (cron, systemd timer) or the ``run_schedule_task``
task runs every job; each job is idempotent, so running the schedule twice in a day is harmless."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import close_old_connections, connections
from django_tasks import task

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    func: Callable[[], Any]
    description: str


SCHEDULE: dict[str, Job] = {}


def periodic(name: str, description: str) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    def register(func: Callable[[], Any]) -> Callable[[], Any]:
        if name in SCHEDULE:
            raise ValueError(f"Job {name!r} is registered twice.")
        SCHEDULE[name] = Job(name, func, description)
        return func

    return register


@periodic("cancel-inactive", "Cancel open reviews of paused or closed projects.")
def _cancel_inactive() -> int:
    from rapport.feedback.services import cancel_cycles_of_inactive_projects

    return cancel_cycles_of_inactive_projects()


@periodic("open-monthly-cycles", "Open this month's review for every active project.")
def _open_monthly() -> dict[str, int]:
    from rapport.feedback.services import open_monthly_cycles

    skipped: list = []
    opened = open_monthly_cycles(skipped=skipped)
    # "skipped": opened meanwhile by another run of the schedule.
    return {"opened": len(opened), "skipped": len(skipped)}


@periodic("expire-cycles", "Expire reviews past their deadline (one email retry).")
def _expire() -> int:
    from rapport.feedback.services import expire_due_cycles

    return len(expire_due_cycles())


@periodic("send-reminders", "Remind stakeholders who have not answered yet.")
def _remind() -> int:
    from rapport.feedback.services import send_reminders

    return send_reminders()


@periodic("open-quarterly-pulse", "Open this quarter's service pulse for every customer.")
def _open_pulse() -> int:
    from rapport.feedback.pulse.services import open_quarterly_pulse_rounds

    return len(open_quarterly_pulse_rounds())


@periodic("close-pulse-rounds", "Close service pulses past their deadline.")
def _close_pulse() -> int:
    from rapport.feedback.pulse.services import close_due_pulse_rounds

    return close_due_pulse_rounds()


@periodic("tell-customers", "Tell customers about actions done on their issues.")
def _tell_customers() -> int:
    from rapport.feedback.services.actions import tell_customer_done

    return tell_customer_done()


@periodic("you-said-we-did", "Send each customer's stakeholders last quarter's digest.")
def _said_did() -> dict[str, int]:
    from rapport.feedback.services.said_did import queue_said_did

    return queue_said_did()


@periodic("deliver-outbox", "Send due emails; flag stuck ones for a manual check.")
def _deliver() -> dict:
    from rapport.feedback.tasks import deliver_due

    return deliver_due()


@periodic("remind-action-owners", "Tell each owner, once a week, the corrective actions due.")
def _remind_action_owners() -> int:
    from rapport.feedback.services.action_reminders import queue_action_reminders

    return queue_action_reminders()


@periodic(
    "forget-checked-imports",
    "Empty the files of import dry runs not applied within RAPPORT_IMPORT_KEEP_HOURS.",
)
def _forget_checked_imports() -> int:
    from rapport.imports.services import forget_checked_files

    return forget_checked_files()


def run_all(only: list[str] | None = None) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for name, job in SCHEDULE.items():
        if only and name not in only:
            continue
        try:
            results[name] = job.func()
        except Exception as exc:  # one failing job must not stop the others
            log.exception("Scheduled job %s failed", name)
            results[name] = f"failed: {exc}"
    return results


def failed_jobs(results: dict[str, Any]) -> list[str]:
    """The jobs ``run_all`` reported as failed."""
    return [name for name, r in results.items() if isinstance(r, str) and r.startswith("failed:")]


class ScheduleLoop:
    """Runs the schedule at start and then every ``every`` seconds, until ``stop`` is set.

    It runs beside the task worker (``rapport worker``), so nothing in it may stop the worker: a
    tick that fails as a whole (the database locked or gone) or a job that fails is logged, and
    the failed jobs are tried again after ``retry`` seconds (every job is idempotent). ``run`` and
    ``clock`` are injectable so tests need not wait a day.
    """

    def __init__(
        self,
        every: float,
        *,
        retry: float = 300.0,
        stop: threading.Event | None = None,
        run: Callable[[list[str] | None], dict[str, Any]] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if every <= 0:
            raise ValueError("The schedule's interval must be positive.")
        self.every = every
        self.retry = min(retry, every)
        self.stop = stop or threading.Event()
        self._run = run
        self._clock = clock

    def tick(self, only: list[str] | None = None) -> list[str]:
        """Run the jobs (all of them, or ``only``); return the names of those that failed."""
        try:
            results = (self._run or run_all)(only)
        except Exception:
            log.exception("The schedule could not run; it will try again.")
            return list(only or SCHEDULE)
        failed = failed_jobs(results)
        log.info(
            "Schedule ran %s job(s)%s.",
            len(results),
            f"; failed: {', '.join(failed)}" if failed else "",
        )
        return failed

    def _tick_in_thread(self, only: list[str] | None) -> list[str]:
        if not self._drop_stale_connections():
            return list(only or SCHEDULE)
        failed = self.tick(only)
        self._drop_stale_connections()
        return failed

    @staticmethod
    def _drop_stale_connections() -> bool:
        # As around a request: drop a connection the database closed while we slept.
        try:
            close_old_connections()
        except Exception:
            log.exception("The schedule could not reach the database; it will try again.")
            return False
        return True

    def run_forever(self) -> None:
        """The loop; run it in its own thread (``start``)."""
        try:
            next_full = self._clock()
            retry: list[str] = []
            while not self.stop.is_set():
                now = self._clock()
                if now >= next_full:
                    retry = self._tick_in_thread(None)
                    next_full = now + self.every
                elif retry:
                    retry = self._tick_in_thread(retry)
                wait = next_full - self._clock()
                if retry:
                    wait = min(wait, self.retry)
                if self.stop.wait(max(wait, 0.0)):
                    break
        finally:
            # This thread's own database connection.
            connections.close_all()

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.run_forever, name="rapport-schedule", daemon=True)
        thread.start()
        return thread


@task()
def run_schedule_task() -> dict[str, Any]:
    """The whole schedule as one background task (for a queue that runs it daily)."""
    return run_all()
