import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0002_service_outcome_translations"),
    ]

    operations = [
        migrations.AlterConstraint(
            model_name="service",
            name="roadmap_service_name_unique",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("name"),
                name="roadmap_service_name_unique",
                violation_error_code="service_name_taken",
                violation_error_message="Another service already has this name.",
            ),
        ),
    ]
