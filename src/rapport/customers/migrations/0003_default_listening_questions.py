"""Seed the PMO's prompt list with good open questions for listening sessions."""

from django.db import migrations

QUESTIONS = [
    "What does a good year look like for your team, and how would you know you had one?",
    "Which outcomes matter most to the people you serve right now?",
    "Tell me about the last project with us that went well. What made it work?",
    "Tell me about a time working with us was frustrating. What happened?",
    "When you ask us for something, what happens next from where you sit?",
    "Where do you lose the most time waiting, and for what?",
    "What do you wish we knew about your business that we seem not to?",
    "Which words do you use when you describe success to your own leadership?",
    "If you could change one thing about how we work with you, what would it be?",
    "How do you prefer to hear from us: a meeting, a call, or an email? How often?",
    "Who else should we be listening to on your side?",
    "What would make our next project with you a ten out of ten?",
]


def seed(apps, schema_editor):
    question = apps.get_model("customers", "ListeningQuestion")
    if question.objects.exists():
        return
    question.objects.bulk_create(
        question(text=text, position=i) for i, text in enumerate(QUESTIONS, start=1)
    )


def unseed(apps, schema_editor):
    apps.get_model("customers", "ListeningQuestion").objects.filter(text__in=QUESTIONS).delete()


class Migration(migrations.Migration):
    dependencies = [("customers", "0002_listening_journey_concerns")]
    operations = [migrations.RunPython(seed, unseed)]
