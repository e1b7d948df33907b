from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GdprConfig(AppConfig):
    name = "rapport.gdpr"
    label = "gdpr"
    verbose_name = _("Personal data")

    def ready(self) -> None:
        # Register the retention job in the project's schedule (feedback.schedule).
        from rapport.gdpr import schedule  # noqa: F401
