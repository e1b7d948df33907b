from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("roadmap", "0005_outcome_translations"),
    ]

    operations = [
        migrations.AlterConstraint(
            model_name="customerinput",
            name="roadmap_input_relief_1_5",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("relief__isnull", True),
                    models.Q(("relief__gte", 1), ("relief__lte", 5)),
                    _connector="OR",
                ),
                name="roadmap_input_relief_1_5",
                violation_error_code="input_relief_1_5",
                violation_error_message="Pain relief is from 1 to 5.",
            ),
        ),
        migrations.AlterConstraint(
            model_name="roadmapitem",
            name="roadmap_item_relief_1_5",
            constraint=models.CheckConstraint(
                condition=models.Q(("pain_relief__gte", 1), ("pain_relief__lte", 5)),
                name="roadmap_item_relief_1_5",
                violation_error_code="item_relief_1_5",
                violation_error_message="Pain relief is from 1 to 5.",
            ),
        ),
        migrations.AlterConstraint(
            model_name="roadmapitem",
            name="roadmap_item_confidence_0_1",
            constraint=models.CheckConstraint(
                condition=models.Q(("confidence__gte", 0), ("confidence__lte", 1)),
                name="roadmap_item_confidence_0_1",
                violation_error_code="item_confidence_0_1",
                violation_error_message="Confidence is from 0 to 1.",
            ),
        ),
        migrations.AlterConstraint(
            model_name="roadmapitem",
            name="roadmap_item_effort_positive",
            constraint=models.CheckConstraint(
                condition=models.Q(("effort__gt", 0)),
                name="roadmap_item_effort_positive",
                violation_error_code="item_effort_positive",
                violation_error_message="Effort is more than 0 person-months.",
            ),
        ),
        migrations.AlterConstraint(
            model_name="roadmapitem",
            name="roadmap_item_adoption_0_100",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("adoption_pct__isnull", True), ("adoption_pct__lte", 100), _connector="OR"
                ),
                name="roadmap_item_adoption_0_100",
                violation_error_code="item_adoption_0_100",
                violation_error_message="Adoption is a share from 0 to 100.",
            ),
        ),
    ]
