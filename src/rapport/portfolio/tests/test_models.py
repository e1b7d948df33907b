"""Project constraints and the project-stakeholder link."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from rapport.portfolio import services
from rapport.portfolio.models import Project, ProjectStakeholder
from rapport.testing.factories import ProjectFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("complexity", [0, 6])
def test_complexity_is_1_to_5(customer, complexity):
    with transaction.atomic(), pytest.raises(IntegrityError):
        ProjectFactory(customer=customer, complexity=complexity)


def test_delivery_status_must_be_one_of_the_five(customer):
    with transaction.atomic(), pytest.raises(IntegrityError):
        ProjectFactory(customer=customer, delivery_status="X")


def test_end_date_cannot_precede_start_date(alice, customer):
    with pytest.raises(ValidationError):
        services.create_project(
            by=alice,
            name="Backwards",
            customer=customer,
            start_date=dt.date(2026, 5, 1),
            end_date=dt.date(2026, 4, 1),
        )
    assert not Project.objects.filter(name="Backwards").exists()


def test_project_names_are_unique_per_customer_only(customer, other_customer):
    ProjectFactory(customer=customer, name="CRM")
    ProjectFactory(customer=other_customer, name="CRM")
    with transaction.atomic(), pytest.raises(IntegrityError):
        ProjectFactory(customer=customer, name="crm")


def test_a_stakeholder_of_another_customer_cannot_give_feedback_on_the_project(
    alice, project, other_customer
):
    outsider = StakeholderFactory(customer=other_customer)
    with pytest.raises(ValidationError, match="not to Retail Banking"):
        services.add_project_stakeholder(project, outsider, by=alice)
    assert not ProjectStakeholder.objects.exists()


def test_linking_twice_keeps_one_link(alice, project, stakeholder):
    services.add_project_stakeholder(project, stakeholder, by=alice)
    services.add_project_stakeholder(project, stakeholder, by=alice)
    assert ProjectStakeholder.objects.count() == 1
    with transaction.atomic(), pytest.raises(IntegrityError):
        ProjectStakeholder.objects.create(project=project, stakeholder=stakeholder)
