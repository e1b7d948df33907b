"""Customer and stakeholder constraints, enforced by the database and the services."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from rapport.customers import services
from rapport.customers.models import Customer, Stakeholder
from rapport.testing.factories import StakeholderFactory

pytestmark = pytest.mark.django_db


def test_customer_names_are_unique_regardless_of_case(alice, customer):
    with pytest.raises(ValidationError):
        services.create_customer(by=alice, name="retail BANKING")
    with transaction.atomic(), pytest.raises(IntegrityError):
        Customer.objects.create(name="RETAIL banking")


def test_external_ids_are_unique_when_given(alice):
    services.create_customer(by=alice, name="A", external_id="BU-1")
    services.create_customer(by=alice, name="B")
    services.create_customer(by=alice, name="C")  # two empty ids are fine
    with pytest.raises(ValidationError):
        services.create_customer(by=alice, name="D", external_id="BU-1")


def test_stakeholder_email_is_unique_case_insensitively_but_may_be_empty(alice, customer):
    services.create_stakeholder(customer, by=alice, name="A", email="Ann@X.test")
    services.create_stakeholder(customer, by=alice, name="B", email="")
    services.create_stakeholder(customer, by=alice, name="C", email="")
    with pytest.raises(ValidationError):
        services.create_stakeholder(customer, by=alice, name="D", email="ann@x.test")
    assert Stakeholder.objects.get(name="A").email == "ann@x.test"


@pytest.mark.parametrize("field", ["power", "interest"])
def test_power_and_interest_are_between_1_and_5(customer, field):
    with transaction.atomic(), pytest.raises(IntegrityError):
        StakeholderFactory(customer=customer, **{field: 6})
    with pytest.raises(ValidationError):
        services.create_stakeholder(customer, by=None, name="X", **{field: 0})


@pytest.mark.parametrize(
    ("power", "interest", "quadrant"),
    [
        (5, 5, "Manage closely"),
        (5, 1, "Keep satisfied"),
        (1, 5, "Keep informed"),
        (1, 1, "Monitor"),
    ],
)
def test_mendelow_quadrant(power, interest, quadrant):
    assert Stakeholder(power=power, interest=interest).quadrant == quadrant


def test_invalid_choice_is_refused_by_the_database(customer):
    with transaction.atomic(), pytest.raises(IntegrityError):
        Customer.objects.filter(pk=customer.pk).update(feedback_culture="gossip")
