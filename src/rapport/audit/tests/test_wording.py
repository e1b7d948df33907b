"""Recent changes on a project's, a customer's and a service's page read as words, not codes."""

from __future__ import annotations

import pytest
from django.utils import translation

from rapport.audit.models import AuditEntry
from rapport.audit.wording import in_words
from rapport.portfolio import services

pytestmark = pytest.mark.django_db


def test_a_projects_recent_changes_are_in_words(client, bob, project):
    services.update_project(project, by=bob, phase="handover")
    services.set_delivery_status(project, "AR", by=bob)
    client.force_login(bob)
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert "Changed · Bob Analyst" in html and "Delivery status recorded · Bob Analyst" in html
    assert "portfolio.project." not in html


def test_in_the_readers_language_with_a_fallback_for_other_actions():
    with translation.override("fr"):
        assert in_words(AuditEntry(action="portfolio.project.updated")) == "Modifié"
    assert in_words(AuditEntry(action="roadmap.share_link.emailed")) == "Emailed"
