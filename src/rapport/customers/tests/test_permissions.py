"""Who sees and changes customer knowledge: PMO everything, managers their customers, sponsors
profiles without private listening notes."""

from __future__ import annotations

import pytest

from rapport.accounts.permissions import (
    can_manage_customers,
    can_view_listening_session,
    visible_listening_sessions,
)
from rapport.customers import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions(alice, project, other_project):
    own, other = project.customer, other_project.customer
    return {
        "open": services.create_listening_session(own, by=alice, story="Open notes"),
        "private": services.create_listening_session(
            own, by=alice, story="Private notes", is_private=True
        ),
        "other": services.create_listening_session(other, by=alice, story="Elsewhere"),
    }


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("alice", {"open", "private", "other"}),
        ("bob", {"open", "private", "other"}),
        ("carol", {"open", "private"}),  # her own project's customer, in full
        ("dave", {"other"}),
        ("erin", {"open", "other"}),  # sponsors never see private listening notes
    ],
)
def test_visible_listening_sessions_per_role(users, sessions, user, expected):
    visible = set(visible_listening_sessions(users[user]).values_list("story", flat=True))
    assert visible == {sessions[k].story for k in expected}
    for key, session in sessions.items():
        assert can_view_listening_session(users[user], session) == (key in expected)


def test_only_pmo_roles_manage_customers(users):
    assert {name for name, u in users.items() if can_manage_customers(u)} == {"alice", "bob"}


def test_anonymous_and_inactive_users_see_no_sessions(sessions, alice):
    from django.contrib.auth.models import AnonymousUser

    assert not visible_listening_sessions(AnonymousUser()).exists()
    alice.is_active = False
    assert not visible_listening_sessions(alice).exists()
    assert not can_manage_customers(alice)


def test_sponsor_page_hides_private_notes_but_shows_the_profile(
    client, alice, erin, sessions, project
):
    services.add_value_statement(sessions["private"], by=alice, text="Secret value", weight=5)
    services.add_value_statement(sessions["open"], by=alice, text="Shared value", weight=3)
    client.force_login(erin)
    page = client.get(f"/customers/{project.customer.pk}/").content.decode()
    assert "Open notes" in page and "Private notes" not in page
    assert "Shared value" in page and "Secret value" not in page
    assert project.customer.name in page  # the profile itself is visible
    listing = client.get(f"/customers/{project.customer.pk}/listening/").content.decode()
    assert "Open notes" in listing and "Private notes" not in listing
    url = f"/customers/{project.customer.pk}/listening/{sessions['private'].pk}/"
    assert client.get(url).status_code == 403
