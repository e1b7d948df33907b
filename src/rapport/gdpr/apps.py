from django.apps import AppConfig


class GdprConfig(AppConfig):
    name = "rapport.gdpr"
    label = "gdpr"
    verbose_name = "Personal data"

    def ready(self) -> None:
        # Register the retention job in the project's schedule (feedback.schedule).
        from rapport.gdpr import schedule  # noqa: F401
