"""The shared roadmap page and its email in the reader's language."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from rapport.roadmap.services import sharing
from rapport.roadmap.services.items import create_item

pytestmark = pytest.mark.django_db

STEPS = {"en": "The steps", "fr": "Les étapes", "de": "Die Schritte", "es": "Los pasos"}
STEPS |= {"nl": "De stappen", "it": "I passi", "pt": "Os passos"}


@pytest.fixture
def item(customer, alice):
    return create_item(
        customer, by=alice, title="Online booking", outcome="You book in two clicks.", effort=1
    )


@pytest.mark.parametrize("language", list(STEPS))
def test_the_page_is_in_the_language_of_the_stakeholder_it_was_shared_with(
    customer, alice, stakeholder, item, language
):
    stakeholder.language = language
    stakeholder.save(update_fields=["language"])
    _link, token = sharing.create_share_link(customer, by=alice, stakeholder=stakeholder)
    html = Client().get(reverse("roadmap_public:show", args=[token])).content.decode()
    assert f'<html lang="{language}">' in html and STEPS[language] in html
    assert html.count('hreflang="') == len(STEPS)


def test_without_a_stakeholder_the_customers_language_and_the_switcher_wins(customer, alice, item):
    customer.language = "nl"
    customer.save(update_fields=["language"])
    _link, token = sharing.create_share_link(customer, by=alice)
    url = reverse("roadmap_public:show", args=[token])
    assert STEPS["nl"] in Client().get(url).content.decode()
    assert STEPS["it"] in Client().get(f"{url}?lang=it").content.decode()


def test_a_refused_link_speaks_the_browsers_language():
    page = Client().get(
        reverse("roadmap_public:show", args=["nonsense"]), HTTP_ACCEPT_LANGUAGE="de-DE,de"
    )
    assert (
        page.status_code == 404 and "Dieser Link kann nicht genutzt werden" in page.content.decode()
    )


def test_the_share_email_is_in_their_language(customer, alice, stakeholder):
    stakeholder.language = "es"
    stakeholder.save(update_fields=["language"])
    link, _token = sharing.create_share_link(customer, by=alice, stakeholder=stakeholder)
    assert sharing.send_share_email(link, "https://example.test/r/x/", by=alice)
    (email,) = mail.outbox
    assert email.subject == "Su hoja de ruta con nuestra oficina de proyectos"
    assert "No necesita contraseña." in email.body


def test_a_translated_outcome_is_shown_and_a_missing_one_blocks_the_email(
    customer, alice, stakeholder, item
):
    stakeholder.language = "de"
    stakeholder.save(update_fields=["language"])
    assert sharing.untranslated(customer) == [("Online booking", "de")]
    link, token = sharing.create_share_link(customer, by=alice, stakeholder=stakeholder)
    with pytest.raises(ValidationError, match=r"Online booking \(de\)"):
        sharing.send_share_email(link, "https://example.test/r/x/", by=alice)
    assert mail.outbox == []

    item.outcome_translations = {"de": "Sie buchen mit zwei Klicks."}
    item.full_clean()
    item.save()
    assert sharing.untranslated(customer) == []
    html = Client().get(reverse("roadmap_public:show", args=[token])).content.decode()
    assert "Sie buchen mit zwei Klicks." in html and "You book in two clicks." not in html
    assert sharing.send_share_email(link, "https://example.test/r/x/", by=alice)


def test_translations_need_a_known_language_code(item):
    item.outcome_translations = {"klingon": "Qapla'"}
    with pytest.raises(ValidationError):
        item.full_clean()
