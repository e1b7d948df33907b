from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "rapport.insights"
    label = "insights"
    verbose_name = "Insights"

    def ready(self) -> None:
        # Register the daily recompute in the project's schedule, listen to the apps below
        # (health inputs changed), and write the alerts that feedback's outbox carries.
        from rapport.insights import receivers, schedule  # noqa: F401

        receivers.register_outbox_writers()
