"""Wiping the demo between two builds in one test (determinism tests)."""

from __future__ import annotations

from django.apps import apps


def wipe_demo() -> None:
    """Delete every row the demo makes; reference data that migrations load stays.

    Not the flush command: TRUNCATE cannot run inside a test's transaction on PostgreSQL.
    """
    from rapport.accounts.models import User
    from rapport.customers.models import Customer, Stakeholder
    from rapport.portfolio.models import Project, ProjectStakeholder

    keep = {User, *(_reference_models())}
    rapport_models = [
        m for m in apps.get_models() if m.__module__.startswith("rapport.") and m not in keep
    ]
    for model in (ProjectStakeholder, Project, Stakeholder, Customer, *rapport_models, User):
        model.objects.all().delete()


def _reference_models():
    # Rows loaded by data migrations (the glossary, question sets), not by the demo.
    for label in (
        "plainlanguage.GlossaryTerm",
        "customers.ListeningQuestion",
        "feedback.QuestionSet",
        "feedback.Question",
    ):
        try:
            yield apps.get_model(label)
        except LookupError:
            continue
