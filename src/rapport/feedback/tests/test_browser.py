"""The survey in a real browser on a phone-sized screen: answer with the keyboard-accessible
scales, send (CSRF from a real page, the referrer policy must allow it), see the thank-you page."""

from __future__ import annotations

import pytest

from rapport.feedback import services
from rapport.feedback.models import Response
from rapport.testing.factories import ProjectStakeholderFactory, StakeholderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_stakeholder_answers_the_survey_on_a_phone(page, screenshot, project, carol):
    person = StakeholderFactory(customer=project.customer, name="Rémi Durand", language="fr")
    ProjectStakeholderFactory(project=project, stakeholder=person)
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="email")
    services.open_cycle(cycle, by=carol)
    token = services.issue_link(cycle.invitations.get())
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/s/{token}/")
    assert page.get_by_role("heading", name="Votre revue mensuelle de Branch booking").is_visible()
    group = page.locator("fieldset#f_overall")
    assert group.get_by_role("radio").count() == 10
    group.get_by_text("7", exact=True).click()
    page.get_by_label("Qu’est-ce qui en ferait un 10 ?").fill("Des dates plus tôt")
    screenshot("survey")
    page.get_by_role("button", name="Envoyer mes réponses").click()
    assert page.get_by_role("heading", name="Merci").is_visible()
    screenshot("thanks")
    response = Response.objects.get()
    assert response.overall == 7 and response.comment == "Des dates plus tôt"
    assert response.language == "fr"
