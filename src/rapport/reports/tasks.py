"""Background work of the reports app. Tasks take primary keys and are enqueued on commit."""

from __future__ import annotations

from django_tasks import task


@task()
def generate_report_task(report_id: int) -> str:
    """Write the PDF of one report asked for in the console."""
    from rapport.reports.services import run_report

    return run_report(report_id)


@task()
def assemble_pack_task(pack_id: int) -> str:
    """Write the reports of one monthly pack and queue its email once all are ready."""
    from rapport.reports.packs import assemble_pack

    return assemble_pack(pack_id)
