from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "rapport.insights"
    label = "insights"
    verbose_name = "Insights"

    def ready(self) -> None:
        # Register the daily recompute in the project's schedule.
        from rapport.insights import schedule  # noqa: F401
