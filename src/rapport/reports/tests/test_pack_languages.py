"""The customer pack in every respondent language, and the texts the PMO wrote in it: charter
principles and roadmap outcomes in the reader's language, a missing translation flagged and the
pack's email refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from rapport.charter.models import CharterPrinciple
from rapport.charter.services import start_charter, texts_to_translate, untranslated_principles
from rapport.reports import packs
from rapport.reports.content.customer import untranslated_in_pack
from rapport.reports.models import MonthlyPack, PackState, PackSubscription, ReportKind
from rapport.reports.render import render_html
from rapport.reports.services import report_context
from rapport.roadmap.services.items import create_item

pytestmark = pytest.mark.django_db

# Written for this test by a reader of each language, not copied from the catalog: the title,
# a heading, the month, a default principle and a measure.
EXPECTED = {
    "en": ("Your review pack", "What comes next", "May 2026", "Transparency", "Response rate"),
    "fr": ("Votre bilan", "La suite", "mai 2026", "Transparence", "Taux de réponse"),
    "de": ("Ihr Rückblick-Paket", "Wie es weitergeht", "Mai 2026", "Transparenz", "Antwortquote"),
    "es": ("Su resumen", "Lo que viene", "mayo 2026", "Transparencia", "Tasa de respuesta"),
    "nl": ("Uw terugblikpakket", "Wat er nu komt", "mei 2026", "Openheid", "Responspercentage"),
    "it": ("Il suo riepilogo", "Cosa viene dopo", "maggio 2026", "Trasparenza", "Tasso di"),
    "pt": ("O seu resumo", "O que vem a seguir", "maio 2026", "Transparência", "Taxa de resposta"),
}


def pack_html(reader, customer, language=None) -> str:
    context = report_context("customer", reader, customer.pk, "2026-05")
    if language:
        from rapport.reports.content.customer import customer_content

        context = customer_content(reader, customer, "2026-05", language)
    return render_html("reports/pdf/customer.html", context)


@pytest.mark.parametrize("language", list(EXPECTED))
def test_the_pack_is_written_in_the_customers_language(customer, alice, language):
    customer.language = language
    customer.save(update_fields=["language"])
    charter = start_charter(customer, by=alice)
    reliability = charter.principles.get(name="Reliability")
    reliability.measure = "response_rate"
    reliability.save(update_fields=["measure"])
    html = pack_html(alice, customer)
    assert f'<html lang="{language}">' in html
    for words in EXPECTED[language]:
        assert words in html, words
    if language != "en":
        assert "What comes next" not in html and "Transparency" not in html


def test_the_english_pack_keeps_its_words(customer, alice):
    html = pack_html(alice, customer)
    for words in (
        "Your review pack: Retail Banking",
        "From your project office, for May 2026.",
        "What you told us",
        "You raised no new points in these three months.",
        "We have no roadmap with you yet.",
        "We have not agreed a charter with you yet.",
        "For Retail Banking and your project office. Please do not share it further.",
    ):
        assert words in html, words


@pytest.fixture
def written(customer, alice, stakeholder):
    """A French customer: a principle and a roadmap step the PMO wrote in French, and a
    stakeholder who reads German."""
    customer.language = "fr"
    customer.save(update_fields=["language"])
    stakeholder.language = "de"
    stakeholder.save(update_fields=["language"])
    charter = start_charter(customer, by=alice)
    principle = CharterPrinciple.objects.create(
        charter=charter,
        name="Réactivité",
        description="Nous répondons sous deux jours.",
        measure="response_rate",
        target=70,
        position=6,
    )
    item = create_item(
        customer, by=alice, title="Réservation", outcome="Vous réservez en deux clics.", effort=1
    )
    return principle, item


def test_a_principle_without_the_readers_language_is_flagged(customer, written):
    principle, _item = written
    assert untranslated_principles(customer) == [("Réactivité", "de")]
    assert ("principle", "Réactivité", "de") in texts_to_translate(customer)
    assert ("roadmap", "Réservation", "de") in texts_to_translate(customer)
    # Rapport's default principles are translated by the catalog: never flagged.
    assert all(name == "Réactivité" for name, _ in untranslated_principles(customer))
    principle.name_translations = {"de": "Schnelle Antwort"}
    principle.full_clean()
    principle.save()
    assert untranslated_principles(customer) == [("Réactivité", "de")]  # the description
    principle.description_translations = {"de": "Wir antworten innerhalb von zwei Tagen."}
    principle.save()
    assert untranslated_principles(customer) == []


def test_principle_translations_need_a_known_language_code(written):
    principle, _item = written
    principle.name_translations = {"klingon": "Qapla'"}
    with pytest.raises(ValidationError):
        principle.full_clean()


def test_a_pack_in_the_readers_language_shows_the_pmos_translations(customer, alice, written):
    principle, item = written
    principle.name_translations = {"de": "Schnelle Antwort"}
    principle.description_translations = {"de": "Wir antworten innerhalb von zwei Tagen."}
    principle.save()
    item.outcome_translations = {"de": "Sie buchen mit zwei Klicks."}
    item.save()
    german = pack_html(alice, customer, "de")
    assert "Schnelle Antwort" in german and "Wir antworten innerhalb von zwei Tagen." in german
    assert "Sie buchen mit zwei Klicks." in german and "Réactivité" not in german
    assert "Transparenz" in german  # a default principle, from the catalog
    french = pack_html(alice, customer)
    assert "Réactivité" in french and "Vous réservez en deux clics." in french


def test_the_pack_email_is_refused_while_a_text_lacks_the_packs_language(
    customer, alice, written, monkeypatch
):
    assert untranslated_in_pack(customer) == []  # written in the customer's own language
    assert untranslated_in_pack(customer, "de") == [
        ("Réservation", "de"),
        ("Réactivité", "de"),
    ]
    # A pack whose language lacks a text: its email is not queued, the PMO reads why.
    monkeypatch.setattr(
        "rapport.reports.content.customer.untranslated_in_pack",
        lambda c, language=None: [("Réactivité", "de")],
    )
    customer.relationship_owner = alice
    customer.save(update_fields=["relationship_owner"])
    PackSubscription.objects.create(user=alice)
    pack = MonthlyPack.objects.create(user=alice, period="2026-05")
    report = pack.reports.create(
        kind=ReportKind.CUSTOMER, subject_id=customer.pk, period="2026-05", requested_by=alice
    )
    monkeypatch.setattr("rapport.reports.services.run_report", lambda pk: "done")
    report.__class__.objects.filter(pk=report.pk).update(state="done", pdf=b"%PDF")
    assert packs.assemble_pack(pack.pk) == PackState.FAILED
    pack.refresh_from_db()
    assert pack.message is None
    assert pack.error == "Translate these texts before the pack is sent: Réactivité (de)."
