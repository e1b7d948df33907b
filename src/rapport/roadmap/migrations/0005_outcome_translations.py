from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("roadmap", "0004_glossary_and_services_move_out"),
    ]

    operations = [
        migrations.AddField(
            model_name="roadmapitem",
            name="outcome_translations",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text='The outcome in other languages, e.g. {"de": "…"}.',
            ),
        ),
    ]
