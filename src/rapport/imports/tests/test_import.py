"""Importing customers and stakeholders: good files, bad files (nothing changes, every bad line
listed), re-imports that update instead of duplicating, CSV and XLSX, command and upload page."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from rapport.audit.models import AuditEntry
from rapport.customers.models import Customer, Stakeholder
from rapport.imports.cells import Column
from rapport.imports.framework import Importer, Outcome, read_rows
from rapport.imports.registry import get_importer, kinds, register

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[1] / "samples"

CUSTOMERS = (
    "name,external_id,priorities,preferred_channel,language,vocabulary\n"
    "Retail Banking,BU-RB,Speed;Fewer complaints,meeting,en,time to yes\n"
    "Group Finance,,Close in five days,email,de,\n"
)


def _run(kind, path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_data", kind, str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _xlsx(tmp_path, name, rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def test_dry_run_changes_nothing_and_commit_applies(tmp_path):
    path = _write(tmp_path, "customers.csv", CUSTOMERS)
    out, _ = _run("customers", path)
    assert "would give 2 created, 0 updated, 0 unchanged" in out
    assert not Customer.objects.exists()
    out, _ = _run("customers", path, "--commit")
    assert "2 created, 0 updated, 0 unchanged" in out
    retail = Customer.objects.get(external_id="BU-RB")
    assert retail.priorities == ["Speed", "Fewer complaints"] and retail.vocabulary == [
        "time to yes"
    ]
    # The import is one audit entry with its counts and the file's hash, not one per row.
    entry = AuditEntry.objects.get()
    assert entry.action == "imports.file.imported"
    assert entry.changes == {
        "kind": "customers",
        "file": "customers.csv",
        "sha256": hashlib.sha256(CUSTOMERS.encode()).hexdigest(),
        "rows": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
    }


def test_second_identical_run_changes_nothing_and_changes_update(tmp_path):
    path = _write(tmp_path, "customers.csv", CUSTOMERS)
    _run("customers", path, "--commit")
    entries = AuditEntry.objects.count()
    out, _ = _run("customers", path, "--commit")
    assert "0 created, 0 updated, 2 unchanged" in out
    assert AuditEntry.objects.count() == entries
    # Renamed by external id; matched by name, case-insensitive, when there is none.
    changed = CUSTOMERS.replace("Retail Banking,BU-RB", "Retail & Private Banking,BU-RB").replace(
        "Group Finance,,Close in five days,email,de", "GROUP FINANCE,,Close in four days,email,de"
    )
    out, _ = _run("customers", _write(tmp_path, "again.csv", changed), "--commit")
    assert "0 created, 2 updated, 0 unchanged" in out
    assert Customer.objects.count() == 2
    assert Customer.objects.get(external_id="BU-RB").name == "Retail & Private Banking"
    finance = Customer.objects.get(name__iexact="group finance")
    assert finance.priorities == ["Close in four days"] and finance.name == "GROUP FINANCE"


def test_lists_compare_as_stored_on_a_re_import(tmp_path):
    """Priorities and vocabulary (JSON in the database) with accents, quotes and a list edited
    in the console: an identical file is unchanged, a changed list is an update."""
    text = 'name,priorities,vocabulary\nQualité,"Délais;""Zéro"" défaut",\nSpeed,,a;b\n'
    path = _write(tmp_path, "customers.csv", text)
    _run("customers", path, "--commit")
    assert Customer.objects.get(name="Qualité").priorities == ["Délais", '"Zéro" défaut']
    out, _ = _run("customers", path, "--commit")
    assert "0 created, 0 updated, 2 unchanged" in out
    Customer.objects.filter(name="Speed").update(vocabulary=["a", "b", "c"])
    out, _ = _run("customers", path, "--commit")
    assert "0 created, 1 updated, 1 unchanged" in out
    assert Customer.objects.get(name="Speed").vocabulary == ["a", "b"]


def test_bad_rows_change_nothing_and_every_bad_line_is_listed(tmp_path, customer):
    text = (
        "email,name,customer,role,language,power,interest,engagement_current\n"
        "ok@x.test,Good Person,Retail Banking,Head,en,5,4,neutral\n"
        "bad1@x.test,Bad Power,Retail Banking,,en,9,4,neutral\n"
        ",No Email,Retail Banking,,en,3,3,neutral\n"
        "bad3@x.test,Nowhere,Atlantis,,xx,3,3,sleepy\n"
    )
    with pytest.raises(CommandError, match="nothing was changed") as exc:
        _run("stakeholders", _write(tmp_path, "people.csv", text), "--commit")
    assert not Stakeholder.objects.exists()
    assert "problem" in str(exc.value)


def test_errors_carry_line_column_and_reason(tmp_path, customer):
    text = (
        "email,name,customer,language,power,engagement_current\n"
        "ok@x.test,Good Person,Retail Banking,en,5,neutral\n"
        "bad1@x.test,Bad Power,Retail Banking,en,9,neutral\n"
        ",No Email,Retail Banking,en,3,neutral\n"
        "\n"
        "bad3@x.test,Nowhere,Atlantis,xx,3,sleepy\n"
    )
    header, rows = read_rows(text.encode(), "people.csv")
    result = get_importer("stakeholders")(by=None).run(header, rows, commit=True)
    errors = {(e.line, e.column) for e in result.errors}
    assert errors == {
        (3, "power"),
        (4, "email"),
        (6, "language"),
        (6, "engagement_current"),
        (6, "customer"),  # reported in the same pass as the line's bad cells
    }, result.errors
    assert not result.committed and not Stakeholder.objects.exists()
    # Rows whose cells parse still meet the database checks: an unknown customer is an error.
    fixed = (
        text.replace(",xx,3,sleepy", ",en,3,neutral")
        .replace(",9,", ",2,")
        .replace(",No Email,", "none@x.test,No Email,")
    )
    header, rows = read_rows(fixed.encode(), "people.csv")
    result = get_importer("stakeholders")(by=None).run(header, rows, commit=True)
    assert [(e.line, e.column) for e in result.errors] == [(6, "customer")]
    assert "Unknown customer “Atlantis”" in result.errors[0].reason


def test_missing_and_unknown_columns_are_reported_on_line_1(tmp_path):
    with pytest.raises(CommandError):
        _run("stakeholders", _write(tmp_path, "p.csv", "name,colour\nAnn,red\n"))
    header, rows = read_rows(b"name,colour\nAnn,red\n", "p.csv")
    result = get_importer("stakeholders")(by=None).run(header, rows)
    assert {(e.line, e.column) for e in result.errors} == {
        (1, "email"),
        (1, "customer"),
        (1, "colour"),
    }


def test_stakeholders_from_xlsx_then_the_same_rows_from_csv_with_bom(tmp_path, customer):
    rows = [
        ["email", "name", "customer", "role", "language", "power", "interest"],
        ["Ann@X.test", "Ann Lee", "retail banking", "Head", "English", 5, 2],
        ["bo@x.test", "Bo Chan", "Retail Banking", "Analyst", "fr", 2, 5],
    ]
    out, _ = _run("stakeholders", _xlsx(tmp_path, "people.xlsx", rows), "--commit")
    assert "2 created, 0 updated, 0 unchanged" in out
    ann = Stakeholder.objects.get(email="ann@x.test")
    assert (ann.customer, ann.language, ann.power, ann.interest) == (customer, "en", 5, 2)
    csv_text = "\n".join(",".join(str(c) for c in row) for row in rows) + "\n"
    out, _ = _run("stakeholders", _write(tmp_path, "people.csv", csv_text, "utf-8-sig"), "--commit")
    assert "0 created, 0 updated, 2 unchanged" in out
    assert Stakeholder.objects.count() == 2


def test_a_stakeholder_cannot_move_customer_by_import(tmp_path, customer, other_customer):
    Stakeholder.objects.create(customer=other_customer, name="Ann", email="ann@x.test")
    header, rows = read_rows(b"email,name,customer\nann@x.test,Ann,Retail Banking\n", "p.csv")
    result = get_importer("stakeholders")(by=None).run(header, rows, commit=True)
    assert result.errors[0].line == 2 and "already a stakeholder of Group Finance" in str(
        result.errors[0]
    )


def test_unreadable_files_are_refused_clearly(tmp_path):
    with pytest.raises(CommandError, match="UTF-8"):
        _run("customers", _write(tmp_path, "latin.csv", "name\nZürich\n", "latin-1"))
    with pytest.raises(CommandError, match=r"CSV .* or Excel"):
        _run("customers", _write(tmp_path, "c.json", "{}"))
    with pytest.raises(CommandError, match="not a readable XLSX"):
        _run("customers", _write(tmp_path, "c.xlsx", "not a zip"))
    with pytest.raises(CommandError, match="Unknown import kind"):
        _run("planets", _write(tmp_path, "c.csv", "name\n"))


def test_the_committed_samples_import_cleanly_twice():
    out, _ = _run("customers", SAMPLES / "customers.csv", "--commit")
    assert "3 created" in out
    out, _ = _run("stakeholders", SAMPLES / "stakeholders.xlsx", "--commit")
    assert "4 created" in out
    out, _ = _run("stakeholders", SAMPLES / "stakeholders.csv", "--commit")
    assert "0 created, 0 updated, 4 unchanged" in out


def test_long_files_report_progress(tmp_path, customer):
    lines = ["email,name,customer"] + [f"p{i}@x.test,P {i},Retail Banking" for i in range(450)]
    _, err = _run("stakeholders", _write(tmp_path, "many.csv", "\n".join(lines)))
    assert "200/450 rows checked" in err and "450/450 rows checked (100%)" in err


def test_other_apps_can_register_a_kind():
    @register
    class PlanetImporter(Importer):
        kind = "test-planets"
        label = "Planets"
        columns = (Column("name", required=True),)

        def apply_row(self, values, present):
            return Outcome.CREATED

    try:
        assert get_importer("test-planets") is PlanetImporter
        assert {"customers", "stakeholders", "test-planets"} <= {k.kind for k in kinds()}
        header, rows = read_rows(b"name\nMars\nVenus\n", "p.csv")
        assert PlanetImporter(by=None).run(header, rows, commit=True).created == 2
        with pytest.raises(ValueError):
            register(type("Clash", (Importer,), {"kind": "test-planets"}))
    finally:
        from rapport.imports import registry

        registry._IMPORTERS.pop("test-planets", None)


def test_a_set_based_import_checks_and_writes_with_the_collector_paused():
    import gc

    seen = []

    class MoonImporter(Importer):
        kind = "test-moons"
        bulk = True
        columns = (Column("name", required=True),)

        def stage_row(self, line, values, present):
            seen.append(("stage", gc.isenabled()))
            return Outcome.CREATED

        def write(self, result):
            seen.append(("write", gc.isenabled()))

        def after_commit(self, result):
            seen.append(("after", gc.isenabled()))

    assert gc.isenabled()
    header, rows = read_rows(b"name\nPhobos\n", "m.csv")
    assert MoonImporter(by=None).run(header, rows, commit=True).committed
    assert seen == [("stage", False), ("write", False), ("after", True)]
    assert gc.isenabled()
    header, rows = read_rows(b"name\nPhobos\n\n", "m.csv")
    seen.clear()
    assert not MoonImporter(by=None).run(header, rows).committed  # a dry run
    assert seen == [("stage", False)] and gc.isenabled()


def _upload(client, kind, name, content, commit):
    data = {"kind": kind, "file": SimpleUploadedFile(name, content)}
    if commit:
        data["commit"] = "on"
    return client.post("/imports/", data)


def test_upload_page_uses_the_same_importers(client, bob, customer):
    client.force_login(bob)
    bad = _upload(client, "stakeholders", "p.csv", b"email,name,customer\n,Ann,Nowhere\n", True)
    page = bad.content.decode()
    assert "nothing was changed" in page and "<td>2</td>" in page
    assert not Stakeholder.objects.exists()
    good = b"email,name,customer\nann@x.test,Ann,Retail Banking\n"
    assert (
        "Dry run: would give 1 created"
        in _upload(client, "stakeholders", "p.csv", good, False).content.decode()
    )
    assert (
        "Imported: 1 created"
        in _upload(client, "stakeholders", "p.csv", good, True).content.decode()
    )
    again = _upload(client, "stakeholders", "p.csv", good, True).content.decode()
    assert "0 created, 0 updated, 1 unchanged" in again
    entry = AuditEntry.objects.get(action="imports.file.imported", actor=bob)
    assert (entry.changes["kind"], entry.changes["created"]) == ("stakeholders", 1)


def test_upload_page_documents_the_columns(client, alice):
    client.force_login(alice)
    page = client.get("/imports/").content.decode()
    assert "<h3>Stakeholders</h3>" in page and "<code>engagement_desired</code>" in page
    assert "Used to match." in page


@pytest.mark.parametrize("who", ["carol", "erin"])
def test_upload_page_is_for_pmo_roles(client, users, who):
    client.force_login(users[who])
    assert client.get("/imports/").status_code == 403
    assert _upload(client, "customers", "c.csv", b"name\nX\n", True).status_code == 403
    assert not Customer.objects.exists()


def test_upload_page_intro_names_every_kind_it_offers(client, alice):
    client.force_login(alice)
    html = client.get("/imports/").content.decode()
    assert (
        "Load customers, delivery-status history, projects, review history or stakeholders "
        "from a spreadsheet."
    ) in html
    for k in kinds():
        assert f'value="{k.kind}"' in html
