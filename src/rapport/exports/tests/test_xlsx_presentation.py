"""An XLSX export opens ready to read: a bold header kept in view, a filter on every column,
columns sized to their contents, and dates, times, shares, percentages and means formatted;
formula-like text stays quoted text. The CSV of the same list does not change."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from rapport.exports.columns import DATE, INTEGER, PERCENT, SHARE, Prepared
from rapport.exports.tests.files import download
from rapport.exports.writers import WIDTH_MAX, csv_chunks, write_xlsx
from rapport.feedback.models import Action
from rapport.roadmap.models import RoadmapItem

pytestmark = pytest.mark.django_db


def sheet_of(client, user, path):
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def column(sheet, header):
    return next(c[0].column_letter for c in sheet.iter_cols() if c[0].value == header)


def test_the_header_is_bold_frozen_and_filtered(client, alice, world):
    sheet = sheet_of(client, alice, "/exports/actions.xlsx")
    assert all(cell.font.bold for cell in sheet[1])
    assert not any(cell.font.bold for cell in sheet[2])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:N3"  # 14 columns, a header and two actions


def test_an_empty_list_still_has_its_header_and_filter(client, alice):
    sheet = sheet_of(client, alice, "/exports/alerts.xlsx")
    assert [c.value for c in sheet[1]][:2] == ["id", "project"]
    assert sheet.auto_filter.ref == "A1:L1"


def test_dates_and_times_are_formatted(client, alice, world):
    Action.objects.update(customer_told_at=dt.datetime(2026, 4, 2, 9, 30, tzinfo=dt.UTC))
    sheet = sheet_of(client, alice, "/exports/actions.xlsx")
    due = sheet[f"{column(sheet, 'due')}2"]
    assert isinstance(due.value, dt.datetime) and due.number_format == "yyyy-mm-dd"
    told = sheet[f"{column(sheet, 'customer_told_at')}2"]
    assert told.is_date and told.number_format == "yyyy-mm-dd hh:mm"
    assert sheet[f"{column(sheet, 'id')}2"].number_format == "General"  # whole: plain


def test_responses_read_raw_keep_typed_dates_and_scores(client, alice, world):
    sheet = sheet_of(client, alice, f"/exports/responses.xlsx?review={world['open'].pk}")
    submitted = sheet[f"{column(sheet, 'submitted_on')}2"]
    assert submitted.is_date and submitted.number_format == "yyyy-mm-dd"
    overall = sheet[f"{column(sheet, 'overall')}2"]
    assert overall.value == 8 and overall.data_type == "n"


def test_means_have_one_or_two_decimals(client, alice, world):
    sheet = sheet_of(client, alice, "/exports/health.xlsx")
    mean = sheet[f"{column(sheet, 'mean')}2"]
    assert mean.value == 7.0 and mean.number_format == "0.0#"


def test_a_percentage_shows_its_sign_and_keeps_its_value(client, alice, world):
    RoadmapItem.objects.update(adoption_pct=40)
    sheet = sheet_of(client, alice, "/exports/roadmap.xlsx")
    adoption = sheet[f"{column(sheet, 'adoption_pct')}2"]
    assert adoption.value == 40 and adoption.number_format == '0"%"'
    assert download(client, alice, "roadmap", "csv")[0]["adoption_pct"] == "40"


def written(prepared):
    out = io.BytesIO()
    write_xlsx(prepared, out, title="Test")
    return openpyxl.load_workbook(io.BytesIO(out.getvalue())).active


def test_a_share_is_a_percentage_and_formula_text_stays_quoted_text():
    long = "x" * 300
    sheet = written(
        Prepared(
            headers=("rate", "when", "n", "note"),
            text=(3,),
            rows=[(0.25, "2026-04-01", "12", "=1+1"), (None, "not a date", "", long)],
            kinds=(SHARE, DATE, INTEGER, ""),
        )
    )
    assert sheet["A2"].value == 0.25 and sheet["A2"].number_format == "0%"
    assert (
        sheet["B2"].value == dt.datetime(2026, 4, 1) and sheet["B2"].number_format == "yyyy-mm-dd"
    )
    assert sheet["B3"].value == "not a date"  # left as it came
    assert sheet["C2"].value == 12
    note = sheet["D2"]
    assert note.value == "=1+1" and note.data_type == "s" and note.quotePrefix
    assert sheet.column_dimensions["D"].width == WIDTH_MAX
    assert 6 <= sheet.column_dimensions["A"].width < 10


def test_columns_are_as_wide_as_their_header_or_first_values(client, alice, world):
    sheet = sheet_of(client, alice, "/exports/projects.xlsx")
    widths = {c[0].value: sheet.column_dimensions[c[0].column_letter].width for c in sheet.columns}
    assert widths["project"] >= len("Close automation")
    assert widths["delivery_status"] >= len("delivery_status")
    assert widths["start_date"] >= len("2026-01-01")


def test_the_csv_is_unchanged_by_kinds():
    prepared = Prepared(
        headers=("rate", "when"), text=(), rows=[(0.25, dt.date(2026, 4, 1))], kinds=(SHARE, DATE)
    )
    assert "".join(csv_chunks(prepared, bom=False)) == "rate,when\r\n0.25,2026-04-01\r\n"


@pytest.mark.parametrize("kinds", [(), (PERCENT,)])
def test_undeclared_kinds_format_by_type(kinds):
    sheet = written(Prepared(headers=("v",), text=(), rows=[(50,)], kinds=kinds))
    assert sheet["A2"].number_format == ('0"%"' if kinds else "General")


def test_text_that_reads_as_an_error_code_stays_text():
    """A comment that says "#N/A" is the comment, not a spreadsheet error (openpyxl writes such
    text as an error cell unless told otherwise)."""
    sheet = written(
        Prepared(headers=("note",), text=(0,), rows=[("#N/A",), ("#DIV/0!",), ("#N/A yet",)])
    )
    for row, text in ((2, "#N/A"), (3, "#DIV/0!"), (4, "#N/A yet")):
        cell = sheet[f"A{row}"]
        assert (cell.value, cell.data_type) == (text, "s")
