"""Who may own a customer's relationship or a service: the same rule in the console's forms, the
services, the API and the customers import; whoever holds a post keeps it through other edits."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from rapport.accounts.models import Role
from rapport.catalog.models import Service
from rapport.catalog.services import create_service, update_service
from rapport.customers.forms import CustomerForm
from rapport.customers.models import Customer
from rapport.customers.services import create_customer, update_customer
from rapport.imports.reading import TableSource
from rapport.imports.services import run_import
from rapport.roadmap.forms import ServiceForm
from rapport.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gone(db):
    return UserFactory(
        email="gone@pmo.test", full_name="Gus Gone", role=Role.PMO_ANALYST, is_active=False
    )


def _json(client, method, url, body):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


# --- the services ------------------------------------------------------------------------------


def test_a_customer_relationship_is_owned_by_pmo_staff_or_a_project_manager(
    alice, bob, carol, erin, gone
):
    for owner in (alice, bob, carol):
        assert create_customer(by=alice, name=f"C {owner.pk}", relationship_owner=owner)
    with pytest.raises(ValidationError) as refused:
        create_customer(by=alice, name="Sponsored", relationship_owner=erin)
    assert refused.value.message_dict == {
        "relationship_owner": [
            "Erin Sponsor has the role Executive sponsor. Choose a person with one of these "
            "roles: PMO lead, PMO analyst, Project manager."
        ]
    }
    with pytest.raises(ValidationError) as refused:
        create_customer(by=alice, name="Orphaned", relationship_owner=gone)
    assert "Gus Gone no longer has access to Rapport." in str(refused.value)
    assert not Customer.objects.filter(name__in=["Sponsored", "Orphaned"]).exists()


def test_the_owner_of_a_customer_keeps_the_post_through_other_changes(alice, bob, erin):
    customer = create_customer(by=alice, name="Northwind", relationship_owner=bob)
    bob.is_active = False
    bob.save()
    # Renaming the customer, or sending the owner it has, never fails on the owner.
    update_customer(customer, by=alice, name="Northwind Traders", relationship_owner=bob)
    customer.refresh_from_db()
    assert customer.name == "Northwind Traders" and customer.relationship_owner == bob
    with pytest.raises(ValidationError):
        update_customer(customer, by=alice, relationship_owner=erin)
    customer.refresh_from_db()
    assert customer.relationship_owner == bob
    update_customer(customer, by=alice, relationship_owner=None)  # no owner is always allowed
    customer.refresh_from_db()
    assert customer.relationship_owner is None


def test_a_service_is_owned_by_pmo_staff(alice, bob, carol, gone):
    service = create_service(by=alice, name="Steady reporting", outcome="You know where it is.")
    update_service(service, by=alice, owner=bob)
    for refused in (carol, gone):
        with pytest.raises(ValidationError) as error:
            update_service(service, by=alice, owner=refused)
        assert list(error.value.message_dict) == ["owner"]
    with pytest.raises(ValidationError):
        create_service(by=alice, name="Other", outcome="You know.", owner=carol)
    service.refresh_from_db()
    assert service.owner == bob and not Service.objects.filter(name="Other").exists()


# --- the console's forms -----------------------------------------------------------------------


def test_the_forms_offer_who_may_own_and_whoever_owns_now(alice, bob, carol, erin, gone):
    offered = set(CustomerForm().fields["relationship_owner"].queryset)
    assert offered == {alice, bob, carol}
    customer = Customer.objects.create(name="Northwind", relationship_owner=gone)
    assert gone in set(CustomerForm(instance=customer).fields["relationship_owner"].queryset)

    assert set(ServiceForm().fields["owner"].queryset) == {alice, bob}
    service = Service.objects.create(name="Steady", outcome="You know.", owner=gone)
    assert set(ServiceForm(instance=service).fields["owner"].queryset) == {alice, bob, gone}


# --- the API -----------------------------------------------------------------------------------


def test_the_api_refuses_an_owner_who_may_not_own_with_a_422(client, alice, carol, erin):
    client.force_login(alice)
    response = _json(
        client, "post", "/api/customers/", {"name": "Sponsored", "relationship_owner_id": erin.pk}
    )
    assert response.status_code == 422
    assert "Executive sponsor" in response.json()["errors"]["relationship_owner"][0]
    assert not Customer.objects.filter(name="Sponsored").exists()

    created = _json(
        client, "post", "/api/services/", {"name": "Steady", "outcome": "You know where it is."}
    )
    assert created.status_code == 201, created.content
    url = f"/api/services/{created.json()['id']}"
    response = _json(client, "patch", url, {"owner_id": carol.pk})
    assert response.status_code == 422
    assert "Project manager" in response.json()["errors"]["owner"][0]
    assert Service.objects.get().owner is None
    assert _json(client, "patch", url, {"owner_id": alice.pk}).status_code == 200


# --- the customers import ----------------------------------------------------------------------


def _import(tmp_path, text, commit=False):
    path = tmp_path / "customers.csv"
    path.write_text(text, encoding="utf-8")
    result = run_import("customers", TableSource.from_path(path), by=None, commit=commit)
    return [(e.line, e.column, e.reason) for e in result.errors]


def test_the_customers_import_refuses_an_owner_who_may_not_own_on_its_line(
    tmp_path, bob, erin, gone
):
    Customer.objects.create(name="Kept", external_id="K-1", relationship_owner=gone)
    text = (
        "name,external_id,relationship_owner\n"
        "Fine,F-1,bob@pmo.test\n"
        "Sponsored,S-1,erin@pmo.test\n"
        "Kept,K-1,gone@pmo.test\n"  # the owner it has: kept, though they have left
        "New,N-1,gone@pmo.test\n"
    )
    errors = _import(tmp_path, text, commit=True)
    assert [(line, column) for line, column, _ in errors] == [
        (3, "relationship_owner"),
        (5, "relationship_owner"),
    ]
    assert "Erin Sponsor has the role Executive sponsor." in errors[0][2]
    assert "Gus Gone no longer has access to Rapport." in errors[1][2]
    assert set(Customer.objects.values_list("name", flat=True)) == {"Kept"}  # all or nothing
    assert (
        _import(tmp_path, text.replace("erin@", "bob@").replace("New,N-1,gone", "New,N-1,bob"))
        == []
    )
