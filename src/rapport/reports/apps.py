from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "rapport.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # The customer pack's English words join the plain-language check.
        # Register the monthly packs and the retention in the project's schedule.
        # The monthly pack travels through feedback's outbox, which does not import reports.
        from rapport.feedback.models import OutboxKind
        from rapport.feedback.outbox_kinds import register_cancel_check, register_email_builder
        from rapport.reports import schedule, texts  # noqa: F401
        from rapport.reports.packs import cancel_reason, pack_email

        register_email_builder(OutboxKind.MONTHLY_PACK, pack_email)
        register_cancel_check(OutboxKind.MONTHLY_PACK, cancel_reason)
