"""The health review speaks the reader's console language: its pages, its charts' text
alternatives, the stored English sentences of the analytics (said again in the reader's
language when shown) and the alert emails."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils.translation import override

from rapport.accounts import services as accounts
from rapport.catalogs import CONSOLE_LANGUAGES
from rapport.feedback.models import OutboxKind, OutboxMessage
from rapport.feedback.tasks import deliver_due
from rapport.insights import wording
from rapport.insights.analytics import evaluate_series, points_from_scores
from rapport.insights.analytics.evidence import message as early_warning_message
from rapport.insights.analytics.health import health
from rapport.insights.models import Alert
from rapport.insights.notifications import queue_alert_notifications
from rapport.insights.tests.snapshots import snapshot_rows
from rapport.testing.console import english

pytestmark = pytest.mark.django_db

EVIDENCE = {
    "since": "2026-01",
    "statistic": 4.21,
    "threshold": 3.5,
    "false_alarms_per_year": 0.1,
    "answers": 6,
    "residual": -1.4,
    "mean": 5.9,
    "usual": 7.3,
    "expected": 8,
    "answered": 3,
    "usual_response": 0.8,
    "silent": 2,
}


def _signal_messages() -> list[str]:
    """Every rule's English words, as the analytics write them."""
    scores = {f"2025-{m:02d}": [9.0, 9.0, 8.0] for m in range(1, 13)}
    scores.update({"2026-01": [5.0, 4.0], "2026-02": [3.0, 2.0], "2026-03": [2.0, 3.0]})
    points, sums = points_from_scores(
        scores,
        expired={"2026-04", "2026-05"},
        overdue={"2026-02": 2},
        sentiment={"2025-12": 0.4, "2026-02": -0.6},
    )
    return [s.message for r in evaluate_series(points, sumsq=sums) for s in r.signals]


def _reasons() -> list[str]:
    verdict = health(
        delivery_status="AR",
        theta=6.1,
        theta_high=6.6,
        response_rate=0.3,
        expired_in_a_row=3,
        overdue_actions=2,
    )
    return [*verdict.reasons, *health(delivery_status="G").reasons]


def test_every_sentence_of_the_analytics_is_said_again_unchanged_in_english():
    messages = _signal_messages()
    assert {m.split(":")[0] for m in messages} >= {
        "Scores are drifting down",
        "Sustained shortfall",
        "Comments turned negative in 2026-02",
    }
    assert any(m.startswith("Mean fell from") for m in messages)
    assert any(m.startswith("A stakeholder scored") for m in messages)
    assert any(m.startswith("No answer for") for m in messages)
    for sentence in [*messages, *_reasons()]:
        with override("en"):
            assert wording.sentence(sentence) == sentence
        for language in ("fr", "de"):
            with override(language):
                said = wording.sentence(sentence)
            assert said != sentence, (language, sentence)
    with override("en"):
        assert wording.early_warning(EVIDENCE, "2026-03") == early_warning_message(
            EVIDENCE, "2026-03"
        )


def test_the_early_warning_and_withheld_numbers_in_french_and_german():
    with override("fr"):
        said = wording.signal("early_warning", "stored", EVIDENCE, "2026-03")
        assert said.startswith("Alerte précoce en 2026-03 : Depuis 2026-01, 6 réponses")
        assert "fausses alarmes par projet et par an" in said
    with override("de"):
        said = wording.signal("drop", "stored", {"withheld": True, "k": 5}, "2026-03")
        assert said.startswith("Die Zufriedenheit ist im 2026-03")
        assert "weniger als 5 Personen" in said
    # Numbers as the reader writes them: a decimal comma in French and German.
    with override("fr"):
        said = wording.signal("early_warning", "stored", EVIDENCE, "2026-03")
        assert f"{EVIDENCE['statistic']:.1f}".replace(".", ",") in said
        drop = next(m for m in _signal_messages() if m.startswith("Mean fell from"))
        english_numbers = re.findall(r"\d+\.\d+", drop)
        assert english_numbers
        said = wording.sentence(drop)
        for number in english_numbers:
            assert number not in said and number.replace(".", ",") in said
    with override("de"):
        assert wording.sentence("Adjusted score 6.2 is below the target 7.5.") == (
            wording.gettext("Adjusted score %(theta)s is below the target %(target)s.")
            % {"theta": "6,2", "target": "7,5"}
        )
        assert wording.sentence("Response rate 45% is under 60%.").count("45%") == 1
    # Words no pattern knows (an older wording) are shown as stored.
    with override("fr"):
        assert wording.sentence("Something else happened.") == "Something else happened."


def test_a_month_when_the_whole_portfolio_answered_less_is_said_in_every_language():
    evidence = {**EVIDENCE, "portfolio_response": 0.45}
    with override("en"):
        said = wording.early_warning(evidence, "2026-08")
        assert said == early_warning_message(evidence, "2026-08")
        assert "across the portfolio, 45% of the usual answers came in 2026-08" in said
    with override("fr"):
        assert "sur l’ensemble du portefeuille, 45% des réponses habituelles" in (
            wording.early_warning(evidence, "2026-08")
        )
    with override("de"):
        assert "im ganzen Portfolio kamen im 2026-08 45% der üblichen Antworten" in (
            wording.early_warning(evidence, "2026-08")
        )
    # An ordinary month says nothing of the portfolio.
    with override("en"):
        assert "across the portfolio" not in wording.early_warning(EVIDENCE, "2026-03")


def _stored_alert(project) -> Alert:
    messages = {m.split(" ")[0]: m for m in _signal_messages()}
    return Alert.objects.create(
        project=project,
        rule="drop",
        severity="warning",
        period="2026-03",
        last_period="2026-03",
        message=messages["Mean"],
        evidence={"from": 5.0, "to": 2.5},
    )


def test_a_french_pmo_lead_reads_the_health_review_and_alerts_in_french(
    client, alice, project, other_project
):
    accounts.set_console_language(alice, "fr", by=alice)
    snapshot_rows([project, other_project])
    _stored_alert(project)
    client.force_login(alice)
    html = client.get("/insights/").content.decode()
    assert '<html lang="fr">' in html
    assert "Revue de santé du portefeuille" in html and "Santé par mois" in html
    assert "Données de ce graphique" in html  # the charts' text alternatives
    assert re.search(r"Santé de 2 projets par mois, de \d{4}-\d\d à 2026-03\.", html)
    assert "objectif 7" in html  # drawn in the charts
    assert "La moyenne est passée de" in html  # the stored English alert, said in French
    assert "Portfolio health review" not in html and "Mean fell from 4.5" not in html
    alerts = client.get("/insights/alerts/").content.decode()
    assert "Prendre en compte" in alerts and "Avertissement" in alerts
    assert re.search(r"sur vos \d+ projets actifs", alerts) or "sur votre" in alerts


def test_a_german_project_manager_reads_the_project_health_in_german(client, carol, project):
    accounts.set_console_language(carol, "de", by=carol)
    snapshot_rows([project])
    _stored_alert(project)
    client.force_login(carol)
    html = client.get(f"/insights/project/{project.pk}/").content.decode()
    assert '<html lang="de">' in html
    assert "Gesundheit von Branch booking" in html and "Offene Warnungen" in html
    assert "Aktuelle Signale und ihre Belege" in html and "Der Mittelwert fiel" in html
    assert "Bereinigte Bewertung θ mit 95 %-Intervall" in html  # the trend's title
    assert "Current signals" not in html and "Mean fell from 4.5" not in html


def test_a_german_topic_form_names_the_languages_in_german(client, alice):
    accounts.set_console_language(alice, "de", by=alice)
    client.force_login(alice)
    html = client.get("/insights/topics/new/").content.decode()
    assert "Kommentarthema hinzufügen" in html and "Ausdrücke auf Französisch" in html


def test_each_alert_email_is_written_in_its_readers_language(
    settings, client, alice, bob, carol, project
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    accounts.set_console_language(alice, "fr", by=alice)
    accounts.set_console_language(carol, "de", by=carol)
    alert = _stored_alert(project)
    queue_alert_notifications(alert)
    OutboxMessage.objects.filter(kind=OutboxKind.ALERT).update(next_attempt_at=None)
    deliver_due()
    by_reader = {m.to[0]: m for m in mail.outbox}
    assert by_reader[alice.email].subject.startswith("[Rapport] Alerte (Avertissement) sur")
    assert "La moyenne est passée de" in by_reader[alice.email].body
    assert by_reader[carol.email].subject.startswith("[Rapport] Warnung (Erhöht) zu")
    assert "Die Gesundheitsseite des Projekts" in by_reader[carol.email].body
    html = by_reader[carol.email].alternatives[0][0]
    assert '<html lang="de">' in html and "Gesundheit des Projekts öffnen" in html
    english = by_reader[bob.email]
    assert english.subject == "[Rapport] Warning alert on Branch booking (2026-03)"
    assert english.body.startswith("Warning alert on Branch booking (Retail Banking), 2026-03")
    assert "Mean fell from" in english.body


def test_overdue_actions_are_counted_in_the_right_plural():
    # As the analytics write them now, and as versions before 2026-12-07 stored them.
    assert "2 agreed actions overdue." in _reasons()
    with override("fr"):
        assert wording.sentence("1 agreed action overdue.") == "1 action convenue en retard."
        assert wording.sentence("4 agreed actions overdue at the end of 2026-05.") == (
            "4 actions convenues en retard à la fin de 2026-05."
        )
    with override("en"):
        assert wording.sentence("1 agreed action(s) overdue.") == "1 agreed action overdue."
        assert wording.sentence("3 agreed action(s) overdue at the end of 2026-05.") == (
            "3 agreed actions overdue at the end of 2026-05."
        )
    with override("fr"):
        assert wording.sentence("1 agreed action(s) overdue.") == "1 action convenue en retard."
        assert wording.sentence("2 agreed action(s) overdue.") == "2 actions convenues en retard."
    with override("de"):
        assert wording.sentence("2 agreed action(s) overdue.") == (
            "2 vereinbarte Maßnahmen überfällig."
        )


def test_status_counts_agree_in_french():
    from rapport.chart_text import count_words

    with override("fr"):  # "3 vert" would not agree: the word first, then its count
        assert count_words([("G", 3), ("A", 1), ("R", 2)]) == "vert : 3, orange : 1 et rouge : 2"


@pytest.mark.parametrize("language", CONSOLE_LANGUAGES)
def test_an_alert_email_leaves_no_english_in_any_console_language(
    settings, alice, project, language
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    accounts.set_console_language(alice, language, by=alice)
    queue_alert_notifications(_stored_alert(project))
    OutboxMessage.objects.filter(kind=OutboxKind.ALERT).update(next_attempt_at=None)
    deliver_due()
    email = next(m for m in mail.outbox if m.to == [alice.email])
    said = email.subject + "\n" + email.body
    for data in (project.name, project.customer.name, alice.full_name):
        said = said.replace(data, "")
    said = re.sub(r"https?://\S+", "", said)
    assert english(language).findall(said) == [], said
