"""The pulse effort measure now reads 1 = very difficult, 7 = very easy (higher is better; it was
lower is better). Targets agreed on the old scale are turned round (8 − target) so a charter
keeps asking for the same level of ease."""

from django.db import migrations
from django.db.models import F, Value


def turn_round(apps, schema_editor):
    CharterPrinciple = apps.get_model("charter", "CharterPrinciple")
    CharterPrinciple.objects.filter(measure="pulse_effort").update(target=Value(8.0) - F("target"))


class Migration(migrations.Migration):
    dependencies = [("charter", "0001_initial")]

    operations = [migrations.RunPython(turn_round, turn_round)]
