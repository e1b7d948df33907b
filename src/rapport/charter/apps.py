from django.apps import AppConfig


class CharterConfig(AppConfig):
    name = "rapport.charter"
    label = "charter"
    verbose_name = "Partnership charters"

    def ready(self) -> None:
        # Register the review reminder in the project's schedule (feedback.schedule).
        from rapport.charter import tasks  # noqa: F401
