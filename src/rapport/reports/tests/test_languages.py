"""The reports in their reader's console language: the pages, the staff PDFs and the monthly pack
email in French and German; the customer pack keeps the customer's language."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from rapport.accounts import services as accounts
from rapport.reports.packs import prepare_monthly_packs, set_subscription
from rapport.reports.services import build_report
from rapport.reports.tests.helpers import pdf_info, pdf_text, recompute, scored_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(project, other_project, django_capture_on_commit_callbacks):
    scored_project(
        project,
        scores=[8, 8, 8, 8, 8, 3],
        issue="The weekly report is too long to read.",
        action="Cut the weekly report to one page",
    )
    scored_project(other_project, scores=[7, 7, 6, 7, 7, 7])
    recompute(django_capture_on_commit_callbacks)
    return project


def test_a_french_manager_reads_the_pages_and_the_one_pager_in_french(scored, carol):
    accounts.set_console_language(carol, "fr", by=carol)
    client = Client()
    client.force_login(carol)
    page = client.get(reverse("reports:list")).content.decode()
    assert "Vos rapports" in page and "Aucun rapport pour l’instant." in page
    response = client.post(reverse("reports:request"), {"kind": "project", "subject": scored.pk})
    status = client.get(response["Location"]).content.decode()
    assert "Synthèse de projet : en attente du traitement…" in status
    assert "Demandé le" in status and "Asked for" not in status

    report = build_report("project", carol, scored.pk)
    assert report.language == "fr" and "synthèse" in report.title
    text = pdf_text(report.pdf)
    for words in (
        "intervalle à 95 %",
        "moyenne brute",
        "Points soulevés et actions",
        "The weekly report is too long to read.",  # the customer's own words, as said
        "Prochaine revue",
        "Confidentiel · Retail Banking · préparé pour Carol Manager.",
    ):
        assert words in text, words
    assert "Issues and actions" not in text and "Next review" not in text


def test_a_french_reader_still_gets_an_english_customer_pack_in_english(scored, alice):
    accounts.set_console_language(alice, "fr", by=alice)
    report = build_report("customer", alice, scored.customer_id)
    assert report.language == "en"
    assert "What you told us" in pdf_text(report.pdf)


def test_a_german_sponsor_gets_the_monthly_pack_and_its_review_in_german(
    scored, erin, django_capture_on_commit_callbacks
):
    accounts.set_console_language(erin, "de", by=erin)
    set_subscription(erin, on=True, by=erin)
    with django_capture_on_commit_callbacks(execute=True):
        assert prepare_monthly_packs()["prepared"] == 1
    (email,) = [m for m in mail.outbox if m.to == [erin.email]]
    assert email.subject.startswith("Ihre Monatsmappe für")
    assert email.body.startswith("Hallo") and "Für den Lenkungsausschuss:" in email.body
    html = email.alternatives[0][0]
    assert '<html lang="de">' in html and "Die PDFs sind angehängt." in html
    (_name, pdf, _type) = email.attachments[0]
    text = pdf_text(pdf)
    for words in (
        "Gesundheitsrückblick des Portfolios",
        "Kennzahlen",
        "Überfällige Maßnahmen",
        "Nach Kunde",
        "Gesundheit nach Monat",
        "Seite 1 /",
    ):
        assert words in text, words
    assert "Headline figures" not in text
    assert re.search(r"Title:\s+Gesundheitsrückblick des Portfolios", pdf_info(pdf))
