"""The importers' fast paths give the same verdicts as the full rules they skip.

A row is parsed by a fast path (one check of the whole row instead of the text rule per cell, and
values remembered per column) only when nothing is wrong with it; anything else goes through the
full rule. These properties check that whatever the fast path accepts, the full rule accepts
with the same values, and that errors are the full rule's, line and column.
"""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rapport.customers.importers import json_list
from rapport.imports.cells import PLAIN_EMAIL, semicolon_list
from rapport.imports.registry import get_importer
from rapport.text import is_plain_line, text_problem

# Cells as files hold them, and the characters that trouble the rules: controls, tab, line
# breaks, DEL and C1 controls, separators, non-ASCII letters.
ALPHABET = st.sampled_from(
    [*"aZ09 .-;@_+é", "\x00", "\x07", "\t", "\n", "\r", "\x7f", "\x85", "\x9f", "\u00a0", "ß"]
)
CELL = st.text(ALPHABET, max_size=12)


@given(st.lists(CELL, max_size=6), st.integers(0, 40))
@example(["ab", "c"], 3)
@example(["a\r\nb"], 4)
def test_a_plain_row_has_no_text_problem_in_any_cell(cells, limit):
    if is_plain_line("".join(cells), limit):
        for cell in cells:
            for multiline in (False, True):
                assert text_problem(cell, multiline=multiline, limit=limit) is None


@given(CELL, st.integers(0, 40))
def test_is_plain_line_says_yes_exactly_for_a_short_text_without_control_characters(value, limit):
    controls = any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in value)
    assert is_plain_line(value, limit) == (not controls and len(value) <= limit)


@pytest.mark.parametrize(
    "kind", ["customers", "stakeholders", "responses", "projects", "delivery-status"]
)
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_fast_row_parser_agrees_with_the_full_rule(kind, data):
    importer = get_importer(kind)(by=None)
    columns = list(importer.columns)
    chosen = data.draw(st.lists(st.sampled_from(columns), min_size=1, unique=True))
    header = [c.name for c in chosen]
    fast = importer._row_parser(header)
    plan = importer._plan(header)
    cells_strategy = st.lists(
        st.one_of(
            CELL,
            st.sampled_from(
                ["ann@x.test", "Retail", "en", "FR", "3", "7", "2025-03", "meeting", "x;y", ""]
            ),
        ),
        min_size=max(0, len(header) - 1),
        max_size=len(header) + 1,
    )
    # The same rows twice: the second time, remembered values serve the repeated cells.
    rows = data.draw(st.lists(cells_strategy, min_size=1, max_size=6))
    for line, cells in enumerate([*rows, *rows], start=2):
        expected = importer._parse(plan, len(header), line, cells)
        assert fast(line, cells) == expected


@given(st.from_regex(PLAIN_EMAIL, fullmatch=True))
@example("new1@bench.test")
@example("a.b+c@x-y.example.org")
def test_every_plain_email_is_one_django_accepts(email):
    if len(email) <= 320:
        validate_email(email)


@given(st.text(st.sampled_from([*'ab.-_@+1 é"[]:']), max_size=20))
def test_an_address_the_fast_check_accepts_is_never_one_django_refuses(value):
    if PLAIN_EMAIL.fullmatch(value):
        try:
            validate_email(value)
        except ValidationError:
            pytest.fail(f"{value!r} passed the fast check but not validate_email")


@given(st.text(st.sampled_from([*'ab ;é"\\']), max_size=20))
def test_a_list_cell_is_stored_as_the_json_of_its_items(value):
    assert json.loads(json_list(value)) == semicolon_list(value)


@pytest.mark.django_db
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=150)
@given(st.text(st.sampled_from([*"0129-", "٢", "２", "\n", "*", "["]), max_size=9))
@example("２０２５-03")
@example("2025-03\n")
@example("2025-13")
@example("2025-00")
@example("2025-12")
def test_a_period_cell_passes_exactly_when_the_database_check_would(value):
    """The tables' CHECK (``period__is_month``: a regular expression on PostgreSQL, GLOBs on
    SQLite) decides; a period the import accepts must never be refused by the write (it would
    fail the file), and the check says what ``PERIOD_REGEX`` says."""
    import re

    from django.db.models import Q, Value

    from rapport.feedback.models import PERIOD_REGEX
    from rapport.imports.cells import CellError, period_cell

    stored = value.strip()
    database_accepts = Q(period__is_month=True).check({"period": Value(stored)})
    assert database_accepts == (re.fullmatch(PERIOD_REGEX.strip("^$"), stored) is not None)
    try:
        period_cell(value)
    except CellError:
        assert not database_accepts
    else:
        assert database_accepts


@pytest.mark.parametrize(
    ("cell", "month"),
    [("2025-03-01", "2025-03"), ("2025-12-01", "2025-12"), ("2025-03", "2025-03")],
)
def test_the_first_day_of_a_month_is_that_month(cell, month):
    """A spreadsheet turns a typed 2025-03 into the date 1 March 2025 (read as 2025-03-01)."""
    from rapport.imports.cells import CellError, period_cell

    assert period_cell(cell) == month
    for other in ("2025-03-15", "2025-13-01", "2025-03-01x"):
        with pytest.raises(CellError):
            period_cell(other)


@pytest.mark.django_db
def test_an_xlsx_period_typed_as_a_month_imports_as_that_month():
    import datetime as dt
    import io

    import openpyxl

    from rapport.feedback.models import Response
    from rapport.imports.reading import TableSource
    from rapport.imports.services import run_import
    from rapport.testing.factories import CustomerFactory, ProjectFactory

    ProjectFactory(code="HIS-01", customer=CustomerFactory(name="Open Co"))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["project", "period", "mode", "overall"])
    sheet.append(["HIS-01", dt.datetime(2024, 6, 1), "meeting", 8])
    sheet["B2"].number_format = "yyyy-mm"  # as the spreadsheet shows it: 2024-06
    data = io.BytesIO()
    book.save(data)
    source = TableSource(filename="history.xlsx", data=data.getvalue())
    result = run_import("responses", source, by=None, commit=True)
    assert result.committed, result.errors
    assert Response.objects.get().period == "2024-06"
