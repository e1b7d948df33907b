"""Linking and unlinking feedback-givers from the project page: PMO roles and the project's
manager, choosing among the customer's stakeholders not linked yet."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rapport.audit.models import AuditEntry
from rapport.portfolio.models import ProjectStakeholder
from rapport.testing.factories import ProjectStakeholderFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


def _link(client, project, person, role=""):
    return client.post(
        reverse("portfolio:feedback_giver_add", args=[project.pk]),
        {"stakeholder": person.pk, "role_on_project": role},
    )


def _unlink(client, project, person):
    return client.post(reverse("portfolio:feedback_giver_remove", args=[project.pk, person.pk]))


@pytest.mark.parametrize("name", ["alice", "bob", "carol"])
def test_pmo_roles_and_the_projects_manager_link_and_unlink(
    client, users, project, stakeholder, name
):
    client.force_login(users[name])
    response = _link(client, project, stakeholder, role="Head of branches")
    assert response.status_code == 302 and response["Location"].endswith("#feedback-givers")
    link = ProjectStakeholder.objects.get(project=project, stakeholder=stakeholder)
    assert link.role_on_project == "Head of branches" and link.gives_feedback
    entry = AuditEntry.objects.get(action="portfolio.project.stakeholder_added")
    assert entry.actor == users[name]
    assert _unlink(client, project, stakeholder).status_code == 302
    assert not ProjectStakeholder.objects.exists()
    assert AuditEntry.objects.filter(action="portfolio.project.stakeholder_removed").exists()


@pytest.mark.parametrize("name", ["dave", "erin"])
def test_other_managers_and_sponsors_may_not(client, users, project, stakeholder, name):
    client.force_login(users[name])
    assert _link(client, project, stakeholder).status_code == 403
    ProjectStakeholderFactory(project=project, stakeholder=stakeholder)
    assert _unlink(client, project, stakeholder).status_code == 403
    assert ProjectStakeholder.objects.count() == 1


def test_anonymous_users_are_sent_to_sign_in(client, project, stakeholder):
    assert _link(client, project, stakeholder).status_code == 302
    assert not ProjectStakeholder.objects.exists()


def test_the_choice_is_the_customers_stakeholders_not_linked_yet(
    client, carol, project, stakeholder
):
    linked = StakeholderFactory(customer=project.customer, name="Already Linked")
    ProjectStakeholderFactory(project=project, stakeholder=linked)
    StakeholderFactory(customer=project.customer, name="Gone Away", is_active=False)
    StakeholderFactory(name="Someone Elsewhere")
    client.force_login(carol)
    page = client.get(project.get_absolute_url()).content.decode()
    form = page[
        page.index('name="stakeholder"') : page.index("</select>", page.index('name="stakeholder"'))
    ]
    assert "Olivia Walker" in form
    for absent in ("Already Linked", "Gone Away", "Someone Elsewhere"):
        assert absent not in form
    assert 'aria-label="Unlink Already Linked"' in page


def test_a_stakeholder_of_another_customer_is_refused(client, alice, project):
    elsewhere = StakeholderFactory(name="Someone Elsewhere")
    client.force_login(alice)
    response = _link(client, project, elsewhere)
    assert response.status_code == 302
    assert not ProjectStakeholder.objects.exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [f"Choose one of {project.customer}’s stakeholders not linked yet."]


def test_when_everyone_is_linked_the_page_says_so(client, alice, project):
    client.force_login(alice)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "No other stakeholder of Retail Banking is left to link." in page
    assert "Add a stakeholder to Retail Banking" in page


def test_sponsors_see_no_linking_form(client, erin, project, stakeholder):
    client.force_login(erin)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "/feedback-givers/" not in page and "Olivia Walker" not in page
