"""The comment topics Rapport ships read in the reader's language while they read as shipped;
a topic the PMO renamed or described in its own words is shown as written."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from django.utils.translation import override

from rapport.insights import wording
from rapport.insights.models import CommentTopic
from rapport.testing.console import console_client

pytestmark = pytest.mark.django_db


def test_the_shipped_names_and_descriptions_are_the_ones_marked_for_translation():
    shipped = json.loads(
        resources.files("rapport.insights").joinpath("data/topics.json").read_text("utf-8")
    )["topics"]
    assert {t["key"]: (t["name"], t["description"]) for t in shipped} == wording.SHIPPED_TOPICS


def test_a_shipped_name_is_translated_and_a_renamed_one_kept():
    with override("es"):
        assert wording.topic_name("schedule", "Schedule and delays") == "Plazos y retrasos"
        assert wording.topic_name("schedule", "Timing") == "Timing"
        assert wording.topic_name("custom", "") == "custom"


def test_the_topics_page_says_them_in_the_readers_language(alice):
    CommentTopic.objects.filter(key="budget").update(name="Money matters")
    page = console_client(alice, "de").get("/insights/topics/").content.decode()
    assert "Zeitplan und Verzögerungen" in page and "Schedule and delays" not in page
    assert "Termine, Fristen, Meilensteine und Verzögerungen" in page
    assert "Money matters" in page  # renamed by the PMO: as written


def test_a_stored_theme_reads_so_on_the_health_review_and_in_its_pdf():
    from django.template import Context, Template

    page = Template("{% load insights_words %}{{ t|topic_name|capfirst }}")
    with override("it"):
        # The PDF used to print the theme's key ("Schedule"), in every language.
        assert page.render(
            Context({"t": {"theme": "schedule", "name": "Schedule and delays"}})
        ) == ("Tempi e ritardi")
        # A theme stored without its name takes the shipped one.
        assert page.render(Context({"t": {"theme": "schedule"}})) == "Tempi e ritardi"
