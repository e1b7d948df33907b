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
