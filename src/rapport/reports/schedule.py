"""Periodic work of the reports app, registered in the project's one schedule."""

from __future__ import annotations

from rapport.feedback.schedule import periodic


@periodic("monthly-packs", "Email each subscriber their monthly pack of PDF reports.")
def _monthly_packs() -> dict[str, int]:
    from rapport.reports.packs import prepare_monthly_packs

    return prepare_monthly_packs()


@periodic("delete-old-reports", "Delete PDF reports older than RAPPORT_REPORT_RETENTION_DAYS.")
def _delete_old_reports() -> int:
    from rapport.reports.services import delete_old_reports

    return delete_old_reports()


@periodic("retry-stalled-reports", "Write again the PDF reports a stopped worker left unfinished.")
def _retry_stalled_reports() -> int:
    from rapport.reports.services import retry_stalled_reports

    return retry_stalled_reports()
