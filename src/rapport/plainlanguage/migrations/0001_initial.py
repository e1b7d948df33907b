import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """The glossary moves here from the roadmap app: its tables stay as they are (db_table),
    only Django's record of which app owns them changes (roadmap 0004 lets them go)."""

    initial = True

    dependencies = [
        ('customers', '0001_initial'),
        ('roadmap', '0003_roadmap_items_share_links'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='GlossaryTerm',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('term', models.CharField(help_text='The jargon, as people write it.', max_length=100)),
                        ('plain', models.CharField(max_length=200, verbose_name='plain wording')),
                        ('note', models.CharField(blank=True, help_text='A tip for the writer.', max_length=300)),
                        ('active', models.BooleanField(default=True, help_text='Inactive terms are not checked.')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        'db_table': 'roadmap_glossaryterm',
                        'ordering': [django.db.models.functions.text.Lower('term')],
                        'constraints': [models.UniqueConstraint(django.db.models.functions.text.Lower('term'), name='roadmap_glossaryterm_term_unique'), models.CheckConstraint(condition=models.Q(('term', ''), _negated=True), name='roadmap_glossaryterm_term_set'), models.CheckConstraint(condition=models.Q(('plain', ''), _negated=True), name='roadmap_glossaryterm_plain_set')],
                    },
                ),
                migrations.CreateModel(
                    name='CustomerTerm',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('customer_word', models.CharField(help_text='Their word for it, ideally from their own vocabulary.', max_length=200)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('customer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='terms', to='customers.customer')),
                        ('glossary_term', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='customer_terms', to='plainlanguage.glossaryterm')),
                    ],
                    options={
                        'db_table': 'roadmap_customerterm',
                        'ordering': ['customer__name', 'glossary_term__term'],
                        'constraints': [models.UniqueConstraint(fields=('customer', 'glossary_term'), name='roadmap_customerterm_unique'), models.CheckConstraint(condition=models.Q(('customer_word', ''), _negated=True), name='roadmap_customerterm_word_set')],
                    },
                ),
            ],
        ),
    ]
