"""Anonymous answers keep no quasi-identifier: their language becomes the customer's.

A stakeholder's own language (one French speaker among English ones) could tell who gave an
anonymous answer; new anonymous answers store the customer's language (services.responses).
"""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def to_customer_language(apps, schema_editor):
    Response = apps.get_model("feedback", "Response")
    Project = apps.get_model("portfolio", "Project")
    language = Project.objects.filter(pk=OuterRef("project_id")).values("customer__language")[:1]
    Response.objects.filter(confidentiality="anonymous").update(language=Subquery(language))


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0003_service_pulse"),
        ("portfolio", "0001_initial"),
    ]

    operations = [migrations.RunPython(to_customer_language, migrations.RunPython.noop)]
