"""Imported cells follow ``rapport.text``: a control character or an over-long cell is
reported with its line and column, and the whole file is refused (nothing written)."""

from __future__ import annotations

import pytest

from rapport.customers.models import Customer, Stakeholder
from rapport.imports.framework import read_rows
from rapport.imports.registry import get_importer
from rapport.text import TEXT_MAX

pytestmark = pytest.mark.django_db


def _run(kind: str, text: str, name: str = "file.csv"):
    header, rows = read_rows(text.encode(), name)
    return get_importer(kind)(by=None).run(header, rows, commit=True)


def test_a_nul_in_any_cell_refuses_the_whole_file_with_its_line_and_column(customer: Customer):
    result = _run(
        "stakeholders",
        "email,name,customer,language\n"
        "ok@x.test,Good Person,Retail Banking,en\n"
        "nul@x.test,Bad\x00Person,Retail Banking,en\n"
        "bell@x.test,Ring,Retail Banking\x07,en\n",
    )
    assert [(e.line, e.column) for e in result.errors] == [(3, "name"), (4, "customer")]
    assert "U+0000 (NUL)" in str(result.errors[0]) and "line 3, column name" in str(
        result.errors[0]
    )
    assert not result.committed and not Stakeholder.objects.exists()


def test_line_breaks_are_text_only_in_multi_line_columns():
    result = _run(
        "customers",
        'name,value_provided\n"Retail\tBanking","Loans,\r\n\tand savings"\n',
    )
    assert [(e.line, e.column) for e in result.errors] == [(2, "name")]
    assert "U+0009 (tab)" in result.errors[0].reason
    assert not Customer.objects.exists()
    result = _run("customers", 'name,value_provided\nRetail Banking,"Loans,\n\tand savings"\n')
    assert result.committed and not result.errors
    assert Customer.objects.get().value_provided.endswith("\tand savings")


def test_an_over_long_cell_is_refused():
    result = _run("customers", f"name,serves\nRetail Banking,{'x' * (TEXT_MAX + 1)}\n")
    assert [(e.line, e.column) for e in result.errors] == [(2, "serves")]
    assert f"{TEXT_MAX:,} characters" in result.errors[0].reason
    assert not Customer.objects.exists()


def test_a_name_with_an_invisible_space_is_refused_not_made_a_second_customer(customer: Customer):
    """“Retail Banking” with a zero-width space looks like the customer already there; as a new
    name it would make a second one that no one can tell apart."""
    result = _run("customers", "name,external_id\nRetail Banking\u200b,\nAcme \u202eLtd,\n")
    assert [(e.line, e.column) for e in result.errors] == [(2, "name"), (3, "name")]
    assert "U+200B (ZERO WIDTH SPACE)" in result.errors[0].reason
    assert Customer.objects.count() == 1
