"""Customer text is untrusted: no exported cell runs as a formula in a spreadsheet."""

from __future__ import annotations

import pytest

from rapport.exports.tests.files import download
from rapport.spreadsheet import safe_cell

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=HYPERLINK("http://evil.test","click")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_safe_cell_neutralises_formula_starts(payload):
    assert safe_cell(payload) == "'" + payload


def test_safe_cell_leaves_numbers_and_plain_text_alone():
    assert safe_cell(-3) == -3
    assert safe_cell("Plain words - with a dash") == "Plain words - with a dash"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_formula_payload_is_neutralised(client, alice, world, project, fmt):
    project.customer.name = PAYLOADS[0]
    project.customer.save()
    world["open"].responses.update(comment="=1+2")
    customers = download(client, alice, "customers", fmt)
    assert "'" + PAYLOADS[0] in {r["customer"] for r in customers}
    answers = download(client, alice, "responses", fmt, review=world["open"].pk)
    assert answers[0]["comment"] == "'=1+2"
    assert answers[0]["customer"] == "'" + PAYLOADS[0]


def test_in_xlsx_the_payload_is_a_string_cell_not_a_formula(client, alice, world, project):
    import io

    import openpyxl

    project.customer.name = "=1+1"
    project.customer.save()
    client.force_login(alice)
    data = b"".join(client.get("/exports/customers.xlsx").streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value == "'=1+1"]
    assert cells and all(c.data_type == "s" for c in cells)
