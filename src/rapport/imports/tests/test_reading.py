"""Reading import files: damaged, mis-saved or ambiguous files are refused with the line (and
the column where there is one), and nothing in a file is silently lost."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from rapport.imports.reading import ImportFileError, TableSource, open_table


def _xlsx_bytes(rows, **sheets) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewrite(data: bytes, name: str, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == name:
                content = change(content)
            dst.writestr(item, content)
    return out.getvalue()


def _read(data: bytes, filename: str = "f.csv"):
    source = TableSource(filename=filename, data=data)
    header, rows = open_table(source)
    return header, list(rows)


def test_a_damaged_xlsx_sheet_is_a_file_error_not_a_crash():
    rows = [["name", "external_id"]] + [[f"Customer {i}", f"C-{i}"] for i in range(200)]
    data = _rewrite(_xlsx_bytes(rows), "xl/worksheets/sheet1.xml", lambda xml: xml[: len(xml) // 2])
    source = TableSource(filename="c.xlsx", data=data)
    with pytest.raises(ImportFileError, match="not a readable XLSX"):
        source.count_rows()
    with pytest.raises(ImportFileError, match="not a readable XLSX"):
        _read(data, "c.xlsx")


def test_an_unclosed_quote_is_an_error_on_its_line_not_one_swallowed_cell():
    data = (
        b"name,external_id,serves\n"
        b"Zeta,Z-1,ok\n"
        b'Alpha,A-1,"starts a quote,en\n'
        b"Beta,B-1,x\n"
        b"Gamma,G-1,y\n"
        b"Delta,D-1,z\n"
    )
    with pytest.raises(ImportFileError, match=r"Line 3: a quote opens a cell here and is never"):
        _read(data)
    with pytest.raises(ImportFileError, match="Line 3"):
        TableSource(filename="f.csv", data=data).count_rows()


def test_a_lone_quote_inside_a_quoted_cell_is_an_error_on_its_line():
    data = b'name,serves\nAcme,ok\nBeta,"He said "hi" to us\n'
    with pytest.raises(ImportFileError, match=r"Line 3: a quote inside a quoted cell must be"):
        _read(data)


def test_quoted_cells_over_several_lines_and_doubled_quotes_still_read():
    data = b'name,serves\n"Acme","first line\nsecond, with ""quotes"""\nBeta,x\n'
    header, rows = _read(data)
    assert header == ["name", "serves"]
    assert rows == [(2, ["Acme", 'first line\nsecond, with "quotes"']), (3, ["Beta", "x"])]


def test_a_cell_beyond_the_csv_reader_s_limit_is_refused_in_the_app_s_words():
    data = b"name,serves\nAcme,ok\nBeta," + b"x" * 140_000 + b"\n"
    with pytest.raises(ImportFileError) as caught:
        _read(data)
    message = str(caught.value)
    assert message.startswith("Line 3: a cell has more than 131,072 characters")
    assert "10,000 characters at most" in message


@pytest.mark.parametrize("bad_line", [2, 400, 5000])
def test_bytes_that_are_not_utf8_are_reported_on_their_own_line(bad_line, tmp_path):
    lines = ["name,serves"] + [f"Customer {i},everyone" for i in range(2, 6000)]
    lines[bad_line - 1] = "Zürich,everyone"
    data = "\n".join(lines).replace("Zürich", "Z\udcfcrich").encode("utf-8", "surrogateescape")
    with pytest.raises(ImportFileError, match=rf"near line {bad_line}\)"):
        _read(data)
    path = tmp_path / "latin.csv"
    path.write_bytes(data)
    with pytest.raises(ImportFileError, match=rf"near line {bad_line}\)"):
        TableSource.from_path(path).count_rows()


def test_any_number_of_byte_order_marks_before_the_header_is_ignored():
    for marks in (1, 2, 3):
        data = ("\ufeff" * marks + "name,serves\nAcme,everyone\n").encode()
        assert _read(data) == (["name", "serves"], [(2, ["Acme", "everyone"])])


def test_an_xlsx_file_named_csv_is_recognised(tmp_path):
    data = _xlsx_bytes([["name"], ["Acme"]])
    with pytest.raises(ImportFileError, match=r"Excel \(\.xlsx\) file named \.csv"):
        _read(data, "customers.csv")
    path = tmp_path / "customers.csv"
    path.write_bytes(data)
    with pytest.raises(ImportFileError, match=r"Excel \(\.xlsx\) file named \.csv"):
        TableSource.from_path(path).count_rows()


@pytest.mark.parametrize(
    ("separator", "said"), [(";", r"separated by semicolons \(;\)"), ("\t", "separated by tabs")]
)
def test_a_file_separated_by_semicolons_or_tabs_is_named_as_such(separator, said):
    data = separator.join(["name", "external_id", "language"]) + "\nAcme;A-1;fr\n"
    with pytest.raises(ImportFileError, match=said) as caught:
        _read(data.encode())
    assert "CSV UTF-8 (comma delimited)" in str(caught.value)


def test_a_one_column_file_is_still_read():
    assert _read(b"name\nAcme; the first\n") == (["name"], [(2, ["Acme; the first"])])


@pytest.mark.parametrize(
    "header", ["name,external_id,serves,Serves", "name,external_id,serves, SERVES "]
)
def test_a_column_named_twice_is_refused(header):
    data = f"{header}\nAcme,A-1,everyone,no one\n".encode()
    with pytest.raises(
        ImportFileError, match=r"Line 1: the column “serves” appears twice \(columns 3 and 4\)"
    ):
        _read(data)


def test_a_column_named_twice_in_xlsx_is_refused():
    data = _xlsx_bytes([["Name", "serves", "NAME"], ["Acme", "x", "Beta"]])
    with pytest.raises(ImportFileError, match=r"“name” appears twice \(columns 1 and 3\)"):
        _read(data, "c.xlsx")


def test_a_value_under_a_column_with_no_name_is_refused():
    data = b"name,,serves\nBeta,,x\nAcme,LOST DATA,kept\n"
    with pytest.raises(
        ImportFileError, match=r"Line 1: column 2 has no name, but line 3 holds a value in it"
    ):
        _read(data)
    xlsx = _xlsx_bytes([["name", None, "serves"], ["Beta", None, "x"], ["Acme", "LOST", "kept"]])
    with pytest.raises(ImportFileError, match=r"column 2 has no name, but line 3 holds"):
        _read(xlsx, "c.xlsx")


def test_columns_with_no_name_and_no_values_are_ignored():
    data = b"name,,serves,,\nAcme,,kept,,\nBeta,,x\n"
    assert _read(data) == (
        ["name", "", "serves"],
        [(2, ["Acme", "", "kept", "", ""]), (3, ["Beta", "", "x"])],
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("name,,serves\nAcme,LOST DATA,kept\n", "column 2 has no name"),
        ("name,external_id,serves,Serves\nAcme,A-1,x,y\n", "appears twice"),
        ('name,serves\nAlpha,"starts a quote\nBeta,x\nGamma,y\n', "never closed"),
    ],
)
def test_the_command_refuses_such_files_and_imports_nothing(tmp_path, text, said):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from rapport.customers.models import Customer

    path = tmp_path / "customers.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match=said):
        call_command(
            "import_data",
            "customers",
            str(path),
            "--commit",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert not Customer.objects.exists()


def test_an_xlsx_formula_with_no_saved_value_is_refused_by_line_and_column():
    data = _xlsx_bytes(
        [["name", "external_id"], ["Acme", "A-1"], ["Beta", '=CONCATENATE("F","-1")']]
    )
    with pytest.raises(ImportFileError) as caught:
        _read(data, "c.xlsx")
    message = str(caught.value)
    assert message.startswith("Line 3, column “external_id” (cell B3): The cell is a formula")
    assert "with no saved value" in message and "save it" in message


@pytest.mark.parametrize("error", ["#N/A", "#REF!", "#DIV/0!"])
def test_an_xlsx_error_cell_is_refused_by_line_and_column(error):
    data = _xlsx_bytes([["name", "serves"], ["Acme", "x"], ["Beta", "y"], ["Gamma", error]])
    with pytest.raises(
        ImportFileError,
        match=rf"Line 4, column “serves” \(cell B4\): The cell holds the error {error}",
    ):
        _read(data, "c.xlsx")


def test_xlsx_values_dates_gaps_and_saved_formula_values_still_read():
    import datetime as dt

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Since", "Score"])
    sheet.append(["Acme", dt.date(2025, 3, 1), 4.0])
    sheet["A5"] = "Beta"
    sheet["C5"] = 7
    buffer = io.BytesIO()
    workbook.save(buffer)
    header, rows = _read(buffer.getvalue(), "c.xlsx")
    assert header == ["name", "since", "score"]
    assert rows == [(2, ["Acme", "2025-03-01", "4"]), (5, ["Beta", "", "7"])]
    # A formula whose value the spreadsheet saved is read as that value.
    saved = _rewrite(
        buffer.getvalue(),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(
            b'<c r="C5" t="n"><v>7</v></c>', b'<c r="C5"><f>3+4</f><v>7</v></c>'
        ).replace(  # and a formula whose saved result is empty text, as Excel writes it
            b'<c r="C5"', b'<c r="B5" t="str"><f>""</f><v></v></c><c r="C5"'
        ),
    )
    assert b"<f>3+4</f>" in zipfile.ZipFile(io.BytesIO(saved)).read("xl/worksheets/sheet1.xml")
    assert b'<f>""</f>' in zipfile.ZipFile(io.BytesIO(saved)).read("xl/worksheets/sheet1.xml")
    assert _read(saved, "c.xlsx")[1][1] == (5, ["Beta", "", "7"])


def _workbook(*sheets, active=0) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, state, rows in sheets:
        sheet = workbook.create_sheet(title)
        sheet.sheet_state = state
        for row in rows:
            sheet.append(row)
    workbook.active = active
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


OLD = [["name"], ["Old customer"]]
NEW = [["name"], ["New customer"]]


def test_the_active_sheet_is_read_when_visible_else_the_first_visible_one():
    visible_active = _workbook(("Old", "visible", OLD), ("New", "visible", NEW), active=1)
    assert _read(visible_active, "c.xlsx")[1] == [(2, ["New customer"])]
    hidden_first = _workbook(("Old", "hidden", OLD), ("New", "visible", NEW), active=0)
    assert _read(hidden_first, "c.xlsx")[1] == [(2, ["New customer"])]
    very_hidden = _workbook(
        ("Old", "veryHidden", OLD), ("Other", "hidden", OLD), ("New", "visible", NEW), active=1
    )
    assert _read(very_hidden, "c.xlsx")[1] == [(2, ["New customer"])]


def test_an_empty_sheet_is_named():
    data = _workbook(("Old", "hidden", OLD), ("Customers", "visible", []), active=1)
    with pytest.raises(ImportFileError, match="The sheet “Customers” is empty: it needs a header"):
        _read(data, "c.xlsx")


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"name,serves,Serves\nAcme,x,y\n", "appears twice"),
        (b"name;serves\nAcme;x\n", "semicolons"),
        (b"", "empty"),
    ],
)
def test_counting_the_rows_refuses_a_bad_header_before_a_large_file_is_queued(data, said):
    with pytest.raises(ImportFileError, match=said):
        TableSource(filename="f.csv", data=data).count_rows()


def test_counting_the_rows_of_a_good_file():
    data = b"name,serves\nAcme,x\n\nBeta,y\n"
    assert TableSource(filename="f.csv", data=data).count_rows() == 2


def test_xlsx_numbers_and_truth_values_read_as_the_sheet_shows_them():
    """An id kept with leading zeros by a "00000" format reads "00123", as the sheet shows it
    (and as the system it came from writes it), not 123; TRUE and FALSE as written; other
    formats (a thousands separator, two decimals, a percentage) keep the value."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["external_id", "active", "count", "price", "share", "plain"])
    sheet.append([123, True, 1234, 12.5, 0.25, 42])
    sheet.append([98765, False, 7, 3, 1, 0])
    for row in (2, 3):
        sheet.cell(row, 1).number_format = "00000"
        sheet.cell(row, 3).number_format = "#,##0"
        sheet.cell(row, 4).number_format = "0.00"
        sheet.cell(row, 5).number_format = "0%"
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert _read(buffer.getvalue(), "c.xlsx")[1] == [
        (2, ["00123", "TRUE", "1234", "12.5", "0.25", "42"]),
        (3, ["98765", "FALSE", "7", "3", "1", "0"]),
    ]
