"""The PMO lead's People page: invite by email, change roles, deactivate and reactivate."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rapport.accounts import services
from rapport.accounts.models import Role, User
from rapport.audit.models import AuditEntry
from rapport.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def _invite(client, **data):
    return client.post(
        reverse("people:invite"),
        {"email": "pia@pmo.test", "full_name": "Pia Manager", "role": "project_manager", **data},
    )


def test_only_the_pmo_lead_manages_people(client, users):
    for name in ("bob", "carol", "dave", "erin"):
        client.force_login(users[name])
        assert client.get(reverse("people:list")).status_code == 403
        assert _invite(client).status_code == 403
        response = client.post(reverse("people:deactivate", args=[users["carol"].pk]))
        assert response.status_code == 403
    assert not User.objects.filter(email="pia@pmo.test").exists()
    assert users["carol"].is_active


def test_people_lists_everyone_with_role_and_state(
    client, users, django_capture_on_commit_callbacks
):
    client.force_login(users["alice"])
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_user(
            email="new@pmo.test", full_name="New Person", role="pmo_analyst", by=users["alice"]
        )
    services.deactivate_user(users["dave"], by=users["alice"])
    page = client.get(reverse("people:list")).content.decode()
    for user in users.values():
        assert user.email in page
    assert "Invited: no password yet" in page and "Deactivated" in page
    assert '<a href="/people/" aria-current="page">People</a>' in page  # in the navigation


def test_the_list_runs_a_fixed_number_of_queries(client, alice):
    client.force_login(alice)
    client.get(reverse("people:list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("people:list"))
    UserFactory.create_batch(15)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("people:list"))
    assert len(many) == len(few)


def test_invite_creates_the_user_without_a_password_and_emails_a_working_link(
    client, alice, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client)
    assert response.status_code == 302
    pia = User.objects.get(email="pia@pmo.test")
    assert pia.role == Role.PROJECT_MANAGER and pia.is_active and not pia.has_usable_password()
    assert AuditEntry.objects.filter(action="accounts.user.invited", actor=alice).exists()
    [message] = mail.outbox
    assert message.to == ["pia@pmo.test"]
    assert message.subject == "Alice Lead invited you to Rapport"
    assert message.alternatives and "Project manager" in message.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    client.logout()
    form_page = client.get(link, follow=True)
    assert b"Choose a new password" in form_page.content
    set_url = form_page.redirect_chain[-1][0]
    weak = client.post(set_url, {"new_password1": "short", "new_password2": "short"})
    assert b"too short" in weak.content
    done = client.post(
        set_url, {"new_password1": "pia's own words", "new_password2": "pia's own words"}
    )
    assert done.status_code == 302
    assert client.login(username="pia@pmo.test", password="pia's own words")
    # The link works once.
    client.logout()
    assert b"no longer valid" in client.get(link, follow=True).content


def test_invite_refuses_an_existing_email_and_shows_why(client, alice, carol):
    client.force_login(alice)
    response = _invite(client, email="CAROL@pmo.test")
    assert response.status_code == 400
    assert "already exists" in response.content.decode()
    assert mail.outbox == []


def test_invite_again_sends_a_new_link_until_a_password_is_chosen(
    client, alice, carol, django_capture_on_commit_callbacks
):
    pia = services.create_user(email="pia@pmo.test", full_name="Pia", role="project_manager")
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("people:resend", args=[pia.pk]))
    assert [m.to for m in mail.outbox] == [["pia@pmo.test"]]
    assert AuditEntry.objects.filter(action="accounts.user.invitation_sent").count() == 1
    response = client.post(reverse("people:resend", args=[carol.pk]), follow=True)
    assert "has a password already" in response.content.decode()
    assert len(mail.outbox) == 1


def test_change_role(client, alice, carol):
    client.force_login(alice)
    client.post(reverse("people:role", args=[carol.pk]), {"role": "pmo_analyst"})
    carol.refresh_from_db()
    assert carol.role == Role.PMO_ANALYST
    entry = AuditEntry.objects.get(action="accounts.user.role_changed")
    assert entry.changes == {"role": ["project_manager", "pmo_analyst"]}
    assert client.post(reverse("people:role", args=[carol.pk]), {"role": "boss"}).status_code == 302
    carol.refresh_from_db()
    assert carol.role == Role.PMO_ANALYST


def test_deactivate_and_reactivate(client, alice, carol):
    client.force_login(alice)
    client.post(reverse("people:deactivate", args=[carol.pk]))
    carol.refresh_from_db()
    assert not carol.is_active
    assert not client.login(username=carol.email, password="correct horse battery staple")
    client.force_login(alice)
    client.post(reverse("people:reactivate", args=[carol.pk]))
    carol.refresh_from_db()
    assert carol.is_active
    actions = list(
        AuditEntry.objects.filter(action__startswith="accounts.user.").values_list(
            "action", flat=True
        )
    )
    assert "accounts.user.deactivated" in actions and "accounts.user.reactivated" in actions


def test_nobody_deactivates_themselves(client, alice):
    UserFactory(email="lee@pmo.test", role=Role.PMO_LEAD)
    client.force_login(alice)
    response = client.post(reverse("people:deactivate", args=[alice.pk]), follow=True)
    assert "You cannot deactivate yourself" in response.content.decode()
    alice.refresh_from_db()
    assert alice.is_active


def test_the_last_active_lead_stays_a_lead_and_active(alice):
    other = UserFactory(email="lee@pmo.test", role=Role.PMO_LEAD)
    services.deactivate_user(other, by=alice)  # another lead remains: allowed
    with pytest.raises(services.ValidationError, match="only active PMO lead"):
        services.change_role(alice, Role.PMO_ANALYST, by=alice)
    with pytest.raises(services.ValidationError, match="only active PMO lead"):
        services.deactivate_user(alice, by=None)
    services.reactivate_user(other, by=alice)
    services.change_role(alice, Role.PMO_ANALYST, by=alice)  # now someone else leads
    assert User.objects.filter(role=Role.PMO_LEAD, is_active=True).get() == other


def test_the_project_form_offers_invited_project_managers(client, alice, customer):
    client.force_login(alice)
    page = client.get(reverse("portfolio:create")).content.decode()
    assert "Nobody has the project manager role yet" in page
    pia = services.invite_user(
        email="pia@pmo.test", full_name="Pia Manager", role="project_manager", by=alice
    )
    page = client.get(reverse("portfolio:create")).content.decode()
    assert f'<option value="{pia.pk}">Pia Manager</option>' in page


def test_editing_a_project_keeps_a_manager_who_was_since_deactivated(client, alice, project, carol):
    from rapport.portfolio.forms import ProjectForm

    services.deactivate_user(carol, by=alice)
    form = ProjectForm(instance=project)
    assert carol in form.fields["project_manager"].queryset
    assert carol not in ProjectForm().fields["project_manager"].queryset
