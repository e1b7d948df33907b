from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadinessConfig(AppConfig):
    name = "rapport.readiness"
    label = "readiness"
    verbose_name = _("Readiness")

    def ready(self) -> None:
        # Register the customer-facing default texts this app ships (checked by the test suite).
        from rapport.readiness import texts  # noqa: F401
