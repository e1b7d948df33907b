import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """The service catalog moves here from the roadmap app: its tables stay as they are
    (db_table), only Django's record of which app owns them changes (roadmap 0004)."""

    initial = True

    dependencies = [
        ('customers', '0001_initial'),
        ('roadmap', '0003_roadmap_items_share_links'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Service',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200)),
                        ('outcome', models.TextField(help_text='For customers, in their words: what gets easier for them.', verbose_name='outcome statement')),
                        ('description', models.TextField(blank=True, help_text='For the PMO: how the service works.', verbose_name='internal description')),
                        ('status', models.CharField(choices=[('idea', 'Idea'), ('piloting', 'Piloting'), ('available', 'Available'), ('retired', 'Retired')], default='idea', max_length=12)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('customers', models.ManyToManyField(blank=True, help_text='Customers it serves.', related_name='services', to='customers.customer')),
                        ('owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='owned_services', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'roadmap_service',
                        'ordering': [django.db.models.functions.text.Lower('name')],
                        'constraints': [models.UniqueConstraint(django.db.models.functions.text.Lower('name'), name='roadmap_service_name_unique'), models.CheckConstraint(condition=models.Q(('status__in', ['idea', 'piloting', 'available', 'retired'])), name='roadmap_service_status_valid')],
                    },
                ),
            ],
        ),
    ]
