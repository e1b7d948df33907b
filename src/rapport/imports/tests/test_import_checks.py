"""Customers and stakeholders: what a commit would refuse, the dry run reports by line."""

from __future__ import annotations

import pytest

from rapport.customers.models import Customer, Stakeholder
from rapport.imports.reading import TableSource
from rapport.imports.services import run_import

pytestmark = pytest.mark.django_db


def _check(tmp_path, kind, text, commit=False):
    path = tmp_path / f"{kind}.csv"
    path.write_text(text, encoding="utf-8")
    result = run_import(kind, TableSource.from_path(path), by=None, commit=commit)
    return [(e.line, e.column, e.reason) for e in result.errors]


def test_a_stakeholder_email_longer_than_an_email_field_holds_is_refused(tmp_path):
    Customer.objects.create(name="Northwind")
    local = "x" * 300
    text = f"email,name,customer\n{local}@northwind.example,X,Northwind\n"
    assert _check(tmp_path, "stakeholders", text) == [(2, "email", "Enter a valid email address.")]
    assert not Stakeholder.objects.exists()


def test_renaming_a_customer_to_another_customers_name_is_refused_in_the_dry_run(tmp_path):
    Customer.objects.create(name="Retail Banking", external_id="BU-RB")
    Customer.objects.create(name="Group Finance", external_id="BU-GF")
    text = "name,external_id\nGROUP finance,BU-RB\n"
    expected = [(2, "name", "Another customer is already called “GROUP finance”.")]
    assert _check(tmp_path, "customers", text) == expected
    assert _check(tmp_path, "customers", text, commit=True) == expected
    assert Customer.objects.get(external_id="BU-RB").name == "Retail Banking"
    # Its own name in another case is no other customer's.
    assert _check(tmp_path, "customers", "name,external_id\nRETAIL banking,BU-RB\n") == []


def test_two_new_customers_with_one_external_id_are_refused_on_the_later_line(tmp_path):
    text = "name,external_id\nNorthwind,DUP-1\nContoso,DUP-1\n"
    expected = [(3, "external_id", "Line 2 already uses DUP-1.")]
    assert _check(tmp_path, "customers", text) == expected
    assert _check(tmp_path, "customers", text, commit=True) == expected
    assert not Customer.objects.exists()


def test_an_existing_customers_new_external_id_is_taken_for_the_rest_of_the_file(tmp_path):
    Customer.objects.create(name="Retail Banking")
    text = "name,external_id\nRetail Banking,BU-RB\nContoso,BU-RB\n"
    assert _check(tmp_path, "customers", text) == [(3, "external_id", "Line 2 already uses BU-RB.")]


def test_a_rejected_stakeholder_line_does_not_claim_its_email(tmp_path):
    northwind = Customer.objects.create(name="Northwind")
    Customer.objects.create(name="Contoso")
    Stakeholder.objects.create(customer=northwind, name="Ann", email="ann@northwind.example")
    text = (
        "email,name,customer\n"
        "ann@northwind.example,Ann,Contoso\n"
        "ann@northwind.example,Ann,Northwind\n"
        "bob@northwind.example,Bob,Northwind\n"
        "BOB@northwind.example,Bob,Northwind\n"
    )
    assert _check(tmp_path, "stakeholders", text) == [
        (2, "customer", "ann@northwind.example is already a stakeholder of Northwind."),
        (5, "email", "Line 4 already imports bob@northwind.example."),
    ]
