"""The survey page and its emails say the right thing: the Skip answer is not the skip link,
the intro promises saving only when answers can be saved, and a planned review's email preview
has no empty deadline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from rapport.feedback import services
from rapport.feedback.words import strings

pytestmark = pytest.mark.django_db

CSS = Path(__file__).resolve().parents[2] / "console" / "static" / "rapport" / "rapport.css"


def _survey(project, carol, confidentiality: str = "attributed") -> str:
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="email")
    cycle.confidentiality = confidentiality
    cycle.save(update_fields=["confidentiality"])
    services.open_cycle(cycle, by=carol)
    token = services.issue_link(cycle.invitations.order_by("pk").first())
    return Client().get(f"/s/{token}/").content.decode()


def test_skip_answer_and_skip_link_use_different_classes(project, feedback_givers, carol):
    html = _survey(project, carol)
    assert 'class="opt-skip"' in html and 'class="opt skip"' not in html
    # The skip link's off-screen rule applies to the skip link only.
    css = CSS.read_text()
    assert re.search(r"^\.skip\s*\{", css, re.M) is None
    assert ".skip-link { position: absolute; left: -999px; }" in css
    console = Client()
    console.force_login(carol)
    assert '<a class="skip-link" href="#content">' in console.get("/").content.decode()


def test_scales_say_how_many_columns_they_take(project, feedback_givers, carol):
    html = _survey(project, carol)
    # As classes, not inline styles (the Content-Security-Policy allows none).
    assert 'class="scale-options anchored n-10 np-5"' in html  # overall
    assert 'class="scale-options n-11 np-6"' in html  # recommend, 0–10
    assert 'class="scale-options n-7 np-4"' in html  # effort


@pytest.mark.parametrize("confidentiality", ["attributed", "confidential"])
def test_resumable_surveys_offer_to_save(project, feedback_givers, carol, confidentiality):
    html = _survey(project, carol, confidentiality)
    assert strings("en")["survey_intro_save"] in html
    assert 'value="save"' in html


def test_anonymous_survey_does_not_promise_to_save(project, feedback_givers, carol):
    html = _survey(project, carol, "anonymous")
    assert "come back" not in html and 'value="save"' not in html
    assert strings("en")["survey_intro_once"] in html


def test_preview_of_a_planned_review_has_no_empty_deadline(project, feedback_givers, carol):
    project.customer.preferred_channel = "email"
    project.customer.save()
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="email")
    assert cycle.deadline is None
    client = Client()
    client.force_login(carol)
    html = client.get(f"/reviews/{cycle.pk}/open/").content.decode()
    assert "How is Branch booking going for you this month? It takes about two minutes." in html
    assert "Comment se passe Branch booking pour vous ce mois-ci ? Cela prend" in html
    assert "by ." not in html and "avant le ." not in html


def test_sent_invitation_names_its_deadline(email_cycle, mailoutbox):
    english = next(m for m in mailoutbox if "olivia@" in m.to[0])
    day = email_cycle.deadline
    # Written as people write dates in the email's language, not as an ISO date.
    assert f"Please tell us by {day.day} {day.strftime('%B')} {day.year}." in english.body


def test_focus_ring_contrast_is_at_least_three_to_one():
    css = CSS.read_text()

    def colour(name: str) -> str:
        return re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{6}})", css).group(1)

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    def contrast(a: str, b: str) -> float:
        high, low = sorted([luminance(a), luminance(b)], reverse=True)
        return (high + 0.05) / (low + 0.05)

    brand = colour("brand")
    assert contrast(colour("focus"), "#ffffff") >= 3
    assert contrast(colour("focus"), colour("bg")) >= 3
    assert contrast(colour("focus-on-brand"), brand) >= 3
    assert re.search(r"header\.top \{[^}]*--focus: var\(--focus-on-brand\)", css)
    # The survey's verbal anchors are readable.
    assert re.search(r"\.scale-options \.opt small \{[^}]*font-size: 13px", css)
