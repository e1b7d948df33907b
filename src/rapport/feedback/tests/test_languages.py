"""The respondent side in the stakeholder's language: which language a page or email gets (the
stakeholder's, else the customer's, else the browser's; the switcher first), and every public
page and email in each of the seven languages, with words checked by people who read them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client

from rapport.feedback import services
from rapport.feedback.emails import opt_out_url
from rapport.feedback.words import respondent_languages, strings
from rapport.testing.factories import ProjectStakeholderFactory, StakeholderFactory

pytestmark = pytest.mark.django_db

# The send button, as a reader of each language expects it (not read from the catalogs, so a
# catalog that falls back to English fails here).
SEND = {
    "en": "Send my answers",
    "fr": "Envoyer mes réponses",
    "de": "Antworten senden",
    "es": "Enviar mis respuestas",
    "nl": "Mijn antwoorden versturen",
    "it": "Invia le mie risposte",
    "pt": "Enviar as minhas respostas",
}
MAKE_IT_TEN = {
    "en": "What would make this a 10?",
    "fr": "Qu’est-ce qui en ferait un 10 ?",
    "de": "Was würde daraus eine 10 machen?",
    "es": "¿Qué haría falta para que fuera un 10?",
    "nl": "Wat zou er een 10 van maken?",
    "it": "Cosa lo renderebbe un 10?",
    "pt": "O que faria disto um 10?",
}
MONTH = {"en": "March", "fr": "mars", "de": "März", "es": "marzo", "nl": "maart"}
MONTH |= {"it": "marzo", "pt": "março"}


def _open(project, carol, *, stakeholder: str = "", customer: str = "en") -> tuple[str, object]:
    """An email review opened for one stakeholder; returns their link and their invitation."""
    project.customer.language = customer
    project.customer.save(update_fields=["language"])
    person = StakeholderFactory(
        customer=project.customer, name="Sam Lee", email="sam@retail.test", language=stakeholder
    )
    ProjectStakeholderFactory(project=project, stakeholder=person)
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="email")
    services.open_cycle(cycle, by=carol)
    invitation = cycle.invitations.get()
    return services.issue_link(invitation), invitation


@pytest.mark.parametrize("language", respondent_languages())
def test_the_survey_page_speaks_the_stakeholders_language(project, carol, language):
    token, _invitation = _open(project, carol, stakeholder=language)
    html = Client().get(f"/s/{token}/").content.decode()
    assert f'<html lang="{language}">' in html
    assert SEND[language] in html and MAKE_IT_TEN[language] in html
    assert strings(language)["survey_title"].format(project="Branch booking") in html
    # The switcher offers every language in its own name, this one marked current.
    assert html.count('hreflang="') == len(respondent_languages())
    assert re.search(rf'href="\?lang={language}"[^>]*aria-current="true"', html)


@pytest.mark.parametrize("language", respondent_languages())
def test_status_and_unsubscribe_pages_speak_it_too(project, carol, language):
    token, invitation = _open(project, carol, stakeholder=language)
    s = strings(language)
    client = Client()
    client.post(f"/s/{token}/", {"q_overall": "7", "action": "submit"})
    thanks = client.get(f"/s/thanks/{language}/").content.decode()
    assert s["thanks_title"] in thanks and f'lang="{language}"' in thanks
    unsubscribe = client.get(opt_out_url(invitation.email)).content.decode()
    assert s["optout_button"] in unsubscribe and f'<html lang="{language}">' in unsubscribe


def test_the_stakeholders_language_comes_first_then_the_customers(project, carol):
    token, invitation = _open(project, carol, stakeholder="it", customer="de")
    assert invitation.language == "it"
    assert SEND["it"] in Client().get(f"/s/{token}/").content.decode()


def test_an_empty_stakeholder_language_is_the_customers(project, carol):
    token, invitation = _open(project, carol, stakeholder="", customer="nl")
    assert invitation.language == "nl"
    assert SEND["nl"] in Client().get(f"/s/{token}/").content.decode()


def test_the_switcher_wins_and_is_kept_when_answering(project, carol):
    token, _invitation = _open(project, carol, stakeholder="de")
    client = Client()
    assert SEND["es"] in client.get(f"/s/{token}/?lang=es").content.decode()
    answered = client.post(f"/s/{token}/?lang=es", {"q_overall": "8", "action": "submit"})
    assert answered.status_code == 302 and answered["Location"].endswith("/es/")
    # A language the pages do not speak is ignored.
    assert SEND["de"] in client.get(f"/s/{token}/?lang=xx").content.decode()


def test_a_broken_link_speaks_the_browsers_language():
    page = Client().get("/s/not-a-real-token/", HTTP_ACCEPT_LANGUAGE="pt-PT,pt;q=0.9,en;q=0.5")
    assert page.status_code == 404
    assert strings("pt")["invalid_title"] in page.content.decode()
    page = Client().get("/s/not-a-real-token/", HTTP_ACCEPT_LANGUAGE="ja")
    assert strings("en")["invalid_title"] in page.content.decode()


@pytest.mark.parametrize("language", respondent_languages())
def test_the_invitation_email_is_in_their_language_with_a_local_date(
    project, carol, language, django_capture_on_commit_callbacks
):
    project.customer.preferred_channel = "email"
    project.customer.save()
    person = StakeholderFactory(
        customer=project.customer, email="sam@retail.test", language=language
    )
    ProjectStakeholderFactory(project=project, stakeholder=person)
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="email")
    cycle.deadline = dt.date(2026, 3, 20)
    cycle.save(update_fields=["deadline"])
    with django_capture_on_commit_callbacks(execute=True):
        services.open_cycle(cycle, by=carol)
    (email,) = [m for m in mail.outbox if m.to == ["sam@retail.test"]]
    s = strings(language)
    assert email.subject == s["invite_subject"].format(project="Branch booking")
    assert s["open_link"] in email.body and s["opt_out"] in email.body
    html = email.alternatives[0][0]
    assert f'<html lang="{language}">' in html
    # The deadline is written the local way ("20 mars 2026"), not as 2026-03-20.
    assert "2026-03-20" not in email.body
    assert re.search(rf"\b20\.? (de )?{MONTH[language]}( de)? 2026\b", email.body), email.body


def test_the_meeting_invitations_calendar_file_is_in_their_language(
    project, carol, django_capture_on_commit_callbacks
):
    person = StakeholderFactory(customer=project.customer, email="sam@retail.test", language="de")
    ProjectStakeholderFactory(project=project, stakeholder=person)
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="meeting")
    with django_capture_on_commit_callbacks(execute=True):
        services.open_cycle(cycle, by=carol)
    (email,) = [m for m in mail.outbox if m.to == ["sam@retail.test"]]
    ((_name, ics, _type),) = email.attachments
    text = ics.decode() if isinstance(ics, bytes) else ics
    assert "Monatlicher Rückblick: Branch booking" in text
