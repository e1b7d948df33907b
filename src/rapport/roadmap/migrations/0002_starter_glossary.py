"""Load the glossary Rapport ships (roadmap/starter_glossary.py). The PMO lead edits it later."""

from django.db import migrations


def load(apps, schema_editor):
    from rapport.plainlanguage.starter_glossary import STARTER_GLOSSARY

    GlossaryTerm = apps.get_model("roadmap", "GlossaryTerm")
    existing = {t.lower() for t in GlossaryTerm.objects.values_list("term", flat=True)}
    GlossaryTerm.objects.bulk_create(
        GlossaryTerm(term=term, plain=plain, note=note)
        for term, plain, note in STARTER_GLOSSARY
        if term.lower() not in existing
    )


def unload(apps, schema_editor):
    from rapport.plainlanguage.starter_glossary import STARTER_GLOSSARY

    GlossaryTerm = apps.get_model("roadmap", "GlossaryTerm")
    GlossaryTerm.objects.filter(term__in=[t for t, _, _ in STARTER_GLOSSARY]).delete()


class Migration(migrations.Migration):
    dependencies = [("roadmap", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
