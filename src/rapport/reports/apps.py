from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "rapport.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        # The customer pack's English words join the plain-language check.
        # Register the monthly packs and the retention in the project's schedule.
        from rapport.reports import schedule, texts  # noqa: F401
