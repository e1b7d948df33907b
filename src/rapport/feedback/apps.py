from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "rapport.feedback"
    label = "feedback"
    verbose_name = "Feedback"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        # Importing the texts registers the customer-facing ones (checked by the
        # plain-language test).
        from rapport.feedback import texts as _review_texts  # noqa: F401
        from rapport.feedback.models import Question, QuestionSet
        from rapport.feedback.pulse import texts  # noqa: F401
        from rapport.feedback.survey_markup import forget
        from rapport.feedback.tasks import outbox_backlog
        from rapport.ops.health import register_backlog

        # /healthz reports the emails due and not sent (ops depends on no app above it).
        register_backlog("outbox", outbox_backlog)

        # The quarterly "you said, we did" digest writes its own email (feedback/outbox_kinds.py).
        from rapport.feedback.models import OutboxKind, OutboxMessage
        from rapport.feedback.outbox_kinds import register_composer
        from rapport.feedback.services.said_did import render_said_did

        def compose_said_did(message: OutboxMessage) -> tuple[str, str, str]:
            rendered = render_said_did(message)
            return rendered.subject, rendered.text, rendered.html

        register_composer(OutboxKind.SAID_DID, compose_said_did)

        # The weekly "actions due" email to each owner (feedback/services/action_reminders.py).
        from rapport.feedback.outbox_kinds import register_cancel_check
        from rapport.feedback.services import action_reminders

        register_composer(OutboxKind.ACTION_REMINDER, action_reminders.render_action_reminder)
        register_cancel_check(OutboxKind.ACTION_REMINDER, action_reminders.cancel_reason)

        # The survey form keeps each question set's questions and markup per process: a change
        # to either empties that cache.
        for model in (Question, QuestionSet):
            post_save.connect(forget, sender=model, dispatch_uid=f"survey-markup-{model.__name__}")
            post_delete.connect(
                forget, sender=model, dispatch_uid=f"survey-markup-del-{model.__name__}"
            )
