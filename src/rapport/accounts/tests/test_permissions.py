"""The permission layer, case by case, with one named user per role."""

from __future__ import annotations

import pytest

from rapport.accounts.permissions import (
    Capability,
    FigureScope,
    can_edit_project,
    can_view_feedback_detail,
    can_view_figure,
    can_view_project,
    has_capability,
    visible_customers,
    visible_projects,
)

pytestmark = pytest.mark.django_db


def test_pmo_roles_see_every_project(alice, bob, project, other_project):
    for user in (alice, bob):
        assert set(visible_projects(user)) == {project, other_project}
        assert can_edit_project(user, other_project)
        assert can_view_feedback_detail(user, other_project)


def test_project_manager_sees_only_their_own_projects(carol, project, other_project):
    assert list(visible_projects(carol)) == [project]
    assert can_view_project(carol, project)
    assert not can_view_project(carol, other_project)
    assert can_edit_project(carol, project)
    assert not can_edit_project(carol, other_project)
    assert list(visible_customers(carol)) == [project.customer]


def test_sponsor_sees_headlines_but_not_feedback_detail(erin, project, other_project):
    assert set(visible_projects(erin)) == {project, other_project}
    assert not can_edit_project(erin, project)
    assert not can_view_feedback_detail(erin, project)
    assert can_view_figure(erin, FigureScope.PORTFOLIO)
    assert not can_view_figure(erin, FigureScope.RESPONSE, project=project)


def test_figures_by_project_manager_are_a_self_view_only(alice, bob, carol, dave, erin):
    assert can_view_figure(carol, FigureScope.PROJECT_MANAGER, manager=carol)
    for viewer in (alice, bob, dave, erin):
        assert not can_view_figure(viewer, FigureScope.PROJECT_MANAGER, manager=carol)


def test_portfolio_figures(alice, bob, carol, erin):
    assert can_view_figure(alice, FigureScope.PORTFOLIO)
    assert can_view_figure(bob, FigureScope.PORTFOLIO)
    assert can_view_figure(erin, FigureScope.PORTFOLIO)
    assert not can_view_figure(carol, FigureScope.PORTFOLIO)


def test_project_figures_follow_project_visibility(carol, dave, project):
    assert can_view_figure(carol, FigureScope.PROJECT, project=project)
    assert not can_view_figure(dave, FigureScope.PROJECT, project=project)
    assert can_view_figure(carol, FigureScope.CUSTOMER, customer=project.customer)
    assert not can_view_figure(dave, FigureScope.CUSTOMER, customer=project.customer)


@pytest.mark.parametrize(
    ("name", "capability", "allowed"),
    [
        ("alice", Capability.ADMIN, True),
        ("bob", Capability.ADMIN, False),
        ("alice", Capability.MANAGE_PMO, True),
        ("bob", Capability.MANAGE_PMO, False),
        ("bob", Capability.MANAGE_CUSTOMERS, True),
        ("carol", Capability.MANAGE_CUSTOMERS, False),
        ("carol", Capability.RUN_REVIEWS, True),
        ("erin", Capability.RUN_REVIEWS, False),
        ("erin", Capability.VIEW_PORTFOLIO, True),
        ("carol", Capability.VIEW_AUDIT_LOG, False),
    ],
)
def test_capabilities_by_role(users, name, capability, allowed):
    assert has_capability(users[name], capability) is allowed


def test_inactive_and_anonymous_users_get_nothing(alice, project):
    from django.contrib.auth.models import AnonymousUser

    alice.is_active = False
    alice.save()
    assert not visible_projects(alice).exists()
    assert not has_capability(alice, Capability.VIEW_PORTFOLIO)
    assert not visible_projects(AnonymousUser()).exists()


def test_pmo_lead_is_admin_staff_and_others_are_not(alice, bob, carol):
    assert alice.is_staff and alice.has_perm("customers.change_customer")
    assert not bob.is_staff and not bob.has_perm("customers.change_customer")
    assert not carol.is_staff
