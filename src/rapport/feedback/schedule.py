"""Periodic work, registered in ONE place. ``rapport run-schedule`` (cron, systemd timer) or the
``run_schedule_task`` task (the worker) runs every job; each job is idempotent, so running the
schedule twice in a day is harmless."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
def _open_monthly() -> int:
    from rapport.feedback.services import open_monthly_cycles

    return len(open_monthly_cycles())


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


@periodic("deliver-outbox", "Send due emails; flag stuck ones for a manual check.")
def _deliver() -> dict:
    from rapport.feedback.tasks import deliver_due

    return deliver_due()


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
