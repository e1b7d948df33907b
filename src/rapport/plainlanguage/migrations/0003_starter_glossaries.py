from django.db import migrations
from django.utils import timezone

# The starter glossary of every language but English (roadmap 0002 loaded the English one).
LANGUAGES = ("fr", "de", "es", "nl", "it", "pt")


def load(apps, schema_editor):
    from rapport.plainlanguage.starter_glossary import STARTER_GLOSSARIES

    GlossaryTerm = apps.get_model("plainlanguage", "GlossaryTerm")
    now = timezone.now()
    for language in LANGUAGES:
        existing = {
            t.lower()
            for t in GlossaryTerm.objects.filter(language=language).values_list("term", flat=True)
        }
        GlossaryTerm.objects.bulk_create(
            GlossaryTerm(
                term=term, plain=plain, note=note, language=language, created_at=now
            )
            for term, plain, note in STARTER_GLOSSARIES[language]
            if term.lower() not in existing
        )


def unload(apps, schema_editor):
    from rapport.plainlanguage.starter_glossary import STARTER_GLOSSARIES

    GlossaryTerm = apps.get_model("plainlanguage", "GlossaryTerm")
    for language in LANGUAGES:
        GlossaryTerm.objects.filter(
            language=language, term__in=[t for t, _, _ in STARTER_GLOSSARIES[language]]
        ).delete()


class Migration(migrations.Migration):
    """The starter glossaries in French, German, Spanish, Dutch, Italian and Portuguese; the PMO
    lead edits them in the console from then on."""

    dependencies = [("plainlanguage", "0002_glossary_per_language")]

    operations = [migrations.RunPython(load, unload)]
