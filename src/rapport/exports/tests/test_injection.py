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


def test_a_formula_payload_is_neutralised_in_csv(client, alice, world, project):
    project.customer.name = PAYLOADS[0]
    project.customer.save()
    world["open"].responses.update(comment="=1+2")
    customers = download(client, alice, "customers", "csv")
    assert "'" + PAYLOADS[0] in {r["customer"] for r in customers}
    answers = download(client, alice, "responses", "csv", review=world["open"].pk)
    assert answers[0]["comment"] == "'=1+2"
    assert answers[0]["customer"] == "'" + PAYLOADS[0]


@pytest.mark.parametrize("payload", ["=1+1", "+Plus Co", "-minus", "@SUM(A1)"])
def test_in_xlsx_the_payload_is_quoted_text_as_it_was_written(client, alice, world, payload):
    """A string cell with the quote-prefix style: shown and copied as the text itself (no
    apostrophe to carry back into an import), never run as a formula, even once edited."""
    import io

    import openpyxl

    world["open"].project.customer.name = payload
    world["open"].project.customer.save()
    world["open"].responses.update(comment=payload)
    client.force_login(alice)
    for path in ("/exports/customers.xlsx", f"/exports/responses.xlsx?review={world['open'].pk}"):
        data = b"".join(client.get(path).streaming_content)
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        cells = [c for row in sheet.iter_rows() for c in row if c.value == payload]
        assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
        assert not any(c.value == "'" + payload for row in sheet.iter_rows() for c in row)
