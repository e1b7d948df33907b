"""Seed the comment taxonomy from the file shipped with Rapport (insights/data/topics.json)."""

import json
from importlib import resources

from django.db import migrations


def _shipped():
    source = resources.files("rapport.insights").joinpath("data/topics.json")
    return json.loads(source.read_text(encoding="utf-8"))["topics"]


def seed(apps, schema_editor):
    CommentTopic = apps.get_model("insights", "CommentTopic")
    existing = set(CommentTopic.objects.values_list("key", flat=True))
    CommentTopic.objects.bulk_create(
        [
            CommentTopic(
                key=t["key"],
                name=t["name"],
                description=t.get("description", ""),
                phrases=t["phrases"],
            )
            for t in _shipped()
            if t["key"] not in existing
        ]
    )


def unseed(apps, schema_editor):
    CommentTopic = apps.get_model("insights", "CommentTopic")
    CommentTopic.objects.filter(key__in=[t["key"] for t in _shipped()]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0003_comment_topic"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
