"""What the background worker tells the rest of Rapport about itself."""

from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    """One `rapport worker` process: it writes ``beat_at`` as it looks at the task queue (and
    while a long task runs), so ``/healthz`` can tell a live worker from a dead one, and the
    task records a dead worker left running can be marked failed."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)
    # The task record in hand ("" between tasks).
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-beat_at"]

    def __str__(self) -> str:
        return f"worker {self.worker_id[:8]} on {self.hostname} (pid {self.pid})"
