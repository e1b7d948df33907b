"""The one way a service function starts background work: ``enqueue(task path, *args)``.

Services name their task by its dotted path instead of importing it, so ``tasks`` modules may
call services freely and no import runs back up from a service to a task. By default the task is
enqueued when the current transaction commits (at once outside a transaction), with primary keys
as arguments, so a worker never reads rows that are not committed yet (docs/architecture.md).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.module_loading import import_string
from django_tasks import default_task_backend
from django_tasks.base import Task


def _task(path: str) -> Task[Any, Any]:
    task = import_string(path)
    if not isinstance(task, Task):
        raise TypeError(f"{path} is not a task.")
    return task


def enqueue(
    path: str, *args: Any, run_after: dt.datetime | None = None, on_commit: bool = True
) -> None:
    """Enqueue the task at ``path`` with ``args``, after the commit unless ``on_commit=False``
    (for callers that already run after it).

    With ``run_after`` the task waits until then; a backend that cannot defer gets nothing, and
    the caller's periodic sweep (the schedule) picks the work up when it is due.
    """
    task = _task(path)  # a wrong path fails here, in the caller's transaction

    def go() -> None:
        if run_after is None:
            task.enqueue(*args)
        elif getattr(default_task_backend, "supports_defer", False):
            task.using(run_after=run_after).enqueue(*args)

    if on_commit:
        transaction.on_commit(go)
    else:
        go()
