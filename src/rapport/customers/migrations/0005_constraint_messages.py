import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0004_seven_languages"),
    ]

    operations = [
        migrations.AlterConstraint(
            model_name="customer",
            name="customers_customer_name_unique",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("name"),
                name="customers_customer_name_unique",
                violation_error_code="customer_name_taken",
                violation_error_message="Another customer already has this name.",
            ),
        ),
        migrations.AlterConstraint(
            model_name="customer",
            name="customers_customer_external_id_unique",
            constraint=models.UniqueConstraint(
                condition=models.Q(("external_id", ""), _negated=True),
                fields=("external_id",),
                name="customers_customer_external_id_unique",
                violation_error_code="customer_external_id_taken",
                violation_error_message="Another customer already has this external id.",
            ),
        ),
        migrations.AlterConstraint(
            model_name="journeystage",
            name="customers_stage_name_unique",
            constraint=models.UniqueConstraint(
                models.F("customer"),
                django.db.models.functions.text.Lower("name"),
                name="customers_stage_name_unique",
                violation_error_code="stage_name_taken",
                violation_error_message="This customer already has a stage of this name.",
            ),
        ),
        migrations.AlterConstraint(
            model_name="stakeholder",
            name="customers_stakeholder_email_unique",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("email"),
                condition=models.Q(("email", ""), _negated=True),
                name="customers_stakeholder_email_unique",
                violation_error_code="stakeholder_email_taken",
                violation_error_message="Another stakeholder already has this email address.",
            ),
        ),
    ]
