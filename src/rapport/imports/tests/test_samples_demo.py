"""The shipped sample files import cleanly into the demo portfolio: their customers are the
demo's (matched on external id or name), so `make demo` then the import page just works."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rapport.customers.models import Customer
from rapport.demo.builder import DemoOptions, build_demo
from rapport.demo.catalog import CUSTOMERS
from rapport.imports.framework import read_rows
from rapport.imports.registry import get_importer

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _run(kind: str, name: str, *, commit: bool = False):
    header, rows = read_rows((SAMPLES / name).read_bytes(), name)
    return get_importer(kind)(by=None).run(header, rows, commit=commit)


def test_demo_customers_carry_the_external_ids_the_samples_use():
    ids = [c["external_id"] for c in CUSTOMERS]
    assert len(set(ids)) == len(ids) and all(ids)
    build_demo(DemoOptions(customers=14, projects=14, seed=3, today=dt.date(2026, 11, 23)), print)
    by_id = dict(Customer.objects.values_list("external_id", "name"))
    assert by_id["BU-RB"] == "Retail Banking" and by_id["BU-CS"] == "Customer Service"
    assert by_id["BU-RB-2"] == "Retail Banking 2"  # customers beyond the catalog stay unique


def test_every_sample_imports_cleanly_into_the_demo():
    build_demo(DemoOptions(customers=6, projects=12, seed=3, today=dt.date(2026, 11, 23)), print)
    for kind, name in [
        ("customers", "customers.csv"),
        ("stakeholders", "stakeholders.csv"),
        ("stakeholders", "stakeholders.xlsx"),
        ("projects", "projects.csv"),
    ]:
        result = _run(kind, name)
        assert not result.errors, (name, [str(e) for e in result.errors])
    # The customers sample updates the demo's customers; it adds none.
    assert "0 created" in _run("customers", "customers.csv").summary()
    # Responses and delivery status belong to the sample projects: import those first.
    assert not _run("projects", "projects.csv", commit=True).errors
    result = _run("responses", "responses.csv")
    assert not result.errors, [str(e) for e in result.errors[:5]]
    result = _run("delivery-status", "delivery-status.csv")
    assert not result.errors, [str(e) for e in result.errors[:5]]
