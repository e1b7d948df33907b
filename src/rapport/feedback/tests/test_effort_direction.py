"""One direction for the effort question (customer effort score, 1–7) everywhere: 1 = very
difficult, 7 = very easy, higher is better — in the monthly review, the pulse, their figures,
the charter measure and the stored answers."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.test import Client

from rapport.charter import services as charter_services
from rapport.charter.measures import MEASURES, rag
from rapport.charter.models import CharterPrinciple
from rapport.feedback.pulse import services as pulse
from rapport.feedback.pulse.models import PulseResponse, PulseRound
from rapport.feedback.pulse.texts import pulse_strings
from rapport.feedback.questions import question_rows
from rapport.testing.factories import StakeholderFactory

EASY = {
    "en": "easy",
    "fr": "facile",
    "de": "einfach",
    "es": "fácil",
    "nl": "makkelijk",
    "it": "facile",
    "pt": "fácil",
}
HARD = {
    "en": "difficult",
    "fr": "difficile",
    "de": "schwer",
    "es": "difícil",
    "nl": "moeilijk",
    "it": "difficile",
    "pt": "difícil",
}


@pytest.mark.parametrize("language", list(EASY))
def test_monthly_and_pulse_effort_questions_run_the_same_way(language):
    effort = next(r for r in question_rows() if r["code"] == "effort")
    assert (effort["scale_min"], effort["scale_max"]) == (1, 7)
    monthly = effort["texts"][language]
    pulse_texts = pulse_strings(language)
    for low, high in [
        (monthly["low"], monthly["high"]),
        (pulse_texts["pulse_effort_low"], pulse_texts["pulse_effort_high"]),
    ]:
        assert HARD[language] in low.lower() and EASY[language] in high.lower()
        assert EASY[language] not in low.lower()
    assert monthly["low"].lower() == pulse_texts["pulse_effort_low"].lower()
    assert monthly["high"].lower() == pulse_texts["pulse_effort_high"].lower()


def test_the_charter_measure_reads_higher_as_easier():
    effort = MEASURES["pulse_effort"]
    assert effort.higher_is_better
    assert "higher is easier" in effort.note
    assert rag(6.0, 5.0, higher_is_better=effort.higher_is_better, unit=effort.unit) == "G"
    assert rag(3.0, 5.0, higher_is_better=effort.higher_is_better, unit=effort.unit) == "R"


@pytest.mark.django_db
def test_the_pulse_page_and_console_say_higher_is_easier(customer, alice):
    StakeholderFactory(customer=customer, name="Ana", email="ana@retail.test")
    StakeholderFactory(customer=customer, name="Rémi", email="remi@retail.test", language="fr")
    round_ = pulse.open_pulse_round(customer, by=alice, period="2026-Q2")
    for invitation in round_.invitations.all():
        page = Client().get(f"/s/pulse/{pulse.issue_pulse_link(invitation)}/")
        text = page.content.decode()
        if invitation.language == "fr":
            assert "1 = très difficile · 7 = très facile" in text
        else:
            assert "1 = very difficult · 7 = very easy" in text
    client = Client()
    client.force_login(alice)
    assert "higher is easier" in client.get("/reviews/pulse/").content.decode()


@pytest.mark.django_db
def test_stored_pulse_answers_and_charter_targets_are_turned_round(customer, alice):
    """The data migrations keep the meaning of what was stored on the old scale (1 = very easy):
    an old 2 (easy) becomes 6, and a charter target of at most 3 becomes at least 5."""
    round_ = PulseRound.objects.create(customer=customer, period="2026-Q1", state="closed")
    PulseResponse.objects.bulk_create(
        PulseResponse(
            round=round_,
            customer=customer,
            confidentiality="anonymous",
            submitted_on=dt.date(2026, 1, 1),
            priorities_served=7,
            effort=old,
        )
        for old in (1, 2, 7)
    )
    charter = charter_services.start_charter(customer, by=alice)
    CharterPrinciple.objects.create(
        charter=charter, name="Easy to work with", measure="pulse_effort", target=3
    )
    other = charter.principles.exclude(measure="pulse_effort").first()
    other_target = other.target

    feedback_step = importlib.import_module(
        "rapport.feedback.migrations.0005_pulse_effort_higher_is_easier"
    )
    charter_step = importlib.import_module(
        "rapport.charter.migrations.0002_pulse_effort_higher_is_easier"
    )
    feedback_step.turn_round(apps, None)
    charter_step.turn_round(apps, None)

    assert sorted(PulseResponse.objects.values_list("effort", flat=True)) == [1, 6, 7]
    assert charter.principles.get(measure="pulse_effort").target == 5
    other.refresh_from_db()
    assert other.target == other_target
