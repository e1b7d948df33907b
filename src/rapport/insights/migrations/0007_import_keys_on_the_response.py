"""Imported answers' keys move onto the response (``Response.import_key``, the SHA-256 as 32
bytes instead of 64 hex characters in a table of their own): a history import writes one
index per answer instead of a table and two unique indexes. The keys themselves are unchanged,
so files imported before still match."""

import django.db.models.deletion
from django.db import migrations, models

BATCH = 5000


def keys_to_responses(apps, schema_editor) -> None:
    imported = apps.get_model("insights", "ImportedResponse")
    response = apps.get_model("feedback", "Response")
    table = schema_editor.quote_name(response._meta.db_table)
    sql = f"UPDATE {table} SET import_key = %s WHERE id = %s"  # noqa: S608
    rows = imported.objects.values_list("key", "response_id").iterator(chunk_size=BATCH)
    batch: list[tuple[bytes, str]] = []
    with schema_editor.connection.cursor() as cursor:
        for key, response_id in rows:
            pk = response._meta.pk.get_db_prep_value(response_id, schema_editor.connection)
            batch.append((bytes.fromhex(key), pk))
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)


def keys_to_table(apps, schema_editor) -> None:
    imported = apps.get_model("insights", "ImportedResponse")
    response = apps.get_model("feedback", "Response")
    imported.objects.bulk_create(
        (
            imported(key=bytes(key).hex(), response_id=pk)
            for pk, key in response.objects.filter(import_key__isnull=False)
            .values_list("pk", "import_key")
            .iterator(chunk_size=BATCH)
        ),
        batch_size=BATCH,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0006_snapshot_latest"),
        ("feedback", "0012_response_import_key"),
    ]

    operations = [
        # The old table's reverse name ("import_key") would shadow the new field meanwhile.
        migrations.AlterField(
            model_name="importedresponse",
            name="response",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="feedback.response",
            ),
        ),
        migrations.RunPython(keys_to_responses, keys_to_table),
        migrations.DeleteModel(name="ImportedResponse"),
    ]
