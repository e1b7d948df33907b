"""The survey answered in a real browser in each of the seven respondent languages: the page
says which language it is in (``lang``), its words are that language's, and the closing summary
email that follows is in it too."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail

from rapport.feedback import services
from rapport.feedback.models import Response
from rapport.feedback.tests.test_languages import MAKE_IT_TEN, SEND
from rapport.feedback.words import strings
from rapport.testing.factories import ProjectStakeholderFactory, StakeholderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The summary email's heading for what they told us, as a reader of each language expects it.
HEARD = {
    "en": "What you told us",
    "fr": "Ce que vous nous avez dit",
    "de": "Was Sie uns gesagt haben",
    "es": "Lo que nos dijo",
    "nl": "Wat u ons vertelde",
    "it": "Cosa ci ha detto",
    "pt": "O que nos disse",
}


@pytest.mark.parametrize("language", list(SEND))
def test_a_stakeholder_answers_in_their_language(page, screenshot, project, carol, language):
    person = StakeholderFactory(
        customer=project.customer, name="Sam Lee", email="sam@retail.test", language=language
    )
    ProjectStakeholderFactory(project=project, stakeholder=person)
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="email")
    services.open_cycle(cycle, by=carol)
    (invitation,) = [m for m in mail.outbox if m.to == [person.email]]
    s = strings(language)
    assert invitation.subject == s["invite_subject"].format(project="Branch booking")
    path = re.search(r"http://testserver(/s/[A-Za-z0-9_\-]+/)", invitation.body).group(1)

    page.goto(path)
    assert page.locator("html").get_attribute("lang") == language
    title = s["survey_title"].format(project="Branch booking")
    assert page.get_by_role("heading", name=title).is_visible()
    page.locator("fieldset#f_overall").get_by_text("8", exact=True).click()
    page.get_by_label(MAKE_IT_TEN[language]).fill(f"Comment in {language}")
    screenshot(language)
    page.get_by_role("button", name=SEND[language]).click()
    assert page.get_by_role("heading", name=s["thanks_title"]).is_visible()
    assert page.locator("html").get_attribute("lang") == language
    response = Response.objects.get()
    assert response.overall == 8 and response.language == language

    # The review closes: the summary that follows is in their language.
    mail.outbox.clear()
    services.record_meeting(cycle, by=carol, held_on=dt.date(2026, 3, 20))
    issue = services.raise_issue(cycle, by=carol, text=f"Comment in {language}")
    services.add_action(cycle, by=carol, title="Weekly note", due=dt.date(2026, 4, 10), issue=issue)
    services.agree_actions(cycle, by=carol)
    services.close_cycle(cycle, by=carol)
    (summary,) = [m for m in mail.outbox if m.to == [person.email]]
    assert summary.subject == s["summary_subject"].format(project="Branch booking")
    assert HEARD[language] in summary.body and f"Comment in {language}" in summary.body
    assert f'<html lang="{language}">' in summary.alternatives[0][0]
