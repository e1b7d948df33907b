"""The public pages' structure for assistive technology, read from their HTML (no browser):
the survey (as sent, with its error, thank-you), the service pulse and the shared roadmap
(``rapport.testing.structure``; the axe-core audit is ``test_accessibility_browser.py``)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from rapport.feedback import services
from rapport.feedback.pulse import services as pulse
from rapport.roadmap.services import change_service_status, create_service
from rapport.roadmap.services.items import create_item, replan_roadmap
from rapport.roadmap.services.sharing import create_share_link
from rapport.testing.factories import ProjectStakeholderFactory
from rapport.testing.structure import problems

pytestmark = pytest.mark.django_db


def test_the_public_pages_name_every_control_and_have_one_heading(
    project: Any,
    carol: Any,
    alice: Any,
    customer: Any,
    stakeholder: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    ProjectStakeholderFactory(project=project, stakeholder=stakeholder)
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="email")
    services.open_cycle(cycle, by=carol)
    survey = f"/s/{services.issue_link(cycle.invitations.get())}/"
    kit = create_service(by=alice, name="Start kit", outcome="You start in two weeks.")
    change_service_status(kit, "piloting", by=alice)  # a pulse asks about services in use
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the emails go after the commit
        pulse.open_pulse_round(customer, by=alice, period="2026-Q2")
    pulse_link = next(
        m.group(1)
        for message in mail.outbox
        if (m := re.search(r"http://testserver(/s/pulse/[A-Za-z0-9_\-]+/)", message.body))
    )
    create_item(customer, by=alice, title="Online booking", outcome="You book in two clicks.")
    replan_roadmap(customer, by=alice)
    _link, roadmap_token = create_share_link(customer, by=alice, stakeholder=stakeholder)
    client = Client()
    pages = {
        "survey": client.get(survey),
        "survey with its error": client.post(survey, {"action": "submit"}),
        "survey thanks": client.get("/s/thanks/en/"),
        "pulse": client.get(pulse_link),
        "shared roadmap": client.get(f"/shared/roadmap/{roadmap_token}/"),
    }
    assert 'role="alert"' in pages["survey with its error"].content.decode()
    found = []
    for name, response in pages.items():
        assert response.status_code == (400 if "error" in name else 200), name
        found += [f"{name}: {p}" for p in problems(response.content.decode())]
    assert found == [], "\n".join(found)
