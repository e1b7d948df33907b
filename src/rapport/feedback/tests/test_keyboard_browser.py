"""The monthly loop with a keyboard only, and the survey as a screen reader reads it.

No mouse: the stakeholder answers with Tab, Space and the arrow keys; the project manager signs
in, raises an issue and closes the review with Tab and Enter. Every control reached shows a
visible focus indicator. The accessibility tree (Playwright's aria snapshot) names each
question, its scale and its anchors in the stakeholder's language.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail

from rapport.feedback import services
from rapport.feedback.models import CycleState, Response
from rapport.testing.browser import PASSWORD
from rapport.testing.factories import ProjectStakeholderFactory, StakeholderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = """() => {
  const e = document.activeElement;
  const label = e.labels && e.labels.length ? e.labels[0].innerText : "";
  const ring = el => el && getComputedStyle(el).outlineStyle !== "none";
  return {
    tag: e.tagName.toLowerCase(),
    type: e.type || "",
    name: (e.getAttribute("aria-label") || label || e.innerText || e.value || "").trim(),
    visible: ring(e) || ring(e.closest(".opt, .opt-skip")),
  };
}"""


def tab_to(page: Any, pattern: str, *, limit: int = 120) -> dict:
    """Press Tab until the focused control's name matches; its focus must be visible."""
    wanted = re.compile(pattern)
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["tag"] == "body":  # focus left the page for the browser's own controls
            continue
        seen.append(focused["name"][:40])
        assert focused["visible"], f"no visible focus on {focused}"
        if wanted.search(focused["name"]):
            return focused
    raise AssertionError(f"{pattern!r} never took the focus; tabbed through {seen}")


@pytest.fixture
def survey(project: Any, carol: Any) -> tuple[Any, str]:
    person = StakeholderFactory(customer=project.customer, name="Rémi Durand", language="fr")
    ProjectStakeholderFactory(project=project, stakeholder=person)
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="email")
    services.open_cycle(cycle, by=carol)
    return cycle, services.issue_link(cycle.invitations.get())


def test_a_stakeholder_answers_and_the_manager_closes_the_review_by_keyboard(page, survey, carol):
    cycle, token = survey
    page.goto(f"/s/{token}/")
    # Overall satisfaction: Tab into the scale, Space picks 1, six arrows move to 7.
    tab_to(page, r"^1\b")
    page.keyboard.press("Space")
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    assert page.locator("fieldset#f_overall input:checked").get_attribute("value") == "7"
    comment = tab_to(page, "Qu’est-ce qui en ferait un 10")
    assert comment["tag"] == "textarea"
    page.keyboard.type("Des dates plus tôt")
    tab_to(page, "Envoyer mes réponses")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Merci").wait_for()
    answer = Response.objects.get()
    assert answer.overall == 7 and answer.comment == "Des dates plus tôt"

    # The project manager, keyboard only: sign in, raise the issue, agree, close.
    page.goto("/accounts/login/")
    tab_to(page, "Email address")
    page.keyboard.type(carol.email)
    tab_to(page, "^Password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"/reviews/{cycle.pk}/")
    tab_to(page, "Issue, in the customer")
    page.keyboard.type("Dates come too late")
    tab_to(page, "^Add the issue$")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_text("Dates come too late").first.wait_for()
    services.record_meeting(cycle, by=carol, held_on=dt.date(2026, 3, 20))
    page.goto(f"/reviews/{cycle.pk}/")
    tab_to(page, "^Actions agreed$")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    mail.outbox.clear()
    tab_to(page, "^Close and send the summary$")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    cycle.refresh_from_db()
    assert cycle.state == CycleState.CLOSED
    stakeholder = cycle.invitations.get().stakeholder
    assert [m for m in mail.outbox if m.to == [stakeholder.email]], "the summary was sent"


def test_the_survey_reads_its_questions_scales_and_anchors_in_french(page, survey):
    _cycle, token = survey
    page.goto(f"/s/{token}/")
    tree = page.locator("form.survey-form").aria_snapshot()
    overall = page.locator("fieldset#f_overall legend").inner_text().rstrip(" *")
    # Each question is a named group; its scale is ten radios, named by number and anchor.
    assert f'group "{overall}' in tree
    for value in range(1, 11):
        assert re.search(rf'radio "{value}\b[^"]*"', tree), (value, tree)
    anchors = [a.strip() for a in page.locator("fieldset#f_overall .opt small").all_inner_texts()]
    assert anchors, "the overall scale has verbal anchors"
    for anchor in anchors:
        assert anchor in tree, (anchor, tree)
    # The ends of each scale are said with it (its description), in French.
    ends = page.locator("#ends_overall")
    if ends.count():
        described = page.locator("fieldset#f_overall").get_attribute("aria-describedby")
        assert described and "ends_overall" in described
    assert 'textbox "Qu’est-ce qui en ferait un 10 ?"' in tree
    assert 'button "Envoyer mes réponses"' in tree
    assert "Send my answers" not in tree and "Overall" not in tree
