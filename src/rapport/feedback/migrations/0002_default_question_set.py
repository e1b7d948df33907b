"""Seed the default project-review question set, version 1 (English and French)."""

from django.db import migrations


def seed(apps, schema_editor):
    from rapport.feedback.questions import seed_default_set

    seed_default_set(apps.get_model("feedback", "QuestionSet"), apps.get_model("feedback", "Question"))


def unseed(apps, schema_editor):
    apps.get_model("feedback", "QuestionSet").objects.filter(
        key="project-review", version=1
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
