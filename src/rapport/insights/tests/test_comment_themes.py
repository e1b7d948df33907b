"""Comment themes in the database: the seeded taxonomy, its console page, the stored insight
behind the comment threshold, and the demo portfolio."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from rapport.audit.models import AuditEntry
from rapport.demo.builder import DemoOptions, build_demo
from rapport.insights import topics
from rapport.insights.analytics.text import LANGUAGES
from rapport.insights.comment_insight import build_insights, store_insights
from rapport.insights.models import CommentInsight, CommentTopic
from rapport.insights.tests.snapshots import snapshot_rows

pytestmark = pytest.mark.django_db
URL = "/insights/topics/"


def test_the_taxonomy_is_seeded_in_every_language():
    rows = list(CommentTopic.objects.all())
    assert len(rows) >= 12
    assert {"communication", "schedule", "budget", "quality", "scope"} <= {r.key for r in rows}
    assert all(set(r.phrases) == set(LANGUAGES) and r.active for r in rows)


@pytest.mark.parametrize(
    ("who", "status"), [("alice", 200), ("bob", 200), ("carol", 403), ("erin", 403)]
)
def test_only_pmo_roles_open_the_topics(client, users, who, status):
    client.force_login(users[who])
    assert client.get(URL).status_code == status
    assert client.get(f"{URL}new/").status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(URL).status_code == 302


def _form(**extra):
    data = {"key": "parking", "name": "Parking", "description": "", "active": "on"}
    data.update(extra)
    return data


def test_a_pmo_analyst_adds_a_topic(client, bob):
    client.force_login(bob)
    response = client.post(
        f"{URL}new/", _form(phrases_en="parking\ncar park*", phrases_fr="Stationnement")
    )
    assert response.status_code == 302
    topic = CommentTopic.objects.get(key="parking")
    assert topic.phrases == {"en": ["parking", "car park*"], "fr": ["stationnement"]}
    assert AuditEntry.objects.filter(action="insights.topic.created", object_id=str(topic.pk))
    assert "Parking" in client.get(URL).content.decode()


def test_a_bad_phrase_is_refused_and_nothing_changes(client, alice):
    client.force_login(alice)
    before = CommentTopic.objects.count()
    html = client.post(f"{URL}new/", _form(phrases_en="parking\nx*")).content.decode()
    assert "needs at least 3 letters" in html
    html = client.post(f"{URL}new/", _form(key="schedule", phrases_en="late")).content.decode()
    assert "exists already" in html
    html = client.post(f"{URL}new/", _form()).content.decode()
    assert "at least one phrase" in html
    assert CommentTopic.objects.count() == before


def test_editing_a_topic_changes_its_phrases_and_is_audited(client, alice):
    topic = CommentTopic.objects.get(key="budget")
    client.force_login(alice)
    page = client.get(f"{URL}{topic.pk}/").content.decode()
    assert "presupuest*" in page  # the Spanish phrases are in the form
    data = {"name": "Money", "description": "", "phrases_en": "budget*\ninvoice*"}
    assert client.post(f"{URL}{topic.pk}/", data).status_code == 302
    topic.refresh_from_db()
    assert (topic.name, topic.active, topic.phrases) == (
        "Money",
        False,  # the box was not ticked
        {"en": ["budget*", "invoice*"]},
    )
    assert AuditEntry.objects.filter(action="insights.topic.changed", object_id=str(topic.pk))
    bad = client.post(f"{URL}{topic.pk}/", {"name": "Money", "phrases_en": "in|voice"})
    assert bad.status_code == 200
    topic.refresh_from_db()
    assert topic.phrases == {"en": ["budget*", "invoice*"]}


def test_an_inactive_topic_is_not_searched(alice):
    topic = CommentTopic.objects.get(key="schedule")
    assert "schedule" in topics.active_taxonomy().topics_in("It is late.", "en")
    topics.update_topic(topic, by=alice, active=False)
    assert "schedule" not in topics.active_taxonomy().topics_in("It is late.", "en")


# --- the stored insight --------------------------------------------------------------------------


def _data(rows, customer_id=1):
    """A stand-in for ``PortfolioData`` with one project of the customer (1 unless stored)."""
    return SimpleNamespace(projects={10: SimpleNamespace(customer_id=customer_id)}, comments=rows)


def _rows(n, text, *, attributed=True, language="en", start=0):
    return [(10, "2026-05", start + i, text, language, attributed) for i in range(n)]


def test_a_theme_needs_the_comment_threshold_of_people(settings):
    settings.RAPPORT_ANONYMITY_K_COMMENTS = 7
    six = build_insights(_data(_rows(6, "The reports are late.")), "2026-06")
    assert all(row.themes == [] for row in six)
    seven = build_insights(_data(_rows(7, "The reports are late.")), "2026-06")
    themes = {t["theme"]: t for t in seven[0].themes}
    assert themes["reporting"]["respondents"] == 7 and themes["reporting"]["comments"] == 7
    assert themes["reporting"]["sentiment"] < -0.05 and themes["reporting"]["negative"] == 7


def test_quotes_come_from_attributed_comments_only(settings):
    settings.RAPPORT_ANONYMITY_K_COMMENTS = 7
    protected = _rows(7, "Les rapports arrivent en retard.", attributed=False, language="fr")
    (row, _) = build_insights(_data(protected), "2026-06")
    assert row.themes and all(t["quotes"] == [] for t in row.themes)
    mixed = protected + _rows(1, "Rapports en retard, encore.", language="fr", start=50)
    (row, _) = build_insights(_data(mixed), "2026-06")
    reporting = next(t for t in row.themes if t["theme"] == "reporting")
    assert reporting["quotes"] == ["Rapports en retard, encore."]


def test_meetings_of_one_project_count_as_one_voice(settings):
    settings.RAPPORT_ANONYMITY_K_COMMENTS = 3
    rows = [(10, "2026-0" + str(m), None, "Late again.", "en", True) for m in range(1, 6)]
    (row, _) = build_insights(_data(rows), "2026-06")
    assert row.respondents == 1 and row.themes == []


def test_dashboard_shows_themes_with_counts_sentiment_and_quotes(client, alice, project):
    snapshot_rows([project])
    rows = _rows(8, "Les comptes rendus arrivent en retard.", language="fr")
    rows += _rows(7, "The parking situation at the site office is awful.", start=100)
    store_insights(_data(rows, project.customer_id), "2026-06")  # a stored customer's row
    client.force_login(alice)
    html = client.get("/insights/").content.decode()
    assert "Reporting and transparency" in html and "Schedule and delays" in html
    assert "Les comptes rendus arrivent en retard." in html  # an attributed quote
    assert "Emerging: recurring phrases no topic covers" in html and "parking" in html
    assert 'href="/insights/topics/"' in html


def test_a_stored_theme_under_a_raised_threshold_stays_hidden(client, alice, project, settings):
    snapshot_rows([project])
    CommentInsight.objects.create(
        respondents=30,
        comments=40,
        sentiment=0.1,
        themes=[
            {
                "theme": "budget",
                "name": "Budget and cost",
                "kind": "topic",
                "respondents": 8,
                "comments": 9,
                "sentiment": -0.3,
                "positive": 1,
                "negative": 6,
                "quotes": [],
            },
        ],
    )
    settings.RAPPORT_ANONYMITY_K_COMMENTS = 9
    client.force_login(alice)
    html = client.get("/insights/").content.decode()
    assert "40 comments from 30 people" in html and "Budget and cost" not in html


@pytest.mark.django_db(transaction=False)
def test_the_demo_portfolio_has_several_meaningful_themes():
    build_demo(DemoOptions(customers=8, projects=40, seed=7, today=dt.date(2026, 6, 15)))
    row = CommentInsight.objects.get(customer__isnull=True)
    topics_found = {t["theme"] for t in row.themes if t["kind"] == "topic"}
    assert len(topics_found) >= 6, row.themes
    assert {"schedule", "communication", "reporting", "planning"} <= topics_found
    assert all(t["respondents"] >= 7 for t in row.themes)
