"""Seed the default project-review question set, version 1 (English and French)."""

from django.db import migrations


def seed(apps, schema_editor):
    from rapport.feedback.questions import DEFAULT_SET_TITLE, question_rows

    QuestionSet = apps.get_model("feedback", "QuestionSet")
    Question = apps.get_model("feedback", "Question")
    qs, created = QuestionSet.objects.get_or_create(
        key="project-review",
        version=1,
        defaults={"title": DEFAULT_SET_TITLE["en"], "is_default": True},
    )
    if created:
        Question.objects.bulk_create(Question(question_set=qs, **row) for row in question_rows())


def unseed(apps, schema_editor):
    apps.get_model("feedback", "QuestionSet").objects.filter(
        key="project-review", version=1
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
