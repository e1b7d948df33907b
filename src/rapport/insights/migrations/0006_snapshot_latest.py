"""Flag each project's latest health snapshot, the index the readers of "now" use."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def mark_latest(apps, schema_editor) -> None:
    snapshot = apps.get_model("insights", "HealthSnapshot")
    project = apps.get_model("portfolio", "Project")
    newest = snapshot.objects.filter(project=OuterRef("pk")).order_by("-period").values("pk")[:1]
    ids = project.objects.annotate(latest=Subquery(newest)).values("latest")
    snapshot.objects.filter(pk__in=ids).update(latest=True)


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0005_period_fit_pending_recompute"),
        ("portfolio", "0002_delivery_status_month"),
    ]

    operations = [
        migrations.AddField(
            model_name="healthsnapshot",
            name="latest",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(mark_latest, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="healthsnapshot",
            constraint=models.UniqueConstraint(
                condition=models.Q(("latest", True)),
                fields=("project",),
                name="insights_snapshot_one_latest_per_project",
            ),
        ),
    ]
