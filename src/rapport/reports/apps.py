from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "rapport.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        # The customer pack's English words join the plain-language check.
        from rapport.reports import texts  # noqa: F401
