import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portfolio", "0003_period_format_in_plain_sql"),
    ]

    operations = [
        migrations.AlterConstraint(
            model_name="project",
            name="portfolio_project_name_unique_per_customer",
            constraint=models.UniqueConstraint(
                models.F("customer"),
                django.db.models.functions.text.Lower("name"),
                name="portfolio_project_name_unique_per_customer",
                violation_error_code="project_name_taken",
                violation_error_message="This customer already has a project of this name.",
            ),
        ),
        migrations.AlterConstraint(
            model_name="project",
            name="portfolio_project_code_unique",
            constraint=models.UniqueConstraint(
                condition=models.Q(("code", ""), _negated=True),
                fields=("code",),
                name="portfolio_project_code_unique",
                violation_error_code="project_code_taken",
                violation_error_message="Another project already has this code.",
            ),
        ),
        migrations.AlterConstraint(
            model_name="project",
            name="portfolio_project_customer_groups_min_1",
            constraint=models.CheckConstraint(
                condition=models.Q(("customer_groups__gte", 1)),
                name="portfolio_project_customer_groups_min_1",
                violation_error_code="project_customer_groups_min_1",
                violation_error_message="A project serves at least one customer group.",
            ),
        ),
        migrations.AlterConstraint(
            model_name="project",
            name="portfolio_project_dates_ordered",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("end_date__isnull", True),
                    ("start_date__isnull", True),
                    ("end_date__gte", models.F("start_date")),
                    _connector="OR",
                ),
                name="portfolio_project_dates_ordered",
                violation_error_code="project_dates_ordered",
                violation_error_message="The end date cannot be before the start date.",
            ),
        ),
    ]
