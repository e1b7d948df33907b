"""The pulse's effort question now reads like the monthly review's: 1 = very difficult, 7 = very
easy (it was 1 = very easy, 7 = very hard). Stored pulse answers keep their meaning: each is
turned round on the 1–7 scale (8 − effort). The monthly question set is unchanged."""

from django.db import migrations
from django.db.models import F, Value


def turn_round(apps, schema_editor):
    PulseResponse = apps.get_model("feedback", "PulseResponse")
    PulseResponse.objects.update(effort=Value(8) - F("effort"))


class Migration(migrations.Migration):
    dependencies = [("feedback", "0004_anonymous_response_language")]

    # Turning round twice gives the stored values back, so going back is the same step.
    operations = [migrations.RunPython(turn_round, turn_round)]
