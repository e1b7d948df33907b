from django.apps import AppConfig


class RoadmapConfig(AppConfig):
    name = "rapport.roadmap"
    label = "roadmap"
    verbose_name = "Roadmap and services"

    def ready(self) -> None:
        # Register the customer-facing default texts this app ships (checked by the test suite).
        from rapport.roadmap import texts  # noqa: F401
