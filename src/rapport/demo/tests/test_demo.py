"""The demo portfolio: realistic, and the same seed always gives the same data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rapport.accounts.models import Role, User
from rapport.customers.models import Customer, Stakeholder
from rapport.demo.builder import DemoOptions, build_demo
from rapport.portfolio.models import Project, ProjectStakeholder
from rapport.testing.demo import wipe_demo

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


def _snapshot() -> dict:
    return {
        "customers": list(
            Customer.objects.order_by("name").values(
                "name", "language", "preferred_channel", "feedback_culture", "priorities"
            )
        ),
        "stakeholders": list(
            Stakeholder.objects.order_by("email").values(
                "customer__name",
                "name",
                "email",
                "role",
                "language",
                "power",
                "interest",
                "engagement_current",
                "engagement_desired",
            )
        ),
        "projects": list(
            Project.objects.order_by("code").values(
                "name",
                "code",
                "customer__name",
                "project_manager__email",
                "state",
                "phase",
                "start_date",
                "end_date",
                "delivery_status",
                "complexity",
                "novelty",
                "size_band",
                "customer_groups",
                "site",
            )
        ),
        "links": sorted(
            ProjectStakeholder.objects.values_list(
                "project__code", "stakeholder__email", "role_on_project"
            )
        ),
    }


def test_same_seed_same_data_and_another_seed_differs():
    build_demo(DemoOptions(customers=5, projects=15, seed=3, today=TODAY))
    first = _snapshot()
    wipe_demo()
    build_demo(DemoOptions(customers=5, projects=15, seed=3, today=TODAY))
    assert _snapshot() == first
    wipe_demo()
    build_demo(DemoOptions(customers=5, projects=15, seed=4, today=TODAY))
    assert _snapshot() != first


def test_demo_is_realistic_and_varied():
    result = build_demo(DemoOptions(customers=8, projects=40, seed=7, today=TODAY))
    assert {u.role for group in result.users.values() for u in group} == set(Role.values)
    assert len(result.customers) == 8 and len(result.projects) == 40
    assert len({p.delivery_status for p in result.projects}) >= 4
    assert len({p.complexity for p in result.projects}) >= 4
    assert len({s.language for s in result.stakeholders}) >= 3
    assert all(c.priorities and c.value_provided for c in result.customers)
    assert all(p.memberships.exists() for p in result.projects)
    assert User.objects.get(email="pm@demo.rapport.test").check_password("rapport-demo")


def test_more_customers_than_the_catalog_still_works():
    result = build_demo(DemoOptions(customers=14, projects=14, seed=1, today=TODAY))
    assert len({c.name for c in result.customers}) == 14


def test_command_refuses_a_database_with_data(alice):
    with pytest.raises(CommandError, match="already holds data"):
        call_command("demo_data", customers=2, projects=2)


def test_command_prints_the_logins(capsys):
    call_command("demo_data", customers=2, projects=3, seed=1, today=TODAY)
    out = capsys.readouterr().out
    assert "lead@demo.rapport.test" in out and "pm@demo.rapport.test" in out
    assert "rapport-demo" in out
