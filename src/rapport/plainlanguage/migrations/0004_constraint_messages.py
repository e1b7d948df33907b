import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plainlanguage", "0003_starter_glossaries"),
    ]

    operations = [
        migrations.AlterConstraint(
            model_name="glossaryterm",
            name="plainlanguage_glossaryterm_term_unique",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("term"),
                models.F("language"),
                name="plainlanguage_glossaryterm_term_unique",
                violation_error_code="glossary_term_taken",
                violation_error_message="The glossary already has this term in this language.",
            ),
        ),
    ]
