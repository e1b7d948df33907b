from django.apps import AppConfig


class ReadinessConfig(AppConfig):
    name = "rapport.readiness"
    label = "readiness"
    verbose_name = "Readiness"

    def ready(self) -> None:
        # Register the customer-facing default texts this app ships (checked by the test suite).
        from rapport.readiness import texts  # noqa: F401
