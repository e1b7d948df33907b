"""Version 1 of the default question set gains German, Spanish, Dutch, Italian and Portuguese
(its English and French words stay exactly as they were)."""

from django.db import migrations


def add_languages(apps, schema_editor):
    from rapport.feedback.questions import add_missing_languages

    add_missing_languages(
        apps.get_model("feedback", "QuestionSet"), apps.get_model("feedback", "Question")
    )


class Migration(migrations.Migration):
    dependencies = [("feedback", "0008_outbox_handed_at")]
    # Going back leaves the added languages: they harm nothing and may since have been used.
    operations = [migrations.RunPython(add_languages, migrations.RunPython.noop)]
