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


def _open_survey(project, carol, *, culture: str = "attributed") -> str:
    person = StakeholderFactory(customer=project.customer, name="Olivia Walker")
    ProjectStakeholderFactory(project=project, stakeholder=person)
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="email")
    if culture != "attributed":
        cycle.confidentiality = culture
        cycle.save(update_fields=["confidentiality"])
    services.open_cycle(cycle, by=carol)
    return services.issue_link(cycle.invitations.get())


def _rows(group) -> set[float]:
    """The distinct top edges of a scale's boxes: one per row of options."""
    return {round(box["y"]) for box in (o.bounding_box() for o in group.locator(".opt").all())}


@pytest.mark.parametrize(("width", "overall_rows"), [(1280, 1), (390, 2)], ids=["desktop", "phone"])
def test_scales_keep_their_rows_and_skip_is_visible(
    page, screenshot, project, carol, width, overall_rows
):
    token = _open_survey(project, carol)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/s/{token}/")
    overall = page.locator("fieldset#f_overall")
    assert len(_rows(overall)) == overall_rows  # 1–10 in one row on a desktop, 5 + 5 on a phone
    assert len(_rows(page.locator("fieldset#f_effort"))) == (1 if width > 600 else 2)
    # The anchors are readable (13 px) and inside the page.
    anchor = overall.locator(".opt small").first
    assert anchor.evaluate("e => getComputedStyle(e).fontSize") == "13px"
    anchor_box = anchor.bounding_box()
    assert anchor_box["x"] >= 0 and anchor_box["x"] + anchor_box["width"] <= width
    # "Skip" on an optional question is on screen and can be chosen.
    skip = page.locator("fieldset#f_recommend .opt-skip")
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert skip.is_visible()
    skip.click()
    assert skip.get_by_role("radio").is_checked()
    # The skip link stays hidden until focused (it is not on the survey page at all).
    assert page.locator(".skip-link").count() == 0
    screenshot(f"survey-scales-{width}")


def test_anonymous_survey_does_not_promise_to_save(page, project, carol):
    token = _open_survey(project, carol, culture="anonymous")
    page.goto(f"/s/{token}/")
    body = page.locator("main").inner_text()
    assert "save and come back" not in body
    assert "Please answer in one go." in body
    assert page.get_by_role("button", name="Save and finish later").count() == 0
