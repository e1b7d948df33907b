import django.db.models.deletion
from django.db import migrations, models

# Models that moved to their own apps, their tables kept: (model, new app label).
MOVED = [("glossaryterm", "plainlanguage"), ("customerterm", "plainlanguage"), ("service", "catalog")]


def relabel(apps, schema_editor, *, forward=True):
    """Keep the audit history and admin permissions of the moved models with them."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    db = schema_editor.connection.alias
    for model, new in MOVED:
        old_label, new_label = ("roadmap", new) if forward else (new, "roadmap")
        # A content type made for the new label (by a post_migrate of another run) would clash.
        if ContentType.objects.using(db).filter(app_label=old_label, model=model).exists():
            ContentType.objects.using(db).filter(app_label=new_label, model=model).delete()
        ContentType.objects.using(db).filter(app_label=old_label, model=model).update(
            app_label=new_label
        )
        AuditEntry.objects.using(db).filter(object_type=f"{old_label}.{model}").update(
            object_type=f"{new_label}.{model}"
        )


def relabel_back(apps, schema_editor):
    relabel(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    """The glossary and the service catalog now belong to the plainlanguage and catalog apps.

    Nothing in the database moves: the tables keep their names (db_table), the roadmap item's
    foreign key points at the same table. Only Django's state changes, and the content types and
    audit entries follow the models to their new app labels.
    """

    dependencies = [
        ("audit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("roadmap", "0003_roadmap_items_share_links"),
        ("plainlanguage", "0001_initial"),
        ("catalog", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="roadmapitem",
                    name="service",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="roadmap_items",
                        to="catalog.service",
                    ),
                ),
                migrations.DeleteModel(name="CustomerTerm"),
                migrations.DeleteModel(name="GlossaryTerm"),
                migrations.DeleteModel(name="Service"),
            ],
        ),
        migrations.RunPython(relabel, relabel_back),
    ]
