"""The pages a customer's stakeholder opens, audited by axe-core at phone and desktop sizes.

Survey (form, with errors, thank-you, a dead link), the PMO service pulse, "did this fix it?",
unsubscribe and the shared roadmap: 0 serious or critical WCAG 2.0–2.2 A/AA violations, no CSP
violation or script error. A test-only page with known violations proves the check can fail.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail

from rapport.feedback import services
from rapport.feedback.emails import confirm_url, opt_out_url
from rapport.feedback.pulse import services as pulse
from rapport.roadmap.services import change_service_status, create_service
from rapport.roadmap.services.items import create_item, replan_roadmap
from rapport.roadmap.services.sharing import create_share_link
from rapport.testing.a11y import ConsoleWatch, axe_violations, describe
from rapport.testing.factories import ProjectStakeholderFactory, StakeholderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
PLAIN = "You book a branch visit in two clicks. No more calls to find a free slot."


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.fixture
def public_pages(
    project: Any, carol: Any, alice: Any, customer: Any, stakeholder: Any
) -> dict[str, str]:
    """One URL of each public page, in French where the page speaks the stakeholder's tongue."""
    person = StakeholderFactory(customer=customer, name="Rémi Durand", language="fr")
    ProjectStakeholderFactory(project=project, stakeholder=person)
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="email")
    services.open_cycle(cycle, by=carol)
    token = services.issue_link(cycle.invitations.get())
    kit = create_service(by=alice, name="Start kit", outcome="You start in two weeks.")
    kit.outcome_translations = {"fr": "Vous démarrez dans deux semaines."}
    kit.save(update_fields=["outcome_translations"])
    change_service_status(kit, "piloting", by=alice)
    mail.outbox.clear()
    pulse.open_pulse_round(customer, by=alice, period="2026-Q2")
    pulse_links = [
        m.group(1)
        for message in mail.outbox
        if (m := re.search(r"http://testserver(/s/pulse/[A-Za-z0-9_\-]+/)", message.body))
    ]
    assert pulse_links, "the pulse round emailed its links"
    create_item(customer, by=alice, title="Online booking", outcome=PLAIN, pain_relief=3, effort=2)
    replan_roadmap(customer, by=alice)
    _link, roadmap_token = create_share_link(customer, by=alice, stakeholder=stakeholder)
    issue = services.raise_issue(cycle, by=carol, text="We hear about delays too late")
    action = services.add_action(
        cycle, by=carol, title="Weekly delay note", due=dt.date(2026, 4, 10), issue=issue
    )
    return {
        "survey": f"/s/{token}/",
        "survey thanks": "/s/thanks/fr/",
        "dead survey link": "/s/not-a-real-token/",
        "pulse": pulse_links[0],
        "pulse thanks": "/s/pulse/thanks/en/",
        "did this fix it": _path(confirm_url(action.pk)),
        "unsubscribe": _path(opt_out_url(person.email)),
        "shared roadmap": f"/shared/roadmap/{roadmap_token}/",
        "refused roadmap link": "/shared/roadmap/not-a-real-token/",
    }


@pytest.mark.parametrize("size", list(SIZES))
def test_every_public_page_passes_axe(page, public_pages, size):
    watch = ConsoleWatch().attach(page)
    page.set_viewport_size(SIZES[size])
    failures = []
    for name, path in public_pages.items():
        page.goto(path)
        found = axe_violations(page)
        if found:
            failures.append(describe(found, f"{name} ({path}) at {size} size"))
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > SIZES[size]["width"] + 1:
            failures.append(f"{name} ({path}) scrolls sideways: {scroll}px wide")
    # The survey with its error message, after sending nothing.
    page.goto(public_pages["survey"])
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()
    found = axe_violations(page)
    if found:
        failures.append(describe(found, "survey with errors"))
    assert not failures, "\n".join(failures)
    assert not watch.violations, "\n".join(watch.violations)
    assert not watch.errors, "\n".join(watch.errors)


def test_the_check_fails_on_a_page_with_known_violations(page):
    """A test-only page: an unnamed button, grey-on-white text and an image without text."""
    page.set_content(
        '<!doctype html><html lang="en"><head><title>Known violations</title></head><body>'
        "<main><h1>Known violations</h1><button></button>"
        '<p style="color:#bbb;background:#fff">Hard to read</p>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        "</main></body></html>"
    )
    found = {v["id"]: v["impact"] for v in axe_violations(page)}
    assert found == {
        "button-name": "critical",
        "color-contrast": "serious",
        "image-alt": "critical",
    }
    assert "button-name (critical)" in describe(axe_violations(page), "test page")
