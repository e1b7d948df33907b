from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "rapport.feedback"
    label = "feedback"
    verbose_name = "Feedback"

    def ready(self) -> None:
        # Register the pulse's customer-facing texts (checked by the plain-language test).
        from rapport.feedback import texts as _review_texts  # noqa: F401
        from rapport.feedback.pulse import texts  # noqa: F401
