"""Imported answers carry their key (the insights app moves it here); the project index that
(project, period) repeats goes; the months are checked in plain SQL (``is_month``)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('customers', '0004_seven_languages'),
        ('feedback', '0011_outbox_pack_and_digest_kinds'),
        ('portfolio', '0002_delivery_status_month'),
    ]

    operations = [
        migrations.AddField(
            model_name='response',
            name='import_key',
            field=models.BinaryField(blank=True, max_length=32, null=True),
        ),
        migrations.AlterField(
            model_name='response',
            name='project',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='responses', to='portfolio.project'),
        ),
        migrations.AddConstraint(
            model_name='response',
            constraint=models.UniqueConstraint(condition=models.Q(('import_key__isnull', False)), fields=('import_key',), name='feedback_response_import_key_unique'),
        ),
        migrations.RemoveConstraint(
            model_name='response',
            name='feedback_response_period_format',
        ),
        migrations.RemoveConstraint(
            model_name='reviewcycle',
            name='feedback_cycle_period_format',
        ),
        migrations.AddConstraint(
            model_name='response',
            constraint=models.CheckConstraint(condition=models.Q(('period__is_month', True)), name='feedback_response_period_format'),
        ),
        migrations.AddConstraint(
            model_name='reviewcycle',
            constraint=models.CheckConstraint(condition=models.Q(('period__is_month', True)), name='feedback_cycle_period_format'),
        ),
    ]
