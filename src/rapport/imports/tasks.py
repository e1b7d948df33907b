"""Background work: a large import uploaded on the console, run by the worker."""

from __future__ import annotations

from django_tasks import task

from rapport.imports import services


@task()
def run_import_job_task(job_id: int) -> str:
    return services.run_import_job(job_id)
